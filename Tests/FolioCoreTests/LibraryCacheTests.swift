import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

#if canImport(Glibc)
    import Glibc
#endif

/// The library cache against the oracle, a load without it: whatever was done to the cache or the files, the
/// library is the one the files make (same papers, days, digests, problems), and a damaged section is never used.
@Suite("Library cache: used when sound, ignored when not")
struct LibraryCacheTests {
    /// A folder of digests in every shape, with a broken file among them (its problems are cached too), and
    /// the cache of it in a folder of its own.
    struct Setup {
        let root: URL
        var digests: String { root.appendingPathComponent("digests").path }
        var cache: LibraryCache { LibraryCache(path: root.appendingPathComponent("cache/library.cache").path) }

        init(root: URL) throws {
            self.root = root
            let folder = root.appendingPathComponent("digests")
            try FileManager.default.copyItem(at: Fixtures.corpus, to: folder)
            try FileManager.default.copyItem(
                at: Fixtures.apiItem, to: folder.appendingPathComponent("2026-01-02.json"))
            try Data("[{\"paper\": {\"id\": \"1\", \"title\": \"Cut\"".utf8)
                .write(to: folder.appendingPathComponent("2026-01-03.json"))
            try Data([0x54, 0x69, 0xFF, 0x0A, 0x0A]).write(to: folder.appendingPathComponent("2026-01-04.txt"))
        }

        var files: [String] { DigestLoader.filesInFolder(digests).files }

        /// A load through the cache, and what it said of the cache.
        func cachedLoad() -> (Library, DigestLoader.Timings) {
            var timings = DigestLoader.Timings()
            let library = DigestLoader.load(paths: [digests], cache: cache, timings: &timings)
            return (library, timings)
        }

        func oracle() -> Library { DigestLoader.load(paths: [digests]) }

        /// Writes the cache as the reader does after a load: with the first frame of the library that load made.
        @discardableResult func writeCache() -> LibraryCache.RefreshReport {
            var timings = DigestLoader.Timings()
            let library = DigestLoader.load(paths: [digests], cache: cache, timings: &timings)
            return cache.refresh(files: files, firstFrame: (library, timings.loadedFiles!))
        }

        func firstFrame() -> Library? { DigestLoader.firstFrame(paths: [digests], cache: cache) }

        var cacheBytes: [UInt8] {
            get { Fixtures.bytes(URL(fileURLWithPath: cache.path)) }
            nonmutating set { try! Data(newValue).write(to: URL(fileURLWithPath: cache.path)) }
        }
    }

    static func withSetup(_ body: (Setup) throws -> Void) throws {
        try TemporaryFolder.with("folio-cache") { try body(try Setup(root: $0)) }
    }

    @Test("A warm load reads every file from the cache and makes the library a cold load makes")
    func warmEqualsCold() throws {
        try Self.withSetup { setup in
            let (cold, coldReport) = setup.cachedLoad()
            #expect(coldReport.cachedFiles == 0)
            #expect(coldReport.cacheIsStale)
            let written = setup.writeCache()
            #expect(written.failure == nil)
            #expect(written.parsed == setup.files.count)
            expectFirstFrame(try #require(setup.firstFrame()), of: setup.oracle())
            #expect(setup.firstFrame() != nil ? true : false)
            let (warm, warmReport) = setup.cachedLoad()
            #expect(warmReport.cachedFiles == setup.files.count)
            #expect(warmReport.parsedFiles == 0)
            #expect(!warmReport.cacheIsStale)
            let oracle = setup.oracle()
            expectSameLibrary(cold, oracle)
            expectSameLibrary(warm, oracle)
            #expect(!oracle.problems.isEmpty, "the broken files' problems are part of what is compared")
            #expect(oracle.papers.contains { $0.record != nil }, "so are the site's records")
            // Writing again keeps every section as it was.
            let again = setup.writeCache()
            #expect(again.kept == setup.files.count)
            #expect(again.parsed == 0)
        }
    }

    @Test("A flipped byte anywhere in the cache is never shown: the library is the files'")
    func flippedBytes() throws {
        try Self.withSetup { setup in
            setup.writeCache()
            let pristine = setup.cacheBytes
            let oracle = setup.oracle()
            // Every byte of the header and the table's last bytes, then positions spread over the sections.
            let positions =
                Array(0..<LibraryCache.headerSize) + Array(pristine.count - 16..<pristine.count)
                + stride(from: LibraryCache.headerSize, to: pristine.count, by: max(1, pristine.count / 61)).map {
                    $0
                }
            let header = try #require(pristine.withUnsafeBytes { try? LibraryCache.Header.read($0).get() })
            let snapshot = Int(header.snapshotOffset)..<Int(header.snapshotOffset + header.snapshotLength)
            let front = Int(header.frontOffset)..<Int(header.frontOffset + header.frontLength)
            let sections = LibraryCache.headerSize..<front.lowerBound
            for position in positions {
                var damaged = pristine
                damaged[position] ^= 0x10
                setup.cacheBytes = damaged
                let (library, report) = setup.cachedLoad()
                expectSameLibrary(library, oracle, "byte \(position) flipped")
                // The first frame has a checksum of its own: a flip elsewhere leaves it sound, and then it is right.
                if let firstFrame = setup.firstFrame() {
                    #expect(position >= LibraryCache.headerSize, "byte \(position) flipped: a first frame was read")
                    expectFirstFrame(firstFrame, of: oracle)
                }
                // So has the snapshot: a flip in a section, the first frame or the table leaves it sound, and the
                // load is it (a section is checked again when its file changes, or when the cache is written).
                if position >= LibraryCache.headerSize, !snapshot.contains(position) {
                    #expect(report.fromSnapshot, "byte \(position) flipped: the snapshot was not used")
                    continue
                }
                #expect(!report.fromSnapshot, "byte \(position) flipped: the snapshot was used")
                #expect(report.cacheIsStale, "byte \(position) flipped: the cache is written again")
                if !snapshot.contains(position) {
                    #expect(report.cachedFiles < setup.files.count, "byte \(position) flipped: its section was used")
                }
            }
            #expect(positions.contains { snapshot.contains($0) } && positions.contains { sections.contains($0) })
        }
    }

    @Test("A cache cut short at any length is ignored, in part or whole")
    func truncated() throws {
        try Self.withSetup { setup in
            setup.writeCache()
            let pristine = setup.cacheBytes
            let oracle = setup.oracle()
            let lengths =
                [0, 1, 7, LibraryCache.headerSize - 1, LibraryCache.headerSize]
                + stride(from: LibraryCache.headerSize + 1, to: pristine.count, by: max(1, pristine.count / 31)).map {
                    $0
                } + [pristine.count - 1]
            for length in lengths {
                setup.cacheBytes = Array(pristine.prefix(length))
                let (library, report) = setup.cachedLoad()
                expectSameLibrary(library, oracle, "cut to \(length) bytes")
                #expect(setup.firstFrame() == nil ? true : false, "cut to \(length) bytes: a first frame was read")
                #expect(report.cacheIsStale)
                // The table is last: a cut anywhere loses it, and with it every section.
                #expect(report.cachedFiles == 0, "cut to \(length) bytes")
            }
        }
    }

    @Test("A file whose time, size or presence changed is parsed again; the others come from the cache")
    func changedFiles() throws {
        try Self.withSetup { setup in
            setup.writeCache()
            let files = setup.files
            let total = files.count
            // The same bytes, one nanosecond later.
            var times = [timespec](repeating: timespec(), count: 2)
            var status = stat()
            stat(files[0], &status)
            times[0] = status.st_atim
            times[1] = status.st_mtim
            times[1].tv_nsec = (times[1].tv_nsec + 1) % 1_000_000_000
            #expect(utimensat(AT_FDCWD, files[0], times, 0) == 0)
            #expect(setup.firstFrame() == nil ? true : false, "a file's time changed")
            var (library, report) = setup.cachedLoad()
            #expect(report.cachedFiles == total - 1)
            expectSameLibrary(library, setup.oracle(), "a file's time changed")

            // Another paper at the end of a page digest: a new size (and time).
            let page = try #require(
                files.dropFirst().first {
                    $0.hasSuffix(".txt") && Fixtures.text(URL(fileURLWithPath: $0)).contains("•")
                })
            let handle = try #require(FileHandle(forWritingAtPath: page))
            handle.seekToEndOfFile()
            handle.write(Data("\n\nA Paper Added Later\n\nIts abstract.\n\n  • 2 authors\n·\nDec 1 3\n".utf8))
            handle.closeFile()
            (library, report) = setup.cachedLoad()
            #expect(report.cachedFiles == total - 2)
            let oracle = setup.oracle()
            expectSameLibrary(library, oracle, "a file grew")
            #expect(library.papers.contains { $0.title == "A Paper Added Later" })

            // Written again: only the two changed files are parsed.
            let rewritten = setup.writeCache()
            #expect(rewritten.parsed == 2)
            #expect(rewritten.kept == total - 2)
            expectFirstFrame(try #require(setup.firstFrame()), of: oracle)

            try FileManager.default.removeItem(atPath: files[1])
            #expect(setup.firstFrame() == nil ? true : false, "a file removed")
            (library, report) = setup.cachedLoad()
            #expect(report.cachedFiles == total - 1)
            #expect(report.cacheIsStale, "the cache still holds the removed file")
            expectSameLibrary(library, setup.oracle(), "a file removed")

            let added = setup.digests + "/2026-02-01.txt"
            try FileManager.default.copyItem(atPath: Fixtures.pageSample.path, toPath: added)
            #expect(setup.firstFrame() == nil ? true : false, "a file added")
            (library, report) = setup.cachedLoad()
            #expect(report.cachedFiles == total - 1)
            expectSameLibrary(library, setup.oracle(), "a file added")
        }
    }

    @Test("A cache of another format or parser version is not read")
    func otherVersion() throws {
        try Self.withSetup { setup in
            setup.writeCache()
            let pristine = setup.cacheBytes
            // The format's version (offset 8), then the parsers' (offset 12), raised by one, the header's checksum
            // made right again: only the version tells this cache apart.
            for offset in [8, 12] {
                var other = pristine
                other[offset] &+= 1
                let checksum = CacheChecksum.of(Array(other[0..<LibraryCache.headerSize - 8]))
                withUnsafeBytes(of: checksum.littleEndian) { raw in
                    for (index, byte) in raw.enumerated() { other[LibraryCache.headerSize - 8 + index] = byte }
                }
                setup.cacheBytes = other
                if case .failure(let rejection) = setup.cache.open() {
                    #expect(rejection == .otherVersion)
                } else {
                    Issue.record("a cache of another version was opened")
                }
                let (library, report) = setup.cachedLoad()
                #expect(report.cachedFiles == 0)
                expectSameLibrary(library, setup.oracle(), "version at \(offset) changed")
            }
            // An older folio's cache, whose header was laid out otherwise (its checksum elsewhere): older, not
            // damaged, as `folio doctor` says.
            var older = pristine
            withUnsafeBytes(of: (LibraryCache.formatVersion - 1).littleEndian) { raw in
                for (index, byte) in raw.enumerated() { older[8 + index] = byte }
            }
            setup.cacheBytes = older
            if case .failure(let rejection) = setup.cache.open() {
                #expect(rejection == .otherVersion)
            } else {
                Issue.record("an older cache was opened")
            }
            #expect(setup.cache.state(paths: [setup.digests]).contains("of another folio version"))
        }
    }

    @Test("A cache that cannot be read or written changes nothing but the time taken")
    func unusableCacheFolder() throws {
        try Self.withSetup { setup in
            // The cache's path is a folder: it cannot be mapped, nor renamed over.
            try FileManager.default.createDirectory(atPath: setup.cache.path, withIntermediateDirectories: true)
            var (library, report) = setup.cachedLoad()
            #expect(report.cachedFiles == 0)
            expectSameLibrary(library, setup.oracle(), "cache path is a folder")
            #expect(setup.writeCache().failure != nil)
            // Its folder is a file: nothing can be made in it.
            let blocked = LibraryCache(path: setup.root.appendingPathComponent("file/library.cache").path)
            try Data("not a folder".utf8).write(to: setup.root.appendingPathComponent("file"))
            #expect(blocked.refresh(files: setup.files).failure != nil)
            var timings = DigestLoader.Timings()
            library = DigestLoader.load(paths: [setup.digests], cache: blocked, timings: &timings)
            report = timings
            #expect(report.cachedFiles == 0)
            expectSameLibrary(library, setup.oracle(), "cache folder is a file")
        }
    }

    @Test("The cache's name follows the opened paths, under XDG_CACHE_HOME")
    func location() {
        let xdg = XDGPaths(environment: ["HOME": "/home/reader", "XDG_CACHE_HOME": "/var/cache/reader"])
        let one = LibraryCache(forPaths: ["/a/digests"], xdg: xdg)
        #expect(one.path.hasPrefix("/var/cache/reader/folio/library-"))
        #expect(one.path == LibraryCache(forPaths: ["/a/digests/"], xdg: xdg).path)
        #expect(one.path != LibraryCache(forPaths: ["/b/digests"], xdg: xdg).path)
        let relative = XDGPaths(environment: ["HOME": "/home/reader", "XDG_CACHE_HOME": "cache"])
        #expect(LibraryCache(forPaths: ["/a"], xdg: relative).path.hasPrefix("/home/reader/.cache/folio/"))
        #expect(LibraryCache.disabled(environment: ["FOLIO_NO_CACHE": "1"]))
        #expect(!LibraryCache.disabled(environment: ["FOLIO_NO_CACHE": "0"]))
        #expect(!LibraryCache.disabled(environment: [:]))
    }
}

/// The first frame read from the cache is the newest day of the whole library: its papers whole (keys, every
/// appearance, records), in the library's order; every digest, problem and note; the counts.
func expectFirstFrame(_ firstFrame: Library, of whole: Library, sourceLocation: SourceLocation = #_sourceLocation) {
    let newest = whole.days.last!
    let expected = newest.papers.sorted().map { describe(whole.papers[$0], id: false) }
    #expect(firstFrame.papers.map { describe($0, id: false) } == expected, sourceLocation: sourceLocation)
    #expect(firstFrame.papers.map(\.record) == newest.papers.sorted().map { whole.papers[$0].record })
    #expect(firstFrame.days.map(\.date) == [newest.date], sourceLocation: sourceLocation)
    #expect(firstFrame.days.first?.digests == newest.digests, sourceLocation: sourceLocation)
    #expect(firstFrame.digests == whole.digests, sourceLocation: sourceLocation)
    #expect(firstFrame.problems == whole.problems, sourceLocation: sourceLocation)
    #expect(firstFrame.notes == whole.notes, sourceLocation: sourceLocation)
    #expect(firstFrame.fileCount == whole.fileCount, sourceLocation: sourceLocation)
    #expect(firstFrame.entryCount == whole.entryCount, sourceLocation: sourceLocation)
}

func describe(_ paper: Paper, id: Bool = true) -> String {
    let record = paper.record.map { record in
        "\(record.authors) \(record.hiddenAuthorCount) \(record.organization ?? "-") "
            + "\(record.siteSummary ?? "-") \(record.keywords) \(record.githubRepository ?? "-") "
            + "\(record.githubStars ?? -1) \(record.projectPage ?? "-") \(record.commentCount ?? -1)"
    }
    return [
        id ? "\(paper.id)" : "", paper.key, paper.title, paper.normalizedTitle, paper.abstract,
        "\(paper.authorCount ?? -1)", paper.published?.iso ?? "-", paper.publishedText ?? "-",
        "\(paper.appearances)", "\(paper.titleHash)", record ?? "-",
    ].joined(separator: " | ")
}

/// Every field of every paper, day, digest and problem, in order.
func expectSameLibrary(
    _ library: Library, _ oracle: Library, _ context: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
    func described(_ library: Library) -> [String] {
        library.papers.map { describe($0) }
            + library.days.map { "\($0)" } + library.digests.map { "\($0)" }
            + library.problems.map(\.description) + library.notes
            + ["\(library.fileCount) files", "knows earlier days: \(library.knowsEarlierDays)"]
    }
    let (mine, theirs) = (described(library), described(oracle))
    #expect(mine.count == theirs.count, "\(context)", sourceLocation: sourceLocation)
    let first = zip(mine, theirs).first { $0 != $1 }
    #expect(
        first == nil, "\(context): first difference \(first.map { "\($0.0)\n  oracle: \($0.1)" } ?? "")",
        sourceLocation: sourceLocation)
    #expect(library.papers.map(\.record) == oracle.papers.map(\.record), "\(context)", sourceLocation: sourceLocation)
}
