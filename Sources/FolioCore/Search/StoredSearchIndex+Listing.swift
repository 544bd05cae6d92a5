import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `folio search` prints of a paper, stored with the index so that it can answer without loading the
/// library: each paper's arXiv id, title, normalised title (its marks' keys) and newest upvotes; its last day is
/// the index's own. Two arrays after the index's: where each paper's record starts in the second, and the
/// records; then one byte, 1 when the library had no problem to report (else the command loads it, to say them).
extension StoredSearchIndex {
    /// The records of `library`'s papers, in order, for `write`.
    static func listingArrays(of library: Library) -> (starts: [UInt32], records: [UInt8], problemFree: [UInt8]) {
        var records = CacheBytesWriter()
        var starts: [UInt32] = [0]
        starts.reserveCapacity(library.papers.count + 1)
        library.papers.withUnsafeBufferPointer { papers in
            for index in papers.indices {
                records.append(papers[index].arxivID)
                records.append(papers[index].title)
                records.append(papers[index].normalizedTitle)
                records.append(papers[index].upvotes)
                starts.append(UInt32(records.bytes.count))
            }
        }
        return (starts, records.bytes, [library.problems.isEmpty ? 1 : 0])
    }

    /// The stored index with its papers' records, when it was stored for these very files (`stampsDigest`) from
    /// a library without problems; nil otherwise, or when anything in it is damaged. What `folio search` answers
    /// from without loading the library: the files being those the library was made from, it is that library's.
    public func readWithListing(stampsDigest: UInt64) -> (index: SearchIndex, listing: Listing)? {
        guard let (descriptor, header) = openHeader(), header.validity.stampsDigest == stampsDigest else {
            return nil
        }
        defer { close(descriptor) }
        let extents = header.arrays
        guard let parts = Self.readArrays(descriptor, extents),
            parts.isSound(paperCount: header.validity.paperCount, termCount: header.termCount),
            let starts: [UInt32] = Self.read(descriptor, extents[10]),
            let records: [UInt8] = Self.read(descriptor, extents[11]),
            let problemFree: [UInt8] = Self.read(descriptor, extents[12]), problemFree == [1],
            SearchIndex.Builder.Parts.isStartArray(starts, entries: header.validity.paperCount, ending: records.count)
        else { return nil }
        return (SearchIndex(parts), Listing(starts: starts, records: records, lastSeen: parts.lastSeen))
    }

    /// The records of a stored index's papers.
    public struct Listing: Sendable {
        let starts: [UInt32]
        let records: [UInt8]
        let lastSeen: [Int32]

        /// A library of the papers `ids` alone, in that order (paper i is `ids[i]`), made from their records:
        /// each with its arXiv id, title, normalised title and one appearance on its last day with its newest
        /// upvotes, which is all `folio search` prints and keys marks by. Nil when an id or a record is unsound.
        public func library(of ids: [PaperID]) -> Library? {
            var papers: [Paper] = []
            papers.reserveCapacity(ids.count)
            for (position, id) in ids.enumerated() {
                guard id >= 0, id < lastSeen.count else { return nil }
                let range = Int(starts[id])..<Int(starts[id + 1])
                let paper = records.withUnsafeBytes { bytes -> Paper? in
                    var reader = CacheBytesReader(UnsafeRawBufferPointer(rebasing: bytes[range]))
                    let ordinal = Int(lastSeen[id])
                    guard let arxivID = reader.optionalText(), let title = reader.text(),
                        let normalizedTitle = reader.text(), let upvotes = reader.optionalInt(), reader.isAtEnd,
                        !reader.failed
                    else { return nil }
                    let day = DayDate(year: ordinal / 10_000, month: ordinal / 100 % 100, day: ordinal % 100)
                    return Paper(
                        id: position, arxivID: arxivID, title: title, normalizedTitle: normalizedTitle, abstract: "",
                        authorCount: nil, published: nil, publishedText: nil,
                        appearances: [Appearance(day: day, upvotes: upvotes, digest: 0, line: 0, position: 0)],
                        record: nil, titleHash: IdentityHash.hash(normalizedTitle))
                }
                guard let paper else { return nil }
                papers.append(paper)
            }
            return Library(papers: papers, days: [], digests: [], problems: [])
        }
    }
}
