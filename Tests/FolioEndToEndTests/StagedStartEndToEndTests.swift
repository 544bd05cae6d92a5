import FolioCore
import FolioScreen
import FolioTestSupport
import FolioUI
import Foundation
import Testing

/// A start without a current cache through the real binary, on a library large enough to be staged (the
/// default policy stages it: `NewestDayTests.defaultPolicy`): the first screen's list is the newest day's
/// list of the whole library, which then arrives (all days lists every paper). Without a cache (`--no-cache`),
/// and the daily case: a cache current but for tomorrow's file.
@Suite("Newest day first end to end", .serialized)
struct StagedStartEndToEndTests {
    var folio: String { FolioBinary.url.path }
    static let size = Size(width: 100, height: 30)
    /// Stacked panes: the list's rows are the screen's first lines.
    static let list = Layout(size: size, settings: Settings()).list

    static func listRows(_ screen: [String]) -> [String] { Array(screen[list.row..<(list.row + list.height)]) }

    /// A row's title, without the date and upvotes at its end: a paper's publication date can be read from
    /// another day's entry (a JSON day's full date), which the staged library has not read yet, so only the
    /// titles and their order are the staged frame's promise.
    static func titles(_ rows: [String]) -> [String] {
        rows.map { row in
            row.replacing(/\s+[A-Z][a-z]{2} \d{1,2}, \d{4}.*$/, with: "").trimmingCharacters(in: .whitespaces)
        }
    }

    /// Starts folio, takes the first screen that shows the newest day, then the settled one once the whole
    /// library is there; checks both lists agree and name the same day, and all days lists `papers`.
    func start(_ digests: URL, cache: URL, papers: Int, arguments: String = "", day: String) throws {
        #expect(!Self.list.isEmpty && Self.size.width < Settings().sideBySideMinWidth)
        let session = try TmuxSession(
            "\(folio) \(arguments) \(digests.path)", width: Self.size.width, height: Self.size.height,
            environment: ["XDG_CACHE_HOME": cache.path])
        let first = try session.waitForText("(latest)")
        #expect(first.contains { $0.contains(day + " (latest)") }, "\(first)")
        let settled = try CacheEndToEndTests.settled(session)
        try session.send("a")
        _ = try session.waitForText("/\(papers) · all days")
        #expect(Self.titles(Self.listRows(first)) == Self.titles(Self.listRows(settled)))
        #expect(settled.contains { $0.contains(day + " (latest)") }, "\(settled)")
        #expect(Self.listRows(first).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count > 5)
        try session.quit()
    }

    @Test("--no-cache: the newest day's list first, the same list once the whole library is there")
    func noCache() throws {
        try TemporaryFolder.with("folio-staged-e2e") { root in
            let digests = root.appendingPathComponent("digests")
            let files = try RepeatedCorpus.write(cycles: 10, into: digests)
            let papers = try FolioBinary.listed([digests.path]).count
            let day = try #require(Self.longDate(files.last!))
            try start(
                digests, cache: root.appendingPathComponent("cache"), papers: papers, arguments: "--no-cache", day: day)
        }
    }

    @Test("A new day's file beside a cache of the others: that day first, then the whole library")
    func oneNewDay() throws {
        try TemporaryFolder.with("folio-staged-e2e") { root in
            let digests = root.appendingPathComponent("digests")
            let files = try RepeatedCorpus.write(cycles: 10, into: digests)
            let cache = root.appendingPathComponent("cache")
            // Yesterday's start: writes the cache.
            let yesterday = try #require(Self.longDate(files.last!))
            try start(digests, cache: cache, papers: try FolioBinary.listed([digests.path]).count, day: yesterday)
            #expect(CacheEndToEndTests.waitForCache(in: cache) != nil)

            let tomorrow = digests.appendingPathComponent("2099-01-01.txt")
            try FileManager.default.copyItem(at: Fixtures.corpus.appendingPathComponent("2025-12-28.txt"), to: tomorrow)
            let papers = try FolioBinary.listed([digests.path]).count
            try start(digests, cache: cache, papers: papers, day: "Jan 1, 2099")
        }
    }

    /// `Jan 1, 2099` for a file named `2099-01-01.txt`.
    static func longDate(_ file: URL) -> String? { DayDate(fileName: file.lastPathComponent)?.long }
}
