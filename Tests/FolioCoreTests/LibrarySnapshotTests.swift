import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

#if canImport(Glibc)
    import Glibc
#endif

/// The cache's snapshot of the whole library against the oracle, a load without any cache: used only while the
/// files (and the folders' listing) are exactly those it was made from, and then the very library they make;
/// damaged or stale, never used, and the load is still the oracle's.
@Suite("Library snapshot: the whole library from the cache")
struct LibrarySnapshotTests {
    /// `paths`, their cache in `root`, and loads with it and without.
    struct Folder {
        let paths: [String]
        let cache: LibraryCache

        init(paths: [String], root: URL) {
            self.paths = paths
            cache = LibraryCache(path: root.appendingPathComponent("cache/library.cache").path)
        }

        func cachedLoad() -> (Library, DigestLoader.Timings) {
            var timings = DigestLoader.Timings()
            let library = DigestLoader.load(paths: paths, cache: cache, timings: &timings)
            return (library, timings)
        }

        func oracle() -> Library { DigestLoader.load(paths: paths) }

        /// As the reader writes it: after a load through the cache, with the library that load made.
        @discardableResult func writeCache() -> LibraryCache.RefreshReport {
            let (library, timings) = cachedLoad()
            return cache.refresh(paths: paths, firstFrame: (library, timings.loadedFiles!))
        }

        /// Writes the cache, then loads through it: the snapshot must be used and be the oracle.
        func expectSnapshotUsed(_ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(writeCache().failure == nil, "\(context)", sourceLocation: sourceLocation)
            let (library, timings) = cachedLoad()
            #expect(timings.fromSnapshot, "\(context): the snapshot was not used", sourceLocation: sourceLocation)
            #expect(!timings.cacheIsStale, "\(context)", sourceLocation: sourceLocation)
            let oracle = oracle()
            expectSameLibrary(library, oracle, context, sourceLocation: sourceLocation)
            // What `folio check` reads of it, without a paper decoded.
            #expect(
                DigestLoader.snapshotCounts(paths: paths, cache: cache) == LibraryCounts(oracle), "\(context)",
                sourceLocation: sourceLocation)
        }

        func expectSnapshotNotUsed(_ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let (library, timings) = cachedLoad()
            #expect(!timings.fromSnapshot, "\(context): the snapshot was used", sourceLocation: sourceLocation)
            #expect(timings.cacheIsStale, "\(context): the cache is written again", sourceLocation: sourceLocation)
            expectSameLibrary(library, oracle(), context, sourceLocation: sourceLocation)
            #expect(DigestLoader.snapshotCounts(paths: paths, cache: cache) == nil, "\(context)")
        }

        var cacheBytes: [UInt8] {
            get { Fixtures.bytes(URL(fileURLWithPath: cache.path)) }
            nonmutating set { try! Data(newValue).write(to: URL(fileURLWithPath: cache.path)) }
        }

        var snapshotRange: Range<Int> {
            let header = cacheBytes.withUnsafeBytes { try! LibraryCache.Header.read($0).get() }
            return Int(header.snapshotOffset)..<Int(header.snapshotOffset + header.snapshotLength)
        }
    }

    @Test("A current snapshot is the library a load without the cache makes: fixtures, samples, repeated days")
    func currentSnapshot() throws {
        try TemporaryFolder.with("folio-snapshot") { root in
            let setup = try LibraryCacheTests.Setup(root: root)
            let corpus = Folder(paths: [setup.digests], root: root.appendingPathComponent("corpus"))
            corpus.expectSnapshotUsed("fixtures with broken files")
            let oracle = corpus.oracle()
            #expect(!oracle.problems.isEmpty && oracle.papers.contains { $0.record != nil })
            #expect(oracle.papers.count > 2 * LibraryCache.papersPerSnapshotChunk(paperCount: oracle.papers.count))

            let samples = try Fixtures.copySamples(into: root)
            Folder(paths: [samples.path], root: root.appendingPathComponent("samples-cache"))
                .expectSnapshotUsed("the bundled samples")

            let repeated = root.appendingPathComponent("repeated")
            try RepeatedCorpus.write(cycles: 3, into: repeated)
            // A file of another kind: its note is part of the library the snapshot holds.
            try Data("not a digest".utf8).write(to: repeated.appendingPathComponent("notes.pdf"))
            let repeatedFolder = Folder(paths: [repeated.path], root: root.appendingPathComponent("repeated-cache"))
            repeatedFolder.expectSnapshotUsed("repeated days")
            #expect(!repeatedFolder.oracle().notes.isEmpty)

            // Several paths, one of them missing: its problem is the listing's, recorded with the snapshot.
            Folder(
                paths: [setup.digests, root.appendingPathComponent("missing").path, Fixtures.pageSample.path],
                root: root.appendingPathComponent("several")
            ).expectSnapshotUsed("several paths, one missing")
        }
    }

    @Test("A flipped byte anywhere in the snapshot: not used, the load is the files'")
    func damagedSnapshot() throws {
        try TemporaryFolder.with("folio-snapshot") { root in
            let setup = try LibraryCacheTests.Setup(root: root)
            let folder = Folder(paths: [setup.digests], root: root)
            folder.writeCache()
            let pristine = folder.cacheBytes
            let range = folder.snapshotRange
            // Every byte of the index, then positions spread over the head and the chunks.
            let positions =
                Array(range.lowerBound..<range.lowerBound + 64)
                + stride(from: range.lowerBound + 64, to: range.upperBound, by: max(1, range.count / 97)).map { $0 }
                + [range.upperBound - 1]
            let oracle = folder.oracle()
            for position in positions {
                var damaged = pristine
                damaged[position] ^= 0x04
                folder.cacheBytes = damaged
                let (library, timings) = folder.cachedLoad()
                #expect(!timings.fromSnapshot, "byte \(position) flipped: the snapshot was used")
                #expect(timings.cacheIsStale, "byte \(position) flipped")
                // Every file's section is sound: the library is theirs, joined again.
                #expect(timings.cachedFiles == setup.files.count, "byte \(position) flipped")
                expectSameLibrary(library, oracle, "byte \(position) flipped")
                // The counts need the index and the head only: a flip in a chunk leaves them, and they are right.
                if let counts = DigestLoader.snapshotCounts(paths: folder.paths, cache: folder.cache) {
                    #expect(counts == LibraryCounts(oracle), "byte \(position) flipped")
                }
            }
        }
    }

    @Test("A file changed, added or removed, or a file of another kind added: not used until written again")
    func staleSnapshot() throws {
        try TemporaryFolder.with("folio-snapshot") { root in
            let setup = try LibraryCacheTests.Setup(root: root)
            let folder = Folder(paths: [setup.digests], root: root)
            folder.expectSnapshotUsed("written")
            let files = setup.files
            // The same bytes, one nanosecond later.
            var status = stat()
            stat(files[2], &status)
            var times = [status.st_atim, status.st_mtim]
            times[1].tv_nsec = (times[1].tv_nsec + 1) % 1_000_000_000
            #expect(utimensat(AT_FDCWD, files[2], times, 0) == 0)
            folder.expectSnapshotNotUsed("a file's time changed")
            folder.expectSnapshotUsed("written again after a file's time changed")

            try FileManager.default.copyItem(
                atPath: Fixtures.pageSample.path, toPath: setup.digests + "/2026-02-01.txt")
            folder.expectSnapshotNotUsed("a file added")
            folder.expectSnapshotUsed("written again after a file was added")
            #expect(folder.oracle().days.last?.date.iso == "2026-02-01")

            try FileManager.default.removeItem(atPath: files[0])
            folder.expectSnapshotNotUsed("a file removed")
            folder.expectSnapshotUsed("written again after a file was removed")

            try Data("%PDF".utf8).write(to: URL(fileURLWithPath: setup.digests + "/paper.pdf"))
            folder.expectSnapshotNotUsed("a file of another kind added: a new note")
            folder.expectSnapshotUsed("written again after a file of another kind was added")
        }
    }

    @Test("Standard input among the paths: never answered from the snapshot")
    func standardInput() throws {
        try TemporaryFolder.with("folio-snapshot") { root in
            let setup = try LibraryCacheTests.Setup(root: root)
            let folder = Folder(paths: [setup.digests], root: root)
            folder.writeCache()
            let paths = [setup.digests, "-"]
            let input = { Fixtures.bytes(Fixtures.compactSample) }
            var timings = DigestLoader.Timings()
            let library = DigestLoader.load(paths: paths, cache: folder.cache, standardInput: input, timings: &timings)
            #expect(!timings.fromSnapshot)
            expectSameLibrary(library, DigestLoader.load(paths: paths, standardInput: input), "with standard input")
        }
    }

    @Test("The writer copies the sections the load made as it parsed: the same cache, no file parsed twice")
    func parsedSectionsReused() throws {
        try TemporaryFolder.with("folio-snapshot") { root in
            let setup = try LibraryCacheTests.Setup(root: root)
            let files = setup.files
            var timings = DigestLoader.Timings()
            let library = DigestLoader.load(
                paths: [setup.digests], cache: setup.cache, keepingParses: true, timings: &timings)
            let parsed = try #require(timings.parsedSections)
            #expect(parsed.count == files.count)
            let report = setup.cache.refresh(files: files, firstFrame: (library, timings.loadedFiles!), parsed: parsed)
            #expect(report.reused == files.count && report.parsed == 0 && report.failure == nil)
            // The reference: the same library's cache written by parsing every file again.
            let reference = LibraryCache(path: root.appendingPathComponent("reference/library.cache").path)
            #expect(reference.refresh(files: files, firstFrame: (library, timings.loadedFiles!)).parsed == files.count)
            #expect(
                Fixtures.bytes(URL(fileURLWithPath: setup.cache.path))
                    == Fixtures.bytes(URL(fileURLWithPath: reference.path)))
            let (warm, warmTimings) = setup.cachedLoad()
            #expect(warmTimings.fromSnapshot)
            expectSameLibrary(warm, setup.oracle(), "written from the load's sections")

            // A file changed after the load: its section is not the file's any more, so it is parsed.
            let changed = try #require(files.last { $0.hasSuffix(".txt") })
            let handle = try #require(FileHandle(forWritingAtPath: changed))
            handle.seekToEndOfFile()
            handle.write(Data("\n".utf8))
            handle.closeFile()
            let again = LibraryCache(path: root.appendingPathComponent("again/library.cache").path)
            let later = again.refresh(files: files, firstFrame: (library, timings.loadedFiles!), parsed: parsed)
            #expect(later.reused == files.count - 1 && later.parsed == 1)

            // Without `keepingParses` a load writes nothing: no sections, no file beside the cache.
            var readOnly = DigestLoader.Timings()
            let folder = root.appendingPathComponent("read-only")
            _ = DigestLoader.load(
                paths: [setup.digests], cache: LibraryCache(path: folder.appendingPathComponent("library.cache").path),
                timings: &readOnly)
            #expect(readOnly.parsedSections == nil)
            #expect(!FileManager.default.fileExists(atPath: folder.path))
        }
    }

    @Test("A record's text in the cache is the one its fields make, as the site's JSON gives them")
    func recordText() throws {
        let records = Fixtures.corpusLibrary().papers.compactMap(\.record)
        #expect(records.count > 10)
        for record in records + [PaperRecord.make(), PaperRecord.make(organization: "Lab", keywords: ["a", "b"])] {
            // The reference: the fields read through the record's own accessors, joined as `make(text:)` takes them.
            var expected: [UInt8] = []
            func items(_ items: [String]) { expected += Array(items.joined(separator: "\u{1F}").utf8) }
            items(record.authors)
            for field in [record.organization, record.siteSummary] { expected += [0x1E] + Array((field ?? "").utf8) }
            expected.append(0x1E)
            items(record.keywords)
            for field in [record.githubRepository, record.projectPage] {
                expected += [0x1E] + Array((field ?? "").utf8)
            }
            expected.append(0x1E)
            var given: [UInt8] = []
            record.appendGivenText(to: &given)
            #expect(given == expected)
            let remade = given.withUnsafeBufferPointer {
                PaperRecord.make(
                    text: $0, hiddenAuthorCount: record.hiddenAuthorCount, githubStars: record.githubStars,
                    commentCount: record.commentCount)
            }
            #expect(remade == record)
        }
    }
}
