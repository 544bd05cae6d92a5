import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

/// `DigestFetcher` against a real HTTP server on 127.0.0.1 standing in for the site; every test looks at the
/// folder afterwards: nothing partial, and a good file is never replaced by a bad download.
@Suite("Fetching digests from a test server", .serialized)
struct FetchTests {
    static let today = "2026-03-06"
    let today = DayDate(iso: FetchTests.today)!

    func fetcher(
        _ site: FakeDailyPapers, into folder: URL, force: Bool = false, timeout: Double = 5, retries: Int = 3
    ) -> DigestFetcher {
        fetcher(address: site.address, into: folder, force: force, timeout: timeout, retries: retries)
    }

    func fetcher(
        address: String, into folder: URL, force: Bool = false, timeout: Double = 5, retries: Int = 3
    ) -> DigestFetcher {
        var options = DailyPapersClient.Options(apiURL: URL(string: address)!, userAgent: "folio/test")
        options.interval = 0
        options.backoff = 0.01
        options.timeout = timeout
        options.retries = retries
        return DigestFetcher(
            client: DailyPapersClient(options: options), folder: folder.path, force: force, today: today)
    }

    /// The arXiv ids a file holds, in order, read with Foundation's JSON parser.
    func ids(in url: URL) throws -> [String] {
        let items = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]] ?? []
        return items.map { ($0["paper"] as? [String: Any])?["id"] as? String ?? "" }
    }

    func expectedIDs(_ day: String, _ count: Int) -> [String] {
        (0..<count).map { FakeDailyPapers.arxivID(day: day, index: $0) }
    }

    /// The names in the folder: no temporary file may be left behind.
    func names(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test("Pages of 100 until a short page; one file of the site's items, with the User-Agent named")
    func paging() throws {
        let site = try FakeDailyPapers(today: Self.today)
        let count = 2 * 100 + 37
        site.setPapers(count, on: Self.today)
        try TemporaryFolder.with { (folder: URL) throws in
            var seen: [DigestFetcher.Progress] = []
            let report = fetcher(site, into: folder).run(FetchPlan(days: [today])) { seen.append($0) }
            #expect(report.days.map(\.outcome) == [.written(papers: count)])
            let pages = site.http.requests.map { $0.query["p"] ?? "" }
            #expect(pages == (0...(count / 100)).map(String.init))
            #expect(site.http.requests.allSatisfy { $0.query["limit"] == "100" && $0.query["date"] == Self.today })
            #expect(site.http.requests.allSatisfy { $0.headers["user-agent"] == "folio/test" })
            #expect(try ids(in: folder.appendingPathComponent("\(Self.today).json")) == expectedIDs(Self.today, count))
            #expect(names(in: folder) == ["\(Self.today).json"])
            #expect(seen.last == DigestFetcher.Progress(daysDone: 1, dayCount: 1, papers: count, current: nil))
            // The loader reads what was written: every paper, with its arXiv id.
            let library = DigestLoader.load(paths: [folder.path])
            #expect(library.problems.isEmpty)
            #expect(library.papers.count == count)
        }
    }

    @Test("A day of exactly 100 papers asks for the empty page after it")
    func fullPage() throws {
        let site = try FakeDailyPapers(today: Self.today)
        site.setPapers(100, on: Self.today)
        try TemporaryFolder.with { (folder: URL) throws in
            let report = fetcher(site, into: folder).run(FetchPlan(days: [today]))
            #expect(report.days.map(\.outcome) == [.written(papers: 100)])
            #expect(site.http.requests.count == 2)
            #expect(try ids(in: folder.appendingPathComponent("\(Self.today).json")).count == 100)
        }
    }

    @Test("429 with Retry-After: the fetch waits as long before asking again")
    func retryAfter() throws {
        let site = try FakeDailyPapers(today: Self.today)
        site.setPapers(3, on: Self.today)
        site.fail(Self.today, with: [.answer(status: 429, headers: ["Retry-After": "1"], body: [])])
        try TemporaryFolder.with { (folder: URL) throws in
            let report = fetcher(site, into: folder).run(FetchPlan(days: [today]))
            #expect(report.days.map(\.outcome) == [.written(papers: 3)])
            let times = site.http.requests.map(\.time)
            #expect(times.count == 2)
            #expect(times[1].timeIntervalSince(times[0]) >= 0.9)
            #expect(try ids(in: folder.appendingPathComponent("\(Self.today).json")) == expectedIDs(Self.today, 3))
        }
    }

    @Test("500 then success: retried, and written")
    func serverErrorThenSuccess() throws {
        let site = try FakeDailyPapers(today: Self.today)
        site.setPapers(5, on: Self.today)
        site.fail(Self.today, with: [.json("oops", status: 500), .json("oops", status: 502)])
        try TemporaryFolder.with { (folder: URL) throws in
            let report = fetcher(site, into: folder).run(FetchPlan(days: [today]))
            #expect(report.days.map(\.outcome) == [.written(papers: 5)])
            #expect(site.http.requests.count == 3)
            #expect(names(in: folder) == ["\(Self.today).json"])
        }
    }

    /// A good file for `day`, written before the fetch, must come out of a failed one byte for byte.
    func withGoodFile(_ site: FakeDailyPapers, _ body: (URL, URL, [UInt8]) throws -> Void) throws {
        try TemporaryFolder.with { (folder: URL) throws in
            let file = folder.appendingPathComponent("\(Self.today).json")
            let good = site.page(Self.today, 0..<2)
            try Data(good).write(to: file)
            try body(folder, file, good)
            #expect(Array(try Data(contentsOf: file)) == good, "the good file is untouched")
            #expect(names(in: folder) == ["\(Self.today).json"], "nothing partial is left")
        }
    }

    @Test("A response slower than the timeout fails the day; the good file stays")
    func slowerThanTimeout() throws {
        let site = try FakeDailyPapers(today: Self.today)
        site.setPapers(4, on: Self.today)
        site.fail(Self.today, with: [.late(seconds: 6, .json("[]")), .late(seconds: 6, .json("[]"))])
        try withGoodFile(site) { folder, _, _ in
            let started = Date()
            let report = fetcher(site, into: folder, force: true, timeout: 1, retries: 1).run(FetchPlan(days: [today]))
            #expect(report.days.first?.outcome == .failed("timed out, 2 tries"))
            let took = Date().timeIntervalSince(started)
            #expect(took >= 1.9 && took < 5, "gave up at the timeout (twice), not when the answer came")
        }
    }

    @Test("A body cut mid-array fails the day; the good file stays")
    func cutMidArray() throws {
        let site = try FakeDailyPapers(today: Self.today)
        site.setPapers(30, on: Self.today)
        let body = site.page(Self.today, 0..<30)
        site.fail(Self.today, with: Array(repeating: .cut(status: 200, body: body, sentFraction: 0.5), count: 2))
        try withGoodFile(site) { folder, _, _ in
            let report = fetcher(site, into: folder, force: true, retries: 1).run(FetchPlan(days: [today]))
            #expect(report.days.first?.outcome.isFailure == true)
        }
    }

    @Test("Invalid JSON fails the day; the good file stays")
    func invalidJSON() throws {
        let site = try FakeDailyPapers(today: Self.today)
        site.setPapers(3, on: Self.today)
        site.fail(Self.today, with: Array(repeating: .json("[{\"paper\": {\"id\": "), count: 2))
        try withGoodFile(site) { folder, _, _ in
            let report = fetcher(site, into: folder, force: true, retries: 1).run(FetchPlan(days: [today]))
            guard case .failed(let reason) = report.days.first?.outcome else {
                Issue.record("expected a failure, got \(report.days)")
                return
            }
            #expect(reason.contains("not a JSON array"))
        }
    }

    @Test("HTTP 400 for a day after the site's today: no such day yet, nothing written, the other days kept")
    func futureDay() throws {
        let site = try FakeDailyPapers(today: Self.today)
        site.setPapers(6, on: Self.today)
        let tomorrow = today.adding(days: 1)
        try TemporaryFolder.with { (folder: URL) throws in
            let report = fetcher(site, into: folder).run(FetchPlan(days: [today, tomorrow]))
            #expect(report.days.map(\.outcome) == [.written(papers: 6), .noSuchDay])
            #expect(report.failed)
            #expect(names(in: folder) == ["\(Self.today).json"])
        }
    }

    @Test("A refused connection: unreachable said once, nothing written")
    func refused() throws {
        let port = try TestHTTPServer.refusedPort()
        try TemporaryFolder.with { (folder: URL) throws in
            let plan = FetchPlan.days(ending: today, count: 3)
            let report = fetcher(address: "http://127.0.0.1:\(port)", into: folder).run(plan)
            #expect(report.unreachable?.contains("cannot reach http://127.0.0.1:\(port)") == true)
            #expect(report.days.isEmpty)
            #expect(names(in: folder).isEmpty)
        }
    }

    @Test("Complete days are skipped, today and yesterday fetched again, --force fetches all; same bytes kept")
    func skipping() throws {
        let site = try FakeDailyPapers(today: Self.today)
        let plan = FetchPlan.days(ending: today, count: 4)
        for (index, day) in plan.days.enumerated() { site.setPapers(index + 1, on: day.iso) }
        try TemporaryFolder.with { (folder: URL) throws in
            let first = fetcher(site, into: folder).run(plan)
            #expect(first.days.map(\.outcome) == (1...4).map { .written(papers: $0) })
            site.setPapers(9, on: Self.today)
            let second = fetcher(site, into: folder).run(plan)
            #expect(second.days.map(\.outcome) == [.skipped, .skipped, .unchanged(papers: 3), .written(papers: 9)])
            #expect(try ids(in: folder.appendingPathComponent("\(Self.today).json")) == expectedIDs(Self.today, 9))
            let forced = fetcher(site, into: folder, force: true).run(plan)
            #expect(
                forced.days.map(\.outcome) == [
                    .unchanged(papers: 1), .unchanged(papers: 2), .unchanged(papers: 3), .unchanged(papers: 9),
                ])
            #expect(names(in: folder) == plan.days.map { "\($0.iso).json" })
        }
    }

    @Test("The plan: N days ending today, since a day, and R's catching up")
    func plans() {
        #expect(FetchPlan.days(ending: today, count: 3).days.map(\.iso) == ["2026-03-04", "2026-03-05", "2026-03-06"])
        #expect(FetchPlan.days(from: DayDate(iso: "2026-02-27")!, through: today).days.count == 8)
        #expect(
            FetchPlan.catchingUp(newest: DayDate(iso: "2026-03-01"), today: today, limit: 3).days.map(\.iso) == [
                "2026-03-04", "2026-03-05", "2026-03-06",
            ])
        #expect(FetchPlan.catchingUp(newest: today, today: today, limit: 7).days == [today])
        #expect(FetchPlan.catchingUp(newest: nil, today: today, limit: 7).days == [today])
        #expect(DayDate.todayUTC(Date(timeIntervalSince1970: 86_400 * 365 - 1)).iso == "1970-12-31")
    }
}
