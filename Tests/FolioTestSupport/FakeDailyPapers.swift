import Foundation
import Synchronization

/// The site's `daily_papers` endpoint as the tests stand it up on a `TestHTTPServer`: days of papers made from
/// the real item in `Tests/Fixtures/api` (each with its own arXiv id and title), paged as the site pages
/// (`limit`, `p` from 0), HTTP 400 for a day after `today`, and faults scripted per day: the next answers for
/// that day, used up in order, before it answers normally again.
public final class FakeDailyPapers: Sendable {
    public static let itemFile = Fixtures.repository.appendingPathComponent("Tests/Fixtures/api/daily_papers-item.json")

    private struct Site {
        var papers: [String: Int] = [:]
        var faults: [String: [TestHTTPServer.Response]] = [:]
        var delay = 0.0
        var newestFirst = false
    }

    private let site = Mutex(Site())
    public let today: String
    /// The item every paper is made from, as JSON.
    private let template: Data
    private let server = Mutex<TestHTTPServer?>(nil)

    public init(today: String) throws {
        self.today = today
        let items = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.itemFile)) as! [Any]
        template = try JSONSerialization.data(withJSONObject: items[0])
        let server = try TestHTTPServer { [weak self] request in
            self?.answer(request) ?? .json("[]", status: 503)
        }
        self.server.withLock { $0 = server }
    }

    public var http: TestHTTPServer { server.withLock { $0! } }

    /// Stops listening: later requests are refused, as when the network goes.
    public func stop() { http.stop() }

    public var address: String { http.address }

    /// Lists `count` papers on `day`.
    public func setPapers(_ count: Int, on day: String) { site.withLock { $0.papers[day] = count } }

    /// Every answer waits this long: for watching progress on a terminal.
    public func setDelay(_ seconds: Double) { site.withLock { $0.delay = seconds } }

    /// Lists a day's papers last made first, as a site that puts new submissions on top: a paper gained moves
    /// the others down.
    public func setNewestFirst(_ on: Bool) { site.withLock { $0.newestFirst = on } }

    public func papers(on day: String) -> Int { site.withLock { $0.papers[day] ?? 0 } }

    /// The next requests for `day` get these answers, in order.
    public func fail(_ day: String, with answers: [TestHTTPServer.Response]) {
        site.withLock { $0.faults[day, default: []] += answers }
    }

    /// The arXiv id of paper `index` of `day`: `YYMM.DDNNN`, unique over the days.
    public static func arxivID(day: String, index: Int) -> String {
        let digits = day.filter(\.isNumber)
        return "\(digits.dropFirst(2).prefix(4)).\(digits.suffix(2))\(String(format: "%03d", index))"
    }

    public static func title(day: String, index: Int) -> String { "Test paper \(index + 1) of \(day)" }

    /// The papers of `day` in the order the site lists them.
    public func order(_ day: String) -> [Int] {
        let count = papers(on: day)
        return site.withLock { $0.newestFirst } ? Array((0..<count).reversed()) : Array(0..<count)
    }

    /// The JSON the site would send for papers `range` of `day`, in its order.
    public func page(_ day: String, _ range: Range<Int>) -> [UInt8] {
        let order = order(day)
        let items: [[String: Any]] = range.map { order.indices.contains($0) ? order[$0] : $0 }.map { index in
            var item = try! JSONSerialization.jsonObject(with: template) as! [String: Any]
            var paper = item["paper"] as! [String: Any]
            paper["id"] = Self.arxivID(day: day, index: index)
            paper["title"] = Self.title(day: day, index: index)
            paper["upvotes"] = 100 - index % 100
            paper["publishedAt"] = "\(day)T00:00:00.000Z"
            item["paper"] = paper
            item["title"] = Self.title(day: day, index: index)
            item["publishedAt"] = "\(day)T00:00:00.000Z"
            return item
        }
        return Array(try! JSONSerialization.data(withJSONObject: items, options: [.sortedKeys]))
    }

    /// Every paper of `day` as one array: what a fetched file should hold, item for item.
    public func wholeDay(_ day: String) -> [UInt8] { page(day, 0..<papers(on: day)) }

    private func answer(_ request: TestHTTPServer.Request) -> TestHTTPServer.Response {
        guard request.path == "/api/daily_papers", let day = request.query["date"] else {
            return .json("{\"error\":\"not found\"}", status: 404)
        }
        if let fault = site.withLock({ site -> TestHTTPServer.Response? in
            guard var queue = site.faults[day], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            site.faults[day] = queue
            return first
        }) {
            return fault
        }
        guard day <= today else { return .json("{\"error\":\"Invalid date\"}", status: 400) }
        let limit = min(100, Int(request.query["limit"] ?? "") ?? 50)
        let page = Int(request.query["p"] ?? "") ?? 0
        let delay = site.withLock { $0.delay }
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        let count = papers(on: day)
        let start = min(count, page * limit)
        return .answer(
            status: 200, headers: ["Content-Type": "application/json"],
            body: self.page(day, start..<min(count, start + limit)))
    }
}
