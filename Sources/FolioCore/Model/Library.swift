import CPlatform
import Foundation

/// The loaded digests, one day each, holding one day's papers.
public struct Day: Sendable, Hashable {
    public var date: DayDate
    /// The day's papers in digest order, each once.
    public var papers: [PaperID]
    /// Indices into `Library.digests`.
    public var digests: [Int]
}

/// What is kept of a parsed digest once its entries became papers.
public struct DigestSummary: Sendable, Hashable {
    public var source: String
    public var shape: DigestShape
    public var date: DayDate
    public var entryCount: Int

    public var displayName: String { source.split(separator: "/").last.map(String.init) ?? source }
}

/// Every loaded paper, each once however many digests list it, and the days they were listed on.
public struct Library: Sendable {
    public private(set) var papers: [Paper] = []
    /// Oldest first.
    public private(set) var days: [Day] = []
    public private(set) var digests: [DigestSummary] = []
    /// Every problem met while loading, in file order.
    public var problems: [Diagnostic] = []
    /// Things worth saying that are no problems, such as files skipped in a folder for their extension.
    public var notes: [String] = []
    public var fileCount = 0
    /// False for a first frame joined from the newest day's files alone: its papers' earlier listings, and every
    /// other file's digests and problems, come with the whole library that replaces it.
    public var knowsEarlierDays = true

    public var entryCount: Int { digests.reduce(0) { $0 + $1.entryCount } }
    public var today: DayDate? { days.last?.date }

    public init() {}

    /// Builds papers from digests: the arXiv id joins entries when known, else the normalised title, and a
    /// title match also joins a paper known by id to its text appearances.
    public init(digests: [Digest], problems: [Diagnostic] = []) {
        var digests = digests
        self = LibraryBuilder.build(&digests, problems: problems)
    }

    /// The parts a `LibraryBuilder` made.
    init(papers: [Paper], days: [Day], digests: [DigestSummary], problems: [Diagnostic]) {
        self.papers = papers
        self.days = days
        self.digests = digests
        self.problems = problems
    }

    /// `IdentityHash` of an arXiv id, the same for ids that are equal as Strings (canonically equivalent).
    static func idHash(_ id: String) -> UInt64 {
        id.utf8.allSatisfy { $0 < 0x80 }
            ? IdentityHash.hash(id) : IdentityHash.hash(id.precomposedStringWithCanonicalMapping)
    }

    /// The opening words of a full abstract. A paper renamed between arXiv versions keeps its abstract's opening,
    /// so this joins it to its earlier title. Short abstracts (one-line summaries) are too alike to join on.
    static func abstractFingerprint(_ abstract: String?) -> String? {
        guard var abstract else { return nil }
        return abstract.withUTF8 { bytes in withFingerprint(of: bytes) { String(decoding: $0, as: UTF8.self) } }
    }

    /// `IdentityHash` of the abstract's fingerprint, made while parsing.
    static func abstractFingerprintHash(_ abstract: String) -> UInt64? {
        var abstract = abstract
        return abstract.withUTF8 { bytes in withFingerprint(of: bytes, IdentityHash.hash) }
    }

    /// Whether `known` has the fingerprint of `fingerprinted`, an abstract known to have one (its hash was made).
    /// The fingerprint is made from an abstract's first 160 bytes alone, so when those are equal (the same paper
    /// listed again) nothing is folded; else both are folded into buffers on the stack. No String either way.
    static func sameFingerprint(_ known: String, asOneWith fingerprinted: String) -> Bool {
        var known = known
        var fingerprinted = fingerprinted
        return known.withUTF8 { known in
            fingerprinted.withUTF8 { fingerprinted in
                guard known.count >= 400, fingerprinted.count >= 400 else { return false }
                if memcmp(known.baseAddress!, fingerprinted.baseAddress!, 160) == 0 { return true }
                return withFingerprint(of: known) { one in
                    withFingerprint(of: fingerprinted) { other in
                        one.count == other.count && memcmp(one.baseAddress!, other.baseAddress!, one.count) == 0
                    } ?? false
                } ?? false
            }
        }
    }

    /// Calls `body` with the fingerprint's bytes: the words of the first 160 bytes of an abstract of at least
    /// 400, letters lower-cased, joined by single spaces, the last (maybe cut) word left out; nil when it has
    /// fewer than 12 words. Every paper loaded needs one: folded sixteen bytes a step (`folio_fold_fingerprint`).
    private static func withFingerprint<Result>(
        of utf8: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result? {
        guard utf8.count >= 400, let input = utf8.baseAddress else { return nil }
        // 160 bytes, and room for the sixteen-byte stores past the end.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 176) { buffer -> Result? in
            var words = 0
            let length = folio_fold_fingerprint(input, buffer.baseAddress!, &words)
            guard words >= 12 else { return nil }
            return body(UnsafeBufferPointer(start: buffer.baseAddress!, count: length))
        }
    }

    public func day(_ date: DayDate) -> Day? { days.first { $0.date == date } }

    /// The paper whose `key` this is (`arxiv:ID` or `title:normalized title`). Compares the ids or, where the
    /// title's hash from the join agrees, the titles: no key String is made per paper (100,000 took 20 ms).
    public func paper(forKey key: String) -> PaperID? {
        if key.hasPrefix(Paper.arxivKeyPrefix) {
            let id = key.dropFirst(Paper.arxivKeyPrefix.count)
            // Fields read in place: the closure's `$0` would be a copy of each paper.
            return papers.withUnsafeBufferPointer { papers in
                papers.indices.first { index in
                    (papers.baseAddress! + index).pointee.arxivID.map { Substring($0) == id } ?? false
                }
            }
        }
        guard key.hasPrefix(Paper.titleKeyPrefix) else { return nil }
        let title = String(key.dropFirst(Paper.titleKeyPrefix.count))
        let hash = IdentityHash.hash(title)
        // By title: the paper's key is its title key only while no arXiv id is known.
        return papers.withUnsafeBufferPointer { papers in
            papers.indices.first { index in
                let paper = papers.baseAddress! + index
                return paper.pointee.titleHash == hash && paper.pointee.arxivID == nil
                    && paper.pointee.normalizedTitle == title
            }
        }
    }
    public func digest(of appearance: Appearance) -> DigestSummary { digests[appearance.digest] }
}

extension Paper {
    /// A new paper from its first entry, whose text moves in, left empty in the entry. Swapped out and consumed,
    /// so that no string is retained here and released with the entry: that touches each string's memory,
    /// long out of every cache by the time papers are joined.
    init(id: PaperID, taking entry: inout DigestEntry, appearance: Appearance) {
        var arxivID: String?, title = "", normalizedTitle = "", abstract = "", publishedText: String?
        swap(&arxivID, &entry.arxivID)
        swap(&title, &entry.title)
        swap(&normalizedTitle, &entry.normalizedTitle)
        swap(&abstract, &entry.abstract)
        swap(&publishedText, &entry.publishedText)
        self.init(
            id: id, arxivID: consume arxivID, title: consume title, normalizedTitle: consume normalizedTitle,
            abstract: consume abstract, authorCount: entry.authorCount, published: entry.published,
            publishedText: consume publishedText, appearances: [appearance], record: entry.record,
            titleHash: entry.titleHash)
    }
}

extension DigestEntry {
    mutating func computeIdentityKeys() {
        idHash = arxivID.map(Library.idHash)
        normalizedTitle = TextFolding.normalizedTitle(title)
        titleHash = IdentityHash.hash(normalizedTitle)
        fingerprintHash = Library.abstractFingerprintHash(abstract)
    }
}
