import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The site's `daily_papers` endpoint, one request at a time: pages of `limit=100&p=K` until a short page,
/// retried with backoff on 5xx, timeouts and cut bodies, `Retry-After` honoured on 429 and 503, and at most one
/// request per `interval`. Proxies come from the environment (`http_proxy`, `https_proxy`, `no_proxy`): URLSession
/// on Linux hands them to libcurl.
///
/// Synchronous: a command runs it on its own thread, the reader on a background one.
public final class DailyPapersClient: Sendable {
    public struct Options: Sendable {
        /// The site's base address; `/api/daily_papers?...` is appended.
        public var apiURL: URL
        public var userAgent: String
        /// The least time between the starts of two requests, in seconds.
        public var interval: Double = 1
        /// How long a request may wait for its first byte (connecting included) or between two bytes. Whole
        /// seconds: URLSession on Linux drops the fraction (0.5 would time out at once), so it is rounded up.
        public var timeout: Double = 30
        /// How long one page may take in all, however slowly its bytes come.
        public var pageTimeout: Double = 120
        /// Tries after the first, on 5xx, 429, timeouts and cut or unreadable bodies.
        public var retries = 3
        /// The first wait before a retry, doubled each time.
        public var backoff: Double = 1
        /// A `Retry-After` longer than this gives up on the day instead of waiting.
        public var longestRetryAfter: Double = 120
        public var pageSize = 100

        public init(apiURL: URL, userAgent: String) {
            self.apiURL = apiURL
            self.userAgent = userAgent
        }
    }

    /// Why a day could not be had.
    public enum Failure: Error, Equatable, Sendable {
        /// The site cannot be reached at all (refused, no route, no such host): no other day will do better.
        case unreachable(String)
        /// HTTP 400: the site has no such day (yet).
        case noSuchDay
        /// Anything else, after the retries.
        case failed(String)
    }

    /// One day's digest as the site sent it: its pages joined into one JSON array, items byte for byte.
    public struct Download: Sendable {
        public var bytes: [UInt8]
        public var paperCount: Int
    }

    public let options: Options
    private let session: URLSession
    private let lastRequest = Mutex<Date?>(nil)

    public init(options: Options) {
        self.options = options
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = max(1, options.timeout.rounded(.up))
        configuration.timeoutIntervalForResource = max(1, options.pageTimeout.rounded(.up))
        configuration.httpAdditionalHeaders = ["User-Agent": options.userAgent, "Accept": "application/json"]
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// The address of one page of one day.
    public func url(for day: DayDate, page: Int) -> URL {
        var base = options.apiURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: "\(base)/api/daily_papers?date=\(day.iso)&limit=\(options.pageSize)&p=\(page)")!
    }

    /// Every page of `day`, joined. `pageDone` hears the papers read so far after each page.
    public func fetch(_ day: DayDate, pageDone: (Int) -> Void = { _ in }) throws(Failure) -> Download {
        var items: [ArraySlice<UInt8>] = []
        var count = 0
        for page in 0... {
            let (body, pageCount) = try fetchPage(url(for: day, page: page))
            if let inner = Self.arrayContents(body) { items.append(inner) }
            count += pageCount
            pageDone(count)
            if pageCount < options.pageSize { break }
        }
        // One page is kept as the site sent it; several become one array of the site's own items.
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, inner) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += inner
        }
        bytes.append(UInt8(ascii: "]"))
        return Download(bytes: bytes, paperCount: count)
    }

    /// One page, retried as the options say; the body and how many items its array holds.
    private func fetchPage(_ url: URL) throws(Failure) -> (body: [UInt8], count: Int) {
        var attempt = 0
        var wait = options.backoff
        while true {
            let outcome = exchange(url)
            let retryAfter: Double?
            let reason: String
            switch outcome {
            case .body(let status, let body, let headers):
                switch status {
                case 200:
                    if let count = Self.itemCount(body) { return (body, count) }
                    reason = "the answer is not a JSON array (cut short, or not the site's JSON)"
                    retryAfter = nil
                case 400:
                    throw .noSuchDay
                case 429, 503:
                    reason = "HTTP \(status)"
                    retryAfter = Self.retryAfter(headers["retry-after"]) ?? wait
                case 500...599:
                    reason = "HTTP \(status)"
                    retryAfter = nil
                default:
                    throw .failed("HTTP \(status)")
                }
            case .unreachable(let text):
                throw .unreachable(text)
            case .transient(let text):
                reason = text
                retryAfter = nil
            }
            guard attempt < options.retries else {
                throw .failed(attempt == 0 ? reason : "\(reason), \(attempt + 1) tries")
            }
            let pause = retryAfter ?? wait
            if pause > options.longestRetryAfter {
                throw .failed("\(reason); the site asks to wait \(Int(pause)) s")
            }
            Thread.sleep(forTimeInterval: max(0, pause))
            attempt += 1
            wait *= 2
        }
    }

    enum Exchange {
        case body(status: Int, body: [UInt8], headers: [String: String])
        case unreachable(String)
        case transient(String)
    }

    /// One request, waiting first so that requests start at least `interval` apart.
    private func exchange(_ url: URL) -> Exchange {
        let interval = options.interval
        lastRequest.withLock { last in
            if let last, interval > 0 {
                let due = last.addingTimeInterval(interval).timeIntervalSinceNow
                if due > 0 { Thread.sleep(forTimeInterval: due) }
            }
            last = Date()
        }
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Exchange>(.transient("no answer"))
        let task = session.dataTask(with: url) { data, response, error in
            result.withLock { $0 = Self.classify(data: data, response: response, error: error) }
            done.signal()
        }
        task.resume()
        done.wait()
        return result.withLock { $0 }
    }

    private static func classify(data: Data?, response: URLResponse?, error: (any Error)?) -> Exchange {
        if let error {
            let code = (error as? URLError)?.code
            let text = error.localizedDescription
            switch code {
            case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
                return .unreachable(text)
            case .timedOut:
                return .transient("timed out")
            default:
                return .transient(text)
            }
        }
        guard let http = response as? HTTPURLResponse else { return .transient("no HTTP answer") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return .body(status: http.statusCode, body: Array(data ?? Data()), headers: headers)
    }

    /// `Retry-After` in seconds, or as an HTTP date.
    static func retryAfter(_ value: String?) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return seconds.isFinite ? max(0, seconds) : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }

    /// How many items the body's top-level array holds; nil when it is not a whole JSON array.
    static func itemCount(_ body: [UInt8]) -> Int? {
        (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) as? [Any])?.count
    }

    /// The bytes between a JSON array's brackets, spaces trimmed; nil for an empty array.
    static func arrayContents(_ body: [UInt8]) -> ArraySlice<UInt8>? {
        guard let open = body.firstIndex(of: UInt8(ascii: "[")), let close = body.lastIndex(of: UInt8(ascii: "]")),
            open < close
        else { return nil }
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        var inner = body[(open + 1)..<close]
        while let first = inner.first, isSpace(first) { inner.removeFirst() }
        while let last = inner.last, isSpace(last) { inner.removeLast() }
        return inner.isEmpty ? nil : inner
    }
}
