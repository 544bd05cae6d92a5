import FolioCore
import FolioTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The one-shot commands through the library cache, in the real binary: with a current cache (its snapshot), a
/// stale one (each unchanged file's parse), a damaged one, `--no-cache` and `FOLIO_NO_CACHE=1`, every command
/// prints the same bytes and exits with the same status as without any cache, and none of them writes it.
@Suite("One-shot commands through the cache", .serialized)
struct OneShotCacheEndToEndTests {
    /// Every command that loads digests, in its plain and its scripted forms.
    static let commands: [[String]] = [
        ["check"], ["check", "--json"], ["list"], ["list", "--json"], ["list", "--filter", "upvotes>5 or seen>1"],
        ["search", "model"], ["search", "--json", "--limit", "0", "diffusion"], ["export", "--format", "bibtex"],
        ["export", "--format", "json"], ["topics"],
    ]

    /// The corpus of the fixtures with a broken file (so `check` has problems to print and exits 1) and a file of
    /// another kind (a note).
    static func makeDigests(in root: URL) throws -> URL {
        let digests = root.appendingPathComponent("digests")
        try FileManager.default.copyItem(at: Fixtures.corpus, to: digests)
        try FileManager.default.copyItem(at: Fixtures.apiItem, to: digests.appendingPathComponent("2026-01-02.json"))
        try Data("[{\"paper\": {\"id\": \"1\", \"title\": \"Cut\"".utf8)
            .write(to: digests.appendingPathComponent("2026-01-03.json"))
        try Data("%PDF".utf8).write(to: digests.appendingPathComponent("paper.pdf"))
        return digests
    }

    /// Each command's status, standard output and standard error.
    static func outputs(_ digests: URL, cacheHome: URL, options: [String] = [], environment: [String: String] = [:])
        throws -> [String]
    {
        try commands.map { command in
            let result = try FolioBinary.run(
                command + options + [digests.path],
                environment: environment.merging(["XDG_CACHE_HOME": cacheHome.path]) { $1 })
            return "\(command): exit \(result.status)\n\(result.stdout)\n--- stderr\n\(result.stderr)"
        }
    }

    /// Writes the cache as the reader does after a full load, through FolioCore, and says whether a load would
    /// now come from its snapshot.
    static func warm(_ digests: URL, cacheHome: URL) -> (LibraryCache, Bool) {
        let cache = LibraryCache(
            forPaths: [digests.path], xdg: XDGPaths(environment: ["XDG_CACHE_HOME": cacheHome.path, "HOME": "/"]))
        var timings = DigestLoader.Timings()
        let library = DigestLoader.load(paths: [digests.path], cache: cache, timings: &timings)
        cache.refresh(paths: [digests.path], firstFrame: (library, timings.loadedFiles!))
        var again = DigestLoader.Timings()
        _ = DigestLoader.load(paths: [digests.path], cache: cache, timings: &again)
        return (cache, again.fromSnapshot)
    }

    static func expectSame(_ outputs: [String], _ reference: [String], _ context: String) {
        #expect(outputs.count == reference.count)
        for (output, expected) in zip(outputs, reference) {
            #expect(output == expected, "\(context)")
        }
    }

    @Test("check, list, search, export and topics: the same bytes and status with a warm, stale or damaged cache")
    func sameOutput() throws {
        try TemporaryFolder.with("folio-oneshot-e2e") { root in
            let digests = try Self.makeDigests(in: root)
            let cacheHome = root.appendingPathComponent("cache")
            let reference = try Self.outputs(digests, cacheHome: cacheHome, options: ["--no-cache"])
            #expect(reference[0].hasPrefix("[\"check\"]: exit 1"), "check sees the broken file")
            #expect(reference[0].contains("note: skipped"), "and the file of another kind")
            #expect(!FileManager.default.fileExists(atPath: cacheHome.path), "--no-cache wrote a cache")
            // Without a cache at all: none is written by a one-shot command.
            Self.expectSame(try Self.outputs(digests, cacheHome: cacheHome), reference, "no cache yet")
            #expect(!FileManager.default.fileExists(atPath: cacheHome.path), "a one-shot command wrote a cache")

            let (cache, current) = Self.warm(digests, cacheHome: cacheHome)
            #expect(current, "the cache's snapshot is current")
            let written = Fixtures.bytes(URL(fileURLWithPath: cache.path))
            Self.expectSame(try Self.outputs(digests, cacheHome: cacheHome), reference, "a warm cache")
            Self.expectSame(
                try Self.outputs(digests, cacheHome: cacheHome, environment: ["FOLIO_NO_CACHE": "1"]), reference,
                "FOLIO_NO_CACHE=1")
            #expect(Fixtures.bytes(URL(fileURLWithPath: cache.path)) == written, "a one-shot command wrote the cache")

            // Damaged: its second half zeroed.
            var damaged = written
            for index in damaged.count / 2..<damaged.count { damaged[index] = 0 }
            try Data(damaged).write(to: URL(fileURLWithPath: cache.path))
            Self.expectSame(try Self.outputs(digests, cacheHome: cacheHome), reference, "a damaged cache")
            #expect(Fixtures.bytes(URL(fileURLWithPath: cache.path)) == damaged)

            // Stale: a paper added to a page digest after the cache was written; the others' parses are used.
            _ = Self.warm(digests, cacheHome: cacheHome)
            let page = try #require(
                Fixtures.files(in: digests).first {
                    $0.pathExtension == "txt" && Fixtures.text($0).contains("•")
                })
            let handle = try FileHandle(forWritingTo: page)
            handle.seekToEndOfFile()
            handle.write(Data("\n\nA Model Added Later\n\nIts abstract.\n\n  • 2 authors\n·\nDec 1 3\n".utf8))
            handle.closeFile()
            let changed = try Self.outputs(digests, cacheHome: cacheHome, options: ["--no-cache"])
            #expect(changed != reference, "the added paper shows")
            Self.expectSame(try Self.outputs(digests, cacheHome: cacheHome), changed, "a stale cache")
        }
    }

    @Test("The commands do read the cache: a file changed behind its size and time is answered from it")
    func readsTheCache() throws {
        try TemporaryFolder.with("folio-oneshot-e2e") { root in
            let digests = try Self.makeDigests(in: root)
            let cacheHome = root.appendingPathComponent("cache")
            let before = try FolioBinary.run(["list", "--no-cache", digests.path])
            #expect(Self.warm(digests, cacheHome: cacheHome).1)
            // One letter of a title changed, the size kept and the time put back: only the cache knows the old.
            let page = try #require(
                Fixtures.files(in: digests).first { $0.pathExtension == "txt" && Fixtures.text($0).contains("•") })
            var status = stat()
            #expect(stat(page.path, &status) == 0)
            let text = Fixtures.text(page)
            let title = try #require(text.split(separator: "\n").first { $0.count > 20 && !$0.contains("•") })
            let renamed = "Q" + title.dropFirst()
            try Data(text.replacingOccurrences(of: String(title), with: renamed).utf8).write(to: page)
            #expect(utimensat(AT_FDCWD, page.path, [status.st_atim, status.st_mtim], 0) == 0)
            let environment = ["XDG_CACHE_HOME": cacheHome.path]
            let cached = try FolioBinary.run(["list", digests.path], environment: environment)
            let parsed = try FolioBinary.run(["list", "--no-cache", digests.path], environment: environment)
            #expect(cached.stdout == before.stdout, "the cache's library was not the one listed")
            #expect(parsed.stdout != before.stdout && parsed.stdout.contains(renamed), "--no-cache read the cache")
        }
    }
}
