import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1, on a port the system picks, for tests that must meet a real socket:
/// each connection on a thread of its own, one request each (`Connection: close`), answered by `respond`.
/// It can also misbehave as networks do: answer late, or stop mid-body.
public final class TestHTTPServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        /// The path without the query: `/api/daily_papers`.
        public var path: String
        public var query: [String: String]
        /// Header names lower-cased.
        public var headers: [String: String]
        public var time: Date
    }

    public indirect enum Response: Sendable {
        case answer(status: Int, headers: [String: String] = [:], body: [UInt8])
        /// Sends the headers (with the whole body's Content-Length) and this share of the body, then closes.
        case cut(status: Int, body: [UInt8], sentFraction: Double)
        /// Waits, then answers: for timeouts.
        case late(seconds: Double, Response)

        public static func json(_ text: String, status: Int = 200) -> Response {
            .answer(status: status, headers: ["Content-Type": "application/json"], body: Array(text.utf8))
        }
    }

    public let port: Int
    private let listener: Int32
    private let respond: @Sendable (Request) -> Response
    private let log = Mutex<[Request]>([])
    private let stopped = Atomic<Bool>(false)

    public var address: String { "http://127.0.0.1:\(port)" }
    /// Every request heard so far, in order.
    public var requests: [Request] { log.withLock { $0 } }

    public init(respond: @escaping @Sendable (Request) -> Response) throws {
        self.respond = respond
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Spawn.Failed(status: errno, description: "socket() failed") }
        var one: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socket, 16) == 0 else {
            close(socket)
            throw Spawn.Failed(status: errno, description: "cannot listen on 127.0.0.1")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = socket
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops listening: later connections are refused.
    public func stop() {
        // Once: a second close could close another socket that was given the same number meanwhile.
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    deinit { stop() }

    /// A port nothing listens on: connecting to it is refused.
    public static func refusedPort() throws -> Int {
        let server = try TestHTTPServer { _ in .json("[]") }
        let port = server.port
        server.stop()
        return port
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            let thread = Thread { [self] in
                serve(connection)
                close(connection)
            }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while received.count < 65_536, !received.ends(containing: end) {
            let count = read(connection, &buffer, buffer.count)
            if count <= 0 { return }
            received += buffer[0..<count]
        }
        let head = String(decoding: received, as: UTF8.self).components(separatedBy: "\r\n")
        let parts = head.first?.split(separator: " ").map(String.init) ?? []
        guard parts.count >= 2 else { return }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let target = URLComponents(string: parts[1])
        var query: [String: String] = [:]
        for item in target?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let request = Request(
            method: parts[0], path: target?.path ?? parts[1], query: query, headers: headers, time: Date())
        log.withLock { $0.append(request) }
        send(respond(request), on: connection)
    }

    private func send(_ response: Response, on connection: Int32) {
        switch response {
        case .late(let seconds, let response):
            Thread.sleep(forTimeInterval: seconds)
            send(response, on: connection)
        case .answer(let status, let headers, let body):
            write(head(status, headers, length: body.count) + body, to: connection)
        case .cut(let status, let body, let fraction):
            let sent = Int(Double(body.count) * min(1, max(0, fraction)))
            write(
                head(status, ["Content-Type": "application/json"], length: body.count) + body[0..<sent], to: connection)
        }
    }

    private func head(_ status: Int, _ headers: [String: String], length: Int) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\nContent-Length: \(length)\r\n"
        text += "Connection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    private func write(_ bytes: [UInt8], to connection: Int32) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes {
                Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 { return }
            offset += count
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(containing needle: [UInt8]) -> Bool {
        count >= needle.count
            && (0...(count - needle.count)).contains { self[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
