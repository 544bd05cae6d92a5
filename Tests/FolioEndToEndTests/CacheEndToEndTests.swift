import FolioTestSupport
import Foundation
import Testing

/// The library cache through the real binary: a second start draws from it and shows what the first showed;
/// a damaged cache is never shown; `--no-cache` writes none.
@Suite("Library cache end to end", .serialized)
struct CacheEndToEndTests {
    var folio: String { FolioBinary.url.path }

    /// The cache files in `folder/folio`.
    static func caches(in folder: URL) -> [URL] {
        Fixtures.files(in: folder.appendingPathComponent("folio")).filter { $0.pathExtension == "cache" }
    }

    /// Waits until the cache is written (after the first frame, in the background) and returns it.
    static func waitForCache(in folder: URL, sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let cache = caches(in: folder).first { return cache }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("no cache was written", sourceLocation: sourceLocation)
        return nil
    }

    /// What the screen says while the index, topics or related papers are still on their way.
    static let pending = ["finding topics…", "waiting for the index…", "finding them…", "indexing"]

    /// The screen once everything after the first frame has arrived (the index, topics, related papers) and it
    /// stops changing: under load a screen can hold still for a while with "finding topics…" on it.
    static func settled(_ session: TmuxSession) throws -> [String] {
        var last = try session.capture()
        for _ in 0..<200 {
            Thread.sleep(forTimeInterval: 0.3)
            let now = try session.capture()
            let arriving = now.contains { line in pending.contains { line.contains($0) } }
            if now == last, !arriving { return now }
            last = now
        }
        return last
    }

    /// Starts folio on `digests` with the cache in `cache`, waits for the whole library (all days, every
    /// paper), and returns the newest day's settled screen.
    func start(_ digests: URL, cache: URL, papers: Int, arguments: String = "") throws -> ([String], TmuxSession) {
        let session = try TmuxSession(
            "\(folio) \(arguments) \(digests.path)", width: 120, height: 40,
            environment: ["XDG_CACHE_HOME": cache.path])
        _ = try session.waitForText("(latest)")
        let screen = try Self.settled(session)
        // The whole library is there: all days lists every paper.
        try session.send("a")
        _ = try session.waitForText("/\(papers) · all days")
        try session.send("a")
        _ = try session.waitForText("(latest)")
        return (screen, session)
    }

    @Test("Start, quit, start again from the cache: the same screen, the whole library")
    func warmStartSameScreen() throws {
        try TemporaryFolder.with("folio-cache-e2e") { root in
            let digests = root.appendingPathComponent("digests")
            try FileManager.default.copyItem(at: Fixtures.corpus, to: digests)
            let cacheHome = root.appendingPathComponent("cache")
            let papers = try FolioBinary.listed([digests.path]).count
            let (cold, first) = try start(digests, cache: cacheHome, papers: papers)
            let cache = try #require(Self.waitForCache(in: cacheHome))
            try first.quit()
            let written = Fixtures.bytes(cache)

            let (warm, second) = try start(digests, cache: cacheHome, papers: papers)
            #expect(warm == cold)
            try second.quit()
            #expect(Fixtures.bytes(cache) == written, "a warm start with nothing changed writes nothing")

            // Damaged: every byte of its second half zeroed. Never shown; written again whole.
            var damaged = written
            for index in damaged.count / 2..<damaged.count { damaged[index] = 0 }
            try Data(damaged).write(to: cache)
            let (afterDamage, third) = try start(digests, cache: cacheHome, papers: papers)
            #expect(afterDamage == cold)
            let deadline = Date().addingTimeInterval(20)
            while Fixtures.bytes(cache) == damaged, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            try third.quit()
            #expect(Fixtures.bytes(cache) != damaged, "the damaged cache was written again")

            // `folio doctor` says where it is and that it is current.
            let doctor = try FolioBinary.run(["doctor", digests.path], environment: ["XDG_CACHE_HOME": cacheHome.path])
            #expect(doctor.stdout.contains(cache.path))
            #expect(doctor.stdout.contains("current: the next start draws from it"))
        }
    }

    @Test("--no-cache and FOLIO_NO_CACHE=1 neither read nor write the cache")
    func noCache() throws {
        try TemporaryFolder.with("folio-cache-e2e") { root in
            let digests = try Fixtures.copySamples(into: root)
            let cacheHome = root.appendingPathComponent("cache")
            let papers = try FolioBinary.listed([digests.path]).count
            for (arguments, environment) in [("--no-cache", [String: String]()), ("", ["FOLIO_NO_CACHE": "1"])] {
                let session = try TmuxSession(
                    "\(folio) \(arguments) \(digests.path)", width: 120, height: 40,
                    environment: environment.merging(["XDG_CACHE_HOME": cacheHome.path]) { $1 })
                _ = try session.waitForText("(latest)")
                try session.send("a")
                _ = try session.waitForText("/\(papers) · all days")
                // Time enough for a background write of four files, many times over.
                Thread.sleep(forTimeInterval: 1)
                try session.quit()
                #expect(Self.caches(in: cacheHome).isEmpty, "\(arguments) \(environment): a cache was written")
            }
            // Without either, the same start writes one: the check above can fail.
            let session = try TmuxSession(
                "\(folio) \(digests.path)", width: 120, height: 40, environment: ["XDG_CACHE_HOME": cacheHome.path])
            _ = try session.waitForText("(latest)")
            #expect(Self.waitForCache(in: cacheHome) != nil)
            try session.quit()
        }
    }
}
