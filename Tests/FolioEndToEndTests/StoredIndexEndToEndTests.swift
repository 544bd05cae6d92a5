import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

/// The search index the reader stores beside its cache, through the real binary: the reader writes it and reads
/// it again at the next start (a damaged one is built and stored again, never used), and `folio search` answers
/// from it with exactly the output it gives without it.
@Suite("Stored search index end to end", .serialized)
struct StoredIndexEndToEndTests {
    var folio: String { FolioBinary.url.path }

    static func storedIndexes(in cacheHome: URL) -> [URL] {
        Fixtures.files(in: cacheHome.appendingPathComponent("folio")).filter { $0.pathExtension == "index" }
    }

    /// Until the reader stored an index, and its bytes then.
    static func waitForIndex(in cacheHome: URL, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8]? {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let index = storedIndexes(in: cacheHome).first { return Fixtures.bytes(index) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("no search index was stored", sourceLocation: sourceLocation)
        return nil
    }

    /// Starts the reader on `digests`, searches for `query` and returns the pane's results line ("12 results")
    /// once it shows, with the session still running.
    func startAndSearch(_ digests: URL, cacheHome: URL, query: String) throws -> (String, TmuxSession) {
        let session = try TmuxSession(
            "\(folio) \(digests.path)", width: 120, height: 40, environment: ["XDG_CACHE_HOME": cacheHome.path])
        _ = try session.waitForText("(latest)")
        try session.send("/")
        _ = try session.waitFor("the search line") { lines in lines.contains { $0.hasPrefix("/") } }
        try session.type(query)
        let screen = try session.waitFor("results") { lines in
            lines.contains { $0.hasPrefix("/\(query)") && $0.contains("result") && !$0.contains("indexing") }
        }
        // Back to the list, where q quits (once the Escape is read alone, not as Alt with the next key).
        try session.send("Escape")
        _ = try session.waitFor("the list") { lines in !lines.contains { $0.hasPrefix("/\(query)") } }
        return (screen.first { $0.hasPrefix("/\(query)") } ?? "", session)
    }

    @Test("The reader stores its index, reads it at the next start, and builds and stores a damaged one again")
    func readerStoresAndReads() throws {
        try TemporaryFolder.with("folio-stored-index-e2e") { root in
            let digests = root.appendingPathComponent("digests")
            try FileManager.default.copyItem(at: Fixtures.corpus, to: digests)
            let cacheHome = root.appendingPathComponent("cache")
            let query = "language model"
            // The first start of a library this small loads it whole, writes the cache, and stores the index it
            // builds for the files that load read; the second, drawn from the cache, loads the library again
            // behind its first frame and reads that index.
            let (cold, first) = try startAndSearch(digests, cacheHome: cacheHome, query: query)
            _ = try #require(CacheEndToEndTests.waitForCache(in: cacheHome))
            let stored = try #require(Self.waitForIndex(in: cacheHome))
            try first.quit()
            let index = try #require(Self.storedIndexes(in: cacheHome).first)
            let written = try FileManager.default.attributesOfItem(atPath: index.path)[.modificationDate] as? Date
            let (second, secondSession) = try startAndSearch(digests, cacheHome: cacheHome, query: query)
            _ = try CacheEndToEndTests.settled(secondSession)
            try secondSession.quit()
            #expect(second == cold)
            #expect(Fixtures.bytes(index) == stored, "the first start's index, read at the second")

            // Read, not built again: the same results, the file left as it was.
            let (third, thirdSession) = try startAndSearch(digests, cacheHome: cacheHome, query: query)
            _ = try CacheEndToEndTests.settled(thirdSession)
            try thirdSession.quit()
            #expect(third == cold)
            #expect(Fixtures.bytes(index) == stored)
            #expect(try FileManager.default.attributesOfItem(atPath: index.path)[.modificationDate] as? Date == written)

            // Damaged: never used; built and stored again, the same bytes as before.
            var damaged = stored
            for position in damaged.count / 2..<damaged.count { damaged[position] = 0 }
            try Data(damaged).write(to: index)
            let (afterDamage, fourthSession) = try startAndSearch(digests, cacheHome: cacheHome, query: query)
            #expect(afterDamage == cold)
            let deadline = Date().addingTimeInterval(30)
            while Fixtures.bytes(index) == damaged, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            try fourthSession.quit()
            #expect(Fixtures.bytes(index) == stored, "stored again whole")

            // `folio doctor` says where it is and whether it is current; a digest touched, and it is not.
            func doctor() throws -> String {
                try FolioBinary.run(["doctor", digests.path], environment: ["XDG_CACHE_HOME": cacheHome.path]).stdout
            }
            let current = try doctor()
            #expect(current.contains(index.path) && current.contains("current: search works"), "\(current)")
            let unused = try FolioBinary.run(
                ["doctor", "--no-cache", digests.path], environment: ["XDG_CACHE_HOME": cacheHome.path]
            ).stdout
            #expect(unused.contains("\(index.path) (not used: --no-cache)"), "\(unused)")
            // Damaged past its header (the second half zeroed): a start builds it again, and doctor says so.
            try Data(damaged).write(to: index)
            #expect(try doctor().contains("damaged: built and stored again"))
            try Data(stored).write(to: index)
            let file = try #require(Fixtures.files(in: digests).first)
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1e9)], ofItemAtPath: file.path)
            #expect(try doctor().contains("some digests changed since: built and stored again"))
            var badHeader = stored
            for position in 0..<16 { badHeader[position] = 0 }
            try Data(badHeader).write(to: index)
            #expect(try doctor().contains("damaged or of another folio version"))
            try FileManager.default.removeItem(at: index)
            #expect(try doctor().contains("not yet written"))
        }
    }

    /// `folio search`'s whole answer: standard output, standard error, exit status.
    func search(_ arguments: [String], cacheHome: URL, noCache: Bool = false) throws -> [String] {
        var environment = ["XDG_CACHE_HOME": cacheHome.path]
        if noCache { environment["FOLIO_NO_CACHE"] = "1" }
        let result = try FolioBinary.run(["search"] + arguments, environment: environment)
        return [result.stdout, result.stderr, "\(result.status)"]
    }

    @Test("folio search answers from a valid stored index, with the output it gives without one")
    func searchFromStoredIndex() throws {
        try TemporaryFolder.with("folio-stored-index-e2e") { root in
            let digests = root.appendingPathComponent("digests")
            try RepeatedCorpus.write(cycles: 2, into: digests)
            let cacheHome = root.appendingPathComponent("cache")
            let loaded = try #require(StoredSearchIndex.listing(paths: [digests.path]))
            let library = DigestLoader.load(paths: [digests.path])
            let validity = StoredSearchIndex.Validity(loaded: loaded, library: library)
            let stored = StoredSearchIndex(
                forPaths: [digests.path], xdg: XDGPaths(environment: ["XDG_CACHE_HOME": cacheHome.path]))
            #expect(stored.write(SearchIndex(library: library), of: library, validFor: validity) == nil)
            // Marks by arXiv id and by title, so that the printed marks are compared too.
            var reading = ReadingState()
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            for id in stride(from: 0, to: library.papers.count, by: 3) {
                reading.setRead(true, key: library.papers[id].key, title: library.papers[id].title, at: now)
            }
            for id in stride(from: 1, to: library.papers.count, by: 4) {
                reading.setStarred(true, key: library.papers[id].titleKey, title: library.papers[id].title, at: now)
            }
            let state = root.appendingPathComponent("state.json")
            _ = try StateStore(url: state).save(reading)

            for text in SearchQueries.shapes {
                for options in [["--json", "--limit", "0"], ["--limit", "5"], ["--limit", "0"]] {
                    let arguments = options + ["--state", state.path, "--", text, digests.path]
                    #expect(
                        try search(arguments, cacheHome: cacheHome)
                            == search(arguments, cacheHome: cacheHome, noCache: true), "\(options) \(text)")
                }
            }

            // The answer came from the index: one planted (a title's words replaced, its length kept) is what
            // folio search reads while it is valid for the files, and only then.
            var papers = library.papers
            let planted = try #require(papers.indices.first { papers[$0].title.utf8.count >= 11 })
            papers[planted].title = "plantedword" + String(repeating: " ", count: papers[planted].title.utf8.count - 11)
            let doctored = SearchIndex(SearchIndex.Builder(papers: papers).build())
            #expect(stored.write(doctored, of: library, validFor: validity) == nil)
            let found = try search(["plantedword", digests.path], cacheHome: cacheHome)
            #expect(found[2] == "0" && found[0].contains(library.papers[planted].title), "\(found)")
            #expect(try search(["plantedword", digests.path], cacheHome: cacheHome, noCache: true)[2] == "1")
            #expect(
                try search(["--no-cache", "plantedword", digests.path], cacheHome: cacheHome)[2] == "1",
                "--no-cache reads no stored index")
            // A file's time changed: the index is not for these files, and the text is searched instead.
            let file = try #require(Fixtures.files(in: digests).first)
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1e9)], ofItemAtPath: file.path)
            #expect(try search(["plantedword", digests.path], cacheHome: cacheHome)[2] == "1")
        }
    }
}
