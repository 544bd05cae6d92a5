import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

/// The search index stored beside the library cache: read back, it is the index a build makes, array for array;
/// it is used only for the library and files it was written for, and a damaged, cut or doctored file is never
/// used (and never crashes the reader).
@Suite("Stored search index")
struct StoredSearchIndexTests {
    /// A folder of digests, the library a load of it makes, the files stamped before that load, and where its
    /// index is stored.
    struct Setup {
        var folder: URL
        var library: Library
        var loaded: LoadedFiles
        var stored: StoredSearchIndex
        var validity: StoredSearchIndex.Validity { StoredSearchIndex.Validity(loaded: loaded, library: library) }
    }

    func setup(_ root: URL, cycles: Int = 0) throws -> Setup {
        let folder = root.appendingPathComponent("digests")
        if cycles > 0 {
            try RepeatedCorpus.write(cycles: cycles, into: folder)
        } else {
            try FileManager.default.copyItem(at: Fixtures.corpus, to: folder)
        }
        let loaded = try #require(StoredSearchIndex.listing(paths: [folder.path]))
        let library = DigestLoader.load(paths: [folder.path])
        let xdg = XDGPaths(environment: [
            "XDG_CACHE_HOME": root.appendingPathComponent("cache").path, "HOME": root.path,
        ])
        return Setup(
            folder: folder, library: library, loaded: loaded,
            stored: StoredSearchIndex(forPaths: [folder.path], xdg: xdg))
    }

    /// Every array of the two indexes, equal.
    func expectSameIndex(_ read: SearchIndex?, _ built: SearchIndex, _ comment: Comment) {
        guard let read else {
            Issue.record("no index read: \(comment)")
            return
        }
        #expect(read.paperCount == built.paperCount && read.termCount == built.termCount, comment)
        #expect(read.termBytes == built.termBytes && read.termOffsets == built.termOffsets, comment)
        #expect(read.postingStart == built.postingStart && read.postingPapers == built.postingPapers, comment)
        #expect(
            read.termPositionStart == built.termPositionStart && read.positionCounts == built.positionCounts, comment)
        #expect(read.positions == built.positions && read.lastSeen == built.lastSeen, comment)
        #expect(read.titleLengths == built.titleLengths && read.abstractLengths == built.abstractLengths, comment)
        #expect(read.averageTitleLength == built.averageTitleLength, comment)
        #expect(read.averageAbstractLength == built.averageAbstractLength, comment)
    }

    @Test("Written and read back: the index a build makes, and the same answers", arguments: [0, 3])
    func roundTrip(cycles: Int) throws {
        try TemporaryFolder.with("folio-stored-index") { root in
            let setup = try setup(root, cycles: cycles)
            let built = SearchIndex(library: setup.library)
            #expect(setup.stored.read(validFor: setup.validity) == nil, "nothing stored yet")
            #expect(setup.stored.write(built, of: setup.library, validFor: setup.validity) == nil)
            #expect(setup.stored.path.hasSuffix(".index"))
            #expect(FileManager.default.fileExists(atPath: setup.stored.path))
            let read = setup.stored.read(validFor: setup.validity)
            expectSameIndex(read, built, "\(cycles) cycles")
            // The answers of the one-pass search, which the built index is the oracle of.
            for text in SearchQueries.shapes {
                let query = SearchQuery(parsing: text, lastWordIsPrefix: false)
                let (expected, total) = StreamingSearch(query).search(in: setup.library, limit: 50)
                #expect(read?.search(query, limit: 50) == expected, "\(text)")
                #expect(read?.count(query) == total, "\(text)")
            }
        }
    }

    @Test("Beside the library cache, named as it is")
    func besideTheCache() {
        let xdg = XDGPaths(environment: ["XDG_CACHE_HOME": "/tmp/xdg-cache"])
        let cache = LibraryCache(forPaths: ["/some/digests"], xdg: xdg)
        let stored = StoredSearchIndex(forPaths: ["/some/digests"], xdg: xdg)
        #expect((stored.path as NSString).deletingPathExtension == (cache.path as NSString).deletingPathExtension)
        #expect(stored.path != cache.path)
    }

    @Test("Not used for other files or another library: a changed stamp, a new file, other papers")
    func validOnlyForItsLibrary() throws {
        try TemporaryFolder.with("folio-stored-index") { root in
            let setup = try setup(root)
            #expect(
                setup.stored.write(SearchIndex(library: setup.library), of: setup.library, validFor: setup.validity)
                    == nil)
            #expect(setup.stored.read(validFor: setup.validity) != nil)

            // A file's time changed: the files are not those the index was made from.
            let file = try #require(Fixtures.files(in: setup.folder).first)
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1e9)], ofItemAtPath: file.path)
            let touched = try #require(StoredSearchIndex.listing(paths: [setup.folder.path]))
            #expect(StoredSearchIndex.Validity(loaded: touched, library: setup.library) != setup.validity)
            #expect(
                setup.stored.read(validFor: StoredSearchIndex.Validity(loaded: touched, library: setup.library)) == nil)

            // The same files, another library (one paper fewer; papers in another order; one title changed).
            let papers = setup.library.papers
            var reordered = papers
            reordered.swapAt(0, 1)
            var retitled = papers
            retitled[2].title += " and more"
            for (name, other) in [
                ("fewer", Array(papers.dropLast())), ("reordered", reordered), ("retitled", retitled),
            ] {
                let library = Library(papers: other, days: [], digests: [], problems: [])
                let validity = StoredSearchIndex.Validity(loaded: setup.loaded, library: library)
                #expect(validity != setup.validity, "\(name)")
                #expect(setup.stored.read(validFor: validity) == nil, "\(name)")
            }
        }
    }

    @Test("A flipped byte anywhere, or a file cut short at any length, is never used")
    func damaged() throws {
        try TemporaryFolder.with("folio-stored-index") { root in
            let setup = try setup(root)
            let built = SearchIndex(library: setup.library)
            #expect(setup.stored.write(built, of: setup.library, validFor: setup.validity) == nil)
            let written = Fixtures.bytes(URL(fileURLWithPath: setup.stored.path))
            let url = URL(fileURLWithPath: setup.stored.path)
            // Every byte of the header, then bytes spread over the arrays.
            let step = max(1, written.count / 500)
            let positions =
                Array(0..<StoredSearchIndex.Header.size) + Array(stride(from: 0, to: written.count, by: step))
            for position in positions {
                var damaged = written
                damaged[position] ^= 0x5A
                try Data(damaged).write(to: url)
                let read = setup.stored.read(validFor: setup.validity)
                // Padding between arrays is outside every checksum: flipping it leaves the index sound and right.
                if let read { expectSameIndex(read, built, "byte \(position) flipped") }
                if position < StoredSearchIndex.Header.size { #expect(read == nil, "header byte \(position) flipped") }
                // With the listing, what is read is right, or nothing is.
                if let (index, listing) = setup.stored.readWithListing(stampsDigest: setup.validity.stampsDigest) {
                    expectSameIndex(index, built, "byte \(position) flipped, with the listing")
                    expectListing(listing, of: setup.library, "byte \(position) flipped")
                }
            }
            for length in Array(0..<StoredSearchIndex.Header.size + 8)
                + Array(stride(from: 0, to: written.count, by: step))
            {
                try Data(written.prefix(length)).write(to: url)
                #expect(setup.stored.read(validFor: setup.validity) == nil, "cut at \(length)")
                #expect(
                    setup.stored.readWithListing(stampsDigest: setup.validity.stampsDigest) == nil, "cut at \(length)")
            }
            // Whole again, it is read again.
            try Data(written).write(to: url)
            expectSameIndex(setup.stored.read(validFor: setup.validity), built, "rewritten whole")
        }
    }

    @Test("Arrays whose checksums hold but which do not hold together are never used")
    func unsound() throws {
        try TemporaryFolder.with("folio-stored-index") { root in
            let setup = try setup(root)
            let good = SearchIndex.Builder(papers: setup.library.papers).build()
            // Each a different way out of bounds or out of order, written with its checksums right.
            let lastPosting = good.postingPapers.count - 1
            let termCount = good.termOffsets.count - 1
            let shared = try #require((0..<termCount).first { good.postingStart[$0 + 1] - good.postingStart[$0] >= 2 })
            let firstOfShared = Int(good.postingStart[shared])
            let doctored: [(String, (inout SearchIndex.Builder.Parts) -> Void)] = [
                ("a paper past the last", { $0.postingPapers[lastPosting] = UInt32(setup.library.papers.count) }),
                ("papers out of order", { $0.postingPapers.swapAt(firstOfShared, firstOfShared + 1) }),
                ("a term offset past the bytes", { $0.termOffsets[$0.termOffsets.count - 1] += 1 }),
                ("terms out of order", { $0.termBytes[0] = 0xFF }),
                ("a posting start going back", { $0.postingStart[1] = $0.postingStart[2] + 1 }),
                ("more positions than the counts say", { $0.positionCounts[0] &+= 1 }),
                ("a position start past the positions", { $0.termPositionStart[$0.termPositionStart.count - 1] += 1 }),
                ("a paper's length missing", { $0.titleLengths.removeLast() }),
                ("a day missing", { $0.lastSeen.removeLast() }),
            ]
            for (name, change) in doctored {
                var parts = good
                change(&parts)
                #expect(!parts.isSound(paperCount: setup.library.papers.count, termCount: termCount), "\(name)")
                #expect(
                    setup.stored.write(SearchIndex(parts), of: setup.library, validFor: setup.validity) == nil,
                    "\(name)")
                #expect(setup.stored.read(validFor: setup.validity) == nil, "\(name)")
            }
            #expect(good.isSound(paperCount: setup.library.papers.count, termCount: termCount))
        }
    }

    @Test("The indexes' build reads a valid stored index, and says when it built one to be stored")
    func buildReadsOrBuilds() throws {
        try TemporaryFolder.with("folio-stored-index") { root in
            let setup = try setup(root)
            let built = SearchIndex(library: setup.library)
            func build() -> (LibraryIndexes, handedOver: SearchIndex?, LibraryIndexes.SearchIndexSource?) {
                var handedOver: SearchIndex?
                var source: LibraryIndexes.SearchIndexSource?
                let indexes = LibraryIndexes.build(
                    library: setup.library, definitions: TopicCatalog.builtIn, discover: false, stored: setup.stored,
                    validity: setup.validity
                ) { search, _, from in (handedOver, source) = (search, from) }
                return (indexes, handedOver, source)
            }
            let reference = LibraryIndexes.build(
                library: setup.library, definitions: TopicCatalog.builtIn, discover: false)

            // Nothing stored: built (and handed over before the topics are returned), to be stored.
            let first = build()
            #expect(first.2 == .built)
            #expect(first.handedOver === first.0.search)
            expectSameIndex(first.0.search, built, "built")
            #expect(setup.stored.write(first.0.search, of: setup.library, validFor: setup.validity) == nil)
            // Stored: read, the same topics as a build without a stored index finds.
            let second = build()
            #expect(second.2 == .stored)
            expectSameIndex(second.0.search, built, "read")
            #expect(second.0.topics.topics == reference.topics.topics)
            #expect(second.0.facts.upvotes == reference.facts.upvotes)
            #expect(second.0.facts.lastSeen == reference.facts.lastSeen)

            // Damaged: built again.
            var damaged = Fixtures.bytes(URL(fileURLWithPath: setup.stored.path))
            damaged[StoredSearchIndex.Header.size + 1] ^= 1  // in the first array, the terms' bytes
            try Data(damaged).write(to: URL(fileURLWithPath: setup.stored.path))
            let third = build()
            #expect(third.2 == .built)
            expectSameIndex(third.0.search, built, "built after damage")
        }
    }

    /// The listing's papers, each as `folio search` prints it and keys its marks, equal to the library's.
    func expectListing(_ listing: StoredSearchIndex.Listing, of library: Library, _ comment: Comment) {
        let ids = Array(library.papers.indices.reversed())
        guard let listed = listing.library(of: ids) else {
            Issue.record("no listing: \(comment)")
            return
        }
        for (position, id) in ids.enumerated() {
            let paper = listed.papers[position], original = library.papers[id]
            #expect(paper.title == original.title && paper.key == original.key, comment)
            #expect(paper.markKeys == original.markKeys && paper.titleHash == original.titleHash, comment)
            #expect(paper.lastSeen == original.lastSeen && paper.upvotes == original.upvotes, comment)
        }
    }

    @Test("The listing: read for the files it was stored for, from a library without problems, and only then")
    func listing() throws {
        try TemporaryFolder.with("folio-stored-index") { root in
            let setup = try setup(root, cycles: 2)
            let built = SearchIndex(library: setup.library)
            #expect(setup.stored.write(built, of: setup.library, validFor: setup.validity) == nil)
            let (index, listing) = try #require(setup.stored.readWithListing(stampsDigest: setup.validity.stampsDigest))
            expectSameIndex(index, built, "with the listing")
            expectListing(listing, of: setup.library, "as written")
            #expect(listing.library(of: [setup.library.papers.count]) == nil, "a paper past the last")
            #expect(setup.stored.readWithListing(stampsDigest: setup.validity.stampsDigest &+ 1) == nil)

            // A library with a problem: the listing is not used (the command loads the files, to report it).
            let troubled = Library(
                papers: setup.library.papers, days: [], digests: [],
                problems: [Diagnostic(file: "x.txt", line: 1, message: "broken")])
            #expect(setup.stored.write(built, of: troubled, validFor: setup.validity) == nil)
            #expect(setup.stored.read(validFor: setup.validity) != nil)
            #expect(setup.stored.readWithListing(stampsDigest: setup.validity.stampsDigest) == nil)
        }
    }
}
