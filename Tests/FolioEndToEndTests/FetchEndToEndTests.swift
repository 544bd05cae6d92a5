import FolioTestSupport
import Foundation
import Testing

/// `folio fetch` and the reader's `R` against a test server on 127.0.0.1 standing in for the site, whose today
/// is the real UTC today (as folio counts it).
@Suite("Fetching, end to end", .serialized)
struct FetchEndToEndTests {
    var folio: String { FolioBinary.url.path }

    /// Today and the days before it, in UTC, as `YYYY-MM-DD`: `days(3)` is the day before yesterday to today.
    static func days(_ count: Int) -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.dateFormat = "yyyy-MM-dd"
        return (0..<count).reversed().map {
            formatter.string(from: calendar.date(byAdding: .day, value: -$0, to: Date())!)
        }
    }

    static var today: String { days(1)[0] }

    func ids(in url: URL) throws -> [String] {
        let items = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]] ?? []
        return items.map { ($0["paper"] as? [String: Any])?["id"] as? String ?? "" }
    }

    func names(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test("folio fetch --days 7 writes seven files of the site's papers; refused, future and usage exit 1, 1, 2")
    func fetchCommand() throws {
        let site = try FakeDailyPapers(today: Self.today)
        let days = Self.days(7)
        for (index, day) in days.enumerated() { site.setPapers(40 * index + 3, on: day) }
        try TemporaryFolder.with { (folder: URL) throws in
            let env = ["FOLIO_API_URL": site.address]
            let proxied = TemporaryFolder.make("folio-proxied")
            defer { try? FileManager.default.removeItem(at: proxied) }
            let result = try FolioBinary.run(
                ["fetch", "--days", "7", "--to", folder.path, "--interval", "0"], environment: env)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(names(in: folder) == days.map { "\($0).json" })
            for day in days {
                let expected = site.order(day).map { FakeDailyPapers.arxivID(day: day, index: $0) }
                #expect(try ids(in: folder.appendingPathComponent("\(day).json")) == expected)
            }
            let total = days.reduce(0) { $0 + site.papers(on: $1) }
            #expect(result.stdout.contains("7 days: 7 written (\(total) papers written to \(folder.path))"))
            #expect(!result.stderr.contains("fetching"), "no progress line when standard error is not a terminal")
            #expect(site.http.requests.allSatisfy { $0.headers["user-agent"]?.hasPrefix("folio/") == true })

            // Again: the five older days are complete and skipped; today and yesterday are asked for again.
            let asked = site.http.requests.count
            let again = try FolioBinary.run(
                ["fetch", "--days", "7", "--to", folder.path, "--interval", "0", "--quiet"], environment: env)
            #expect(again.status == 0)
            #expect(again.stdout.isEmpty)
            #expect(Set(site.http.requests.dropFirst(asked).compactMap { $0.query["date"] }) == Set(days.suffix(2)))

            // Tomorrow: the site answers 400.
            let tomorrow = try FolioBinary.run(
                ["fetch", "--date", "2999-01-01", "--to", folder.path, "--interval", "0"], environment: env)
            #expect(tomorrow.status == 1)
            #expect(tomorrow.stderr.contains("2999-01-01: the site has no such day yet"))

            let before = names(in: folder).map { Fixtures.bytes(folder.appendingPathComponent($0)) }
            let refused = try FolioBinary.run(
                ["fetch", "--days", "3", "--to", folder.path, "--force"],
                environment: ["FOLIO_API_URL": "http://127.0.0.1:\(try TestHTTPServer.refusedPort())"])
            #expect(refused.status == 1)
            #expect(refused.stderr.split(separator: "\n").count == 1, "one clear line: \(refused.stderr)")
            #expect(refused.stderr.contains("cannot reach"))
            let never = proxied.appendingPathComponent("never")
            let refusedNew = try FolioBinary.run(
                ["fetch", "--to", never.path],
                environment: ["FOLIO_API_URL": "http://127.0.0.1:\(try TestHTTPServer.refusedPort())"])
            #expect(refusedNew.status == 1)
            #expect(!FileManager.default.fileExists(atPath: never.path), "not even the folder is made")
            #expect(names(in: folder).map { Fixtures.bytes(folder.appendingPathComponent($0)) } == before)

            // A proxy from the environment is used: the test server answers as one (it reads the absolute address
            // a client sends a proxy), for a site whose name does not resolve.
            let viaProxy = try FolioBinary.run(
                ["fetch", "--to", proxied.path, "--interval", "0"],
                environment: ["FOLIO_API_URL": "http://daily-papers.invalid", "http_proxy": site.address])
            #expect(viaProxy.status == 0, "\(viaProxy.stderr)")
            #expect(names(in: proxied) == ["\(Self.today).json"])
            #expect(site.http.requests.last?.headers["host"] == "daily-papers.invalid")

            let usage = try FolioBinary.run(["fetch", "--days", "0"], environment: env)
            #expect(usage.status == 2)
            let both = try FolioBinary.run(["fetch", "--days", "2", "--date", Self.today], environment: env)
            #expect(both.status == 2)
        }
    }

    @Test("On a terminal, folio fetch shows its progress on standard error")
    func progressOnTerminal() throws {
        let site = try FakeDailyPapers(today: Self.today)
        let days = Self.days(3)
        for day in days { site.setPapers(5, on: day) }
        site.setDelay(1)
        try TemporaryFolder.with { (folder: URL) throws in
            let session = try TmuxSession(
                "\(folio) fetch --days 3 --interval 0 --to \(folder.path)", environment: ["FOLIO_API_URL": site.address]
            )
            _ = try session.waitForText("fetching: 1/3 days · 5 papers · \(days[1])")
            _ = try session.waitForText("3 days: 3 written (15 papers written to \(folder.path))")
            #expect(session.waitForExit() == 0)
        }
    }

    /// A config for the reader that fetches without waiting between requests.
    func config(in folder: URL, _ extra: String = "") throws -> String {
        let path = folder.appendingPathComponent("config.toml").path
        try "fetch-interval = 0\n\(extra)".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("R adds today's papers in place: the selected paper stays selected, its row moved down by the new ones")
    func refreshInPlace() throws {
        let site = try FakeDailyPapers(today: Self.today)
        site.setNewestFirst(true)
        let first = 6
        site.setPapers(first, on: Self.today)
        try TemporaryFolder.with { (home: URL) throws in
            let folder = home.appendingPathComponent("digests")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(site.wholeDay(Self.today)).write(to: folder.appendingPathComponent("\(Self.today).json"))
            let session = try TmuxSession(
                "\(folio) --config \(try config(in: home))",
                environment: ["FOLIO_API_URL": site.address, "FOLIO_DIGESTS": folder.path])
            _ = try session.waitForText("1/\(first)")
            try session.send("j", "j")
            _ = try session.waitForText("3/\(first)")
            // The third row lists the site's third paper: newest first.
            let selected = FakeDailyPapers.title(day: Self.today, index: site.order(Self.today)[2])
            let gained = 3
            site.setPapers(first + gained, on: Self.today)
            try session.send("R")
            var screen = try session.waitForText("\(gained) new papers today")
            screen = try session.waitForText("\(3 + gained)/\(first + gained)")
            try session.send("Enter")
            screen = try session.waitForText("Esc list")
            #expect(screen.contains { $0.contains(selected) }, "the same paper is open: \(selected)")
            try session.send("Escape")
            // Back on the list before R, else Esc and R read as Alt-R.
            _ = try session.waitForText("Enter read")
            // Nothing new: said so, and nothing moves.
            try session.send("R")
            _ = try session.waitForText("up to date: no new papers")
            #expect(names(in: folder) == ["\(Self.today).json"])
            try session.quit()
        }
    }

    @Test("A digest copied into the folder while folio runs appears; so does the first into an empty one")
    func fileCopiedIn() throws {
        let site = try FakeDailyPapers(today: Self.today)
        let (yesterday, today) = (Self.days(2)[0], Self.days(2)[1])
        site.setPapers(4, on: yesterday)
        site.setPapers(7, on: today)
        try TemporaryFolder.with { (home: URL) throws in
            let folder = home.appendingPathComponent("digests")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(site.wholeDay(yesterday)).write(to: folder.appendingPathComponent("\(yesterday).json"))
            let session = try TmuxSession(
                "\(folio) --config \(try config(in: home))",
                environment: ["FOLIO_API_URL": site.address, "FOLIO_DIGESTS": folder.path])
            _ = try session.waitForText("1/\(site.papers(on: yesterday))")
            // Written elsewhere, then copied in whole, as a person (or a cron job) would.
            let outside = home.appendingPathComponent("\(today).json")
            try Data(site.wholeDay(today)).write(to: outside)
            try FileManager.default.copyItem(at: outside, to: folder.appendingPathComponent("\(today).json"))
            _ = try session.waitForText("\(site.papers(on: today)) new papers today")
            // The view stays on the day it showed; the new day is the next one.
            try session.send("[")
            _ = try session.waitForText("this is the oldest day")
            try session.send("]")
            _ = try session.waitForText("1/\(site.papers(on: today))")
            try session.quit()
        }
        // No digest yet: the samples, a word on how to fetch, then the first file fetched replaces them.
        try TemporaryFolder.with { (home: URL) throws in
            let session = try TmuxSession(
                "\(folio) --config \(try config(in: home))",
                environment: ["FOLIO_API_URL": site.address, "XDG_DATA_HOME": home.path])
            _ = try session.waitForText("showing the bundled samples")
            try session.send("R")
            _ = try session.waitForText("1/\(site.papers(on: Self.today))")
            #expect(
                FileManager.default.fileExists(
                    atPath: home.appendingPathComponent("folio/digests/\(Self.today).json").path))
            try session.quit()
        }
        // fetch-on-start: the same without pressing R.
        try TemporaryFolder.with { (home: URL) throws in
            let session = try TmuxSession(
                "\(folio) --config \(try config(in: home, "fetch-on-start = true\n"))",
                environment: ["FOLIO_API_URL": site.address, "XDG_DATA_HOME": home.path])
            _ = try session.waitForText("\(site.papers(on: Self.today)) new papers today")
            _ = try session.waitForText("1/\(site.papers(on: Self.today))")
            try session.quit()
        }
    }
}
