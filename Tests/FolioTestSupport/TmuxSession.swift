import Foundation
import Testing

/// A real terminal for end-to-end tests: the binary runs in tmux on a private socket, keys go in with
/// send-keys, and the screen comes back with capture-pane.
public final class TmuxSession {
    public let socket = "folio-e2e-\(UUID().uuidString.prefix(8))"
    var statusFile: URL { FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).status") }

    /// `serverOptions` are more lines for the server's config (`set -g set-clipboard on`).
    public init(
        _ command: String, width: Int = 100, height: Int = 30, environment: [String: String] = [:],
        serverOptions: [String] = []
    ) throws {
        // Each session gets its own state and config folders, never the user's.
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-home").path
        var env = [
            "SWIFT_BACKTRACE": "interactive=no", "LANG": "C.UTF-8",
            "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data",
            "XDG_CACHE_HOME": home + "/cache",
            // Colors as the terminal has them, whatever NO_COLOR the test runner was started with.
            "NO_COLOR": "",
        ]
        for (key, value) in environment { env[key] = value }
        let exports = env.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        // Keep the pane after the program exits, to read its exit status and what it left on the screen.
        // Set in the server's config so it holds from the first moment; set later, a quick exit would end the
        // session and the server with it.
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).conf")
        try (["set -g remain-on-exit on", "set -g status off"] + serverOptions).map { $0 + "\n" }.joined()
            .write(to: config, atomically: true, encoding: .utf8)
        // tmux 3.3 has no #{pane_dead_status}: a shell around the program writes its exit status to a file.
        let wrapped = "sh -c 'env \(exports) \(command); echo $? > \(statusFile.path)'"
        try tmux(["-f", config.path, "new-session", "-d", "-x", "\(width)", "-y", "\(height)", wrapped])
    }

    deinit {
        // kill-server answers 0 here yet can leave the server running (seen with tmux 3.3 when spawned from the
        // test process), so the server is also ended by its pid.
        let pid = (try? tmux(["display-message", "-p", "#{pid}"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try? tmux(["kill-server"])
        if let pid = pid.flatMap({ pid_t($0) }), pid > 1 { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(
            at: FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).conf"))
        try? FileManager.default.removeItem(at: statusFile)
        try? FileManager.default.removeItem(
            atPath: FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-home").path)
    }

    /// Runs one tmux command and returns what it printed (through `Spawn`, never Foundation's Process).
    @discardableResult
    public func tmux(_ arguments: [String]) throws -> String {
        try Spawn.run(["/usr/bin/env", "tmux", "-L", socket] + arguments).stdout
    }

    /// Key names as tmux knows them: `j`, `Enter`, `Escape`, `C-l`, `PageDown`.
    public func send(_ keys: String...) throws {
        for key in keys { try tmux(["send-keys", "-t", "0", key]) }
    }

    /// Text sent as it is, not as key names: `-l` to tmux. With `oneAtATime`, a character a send, as typed.
    public func type(_ text: String, oneAtATime: Bool = false) throws {
        for part in oneAtATime ? text.map(String.init) : [text] { try tmux(["send-keys", "-t", "0", "-l", part]) }
    }

    /// The screen with its colours and attributes as escape sequences.
    public func captureColored() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", "0"])
    }

    public func capture() throws -> [String] {
        try tmux(["capture-pane", "-p", "-t", "0"]).components(separatedBy: "\n")
    }

    public func display(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", "0", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "0", "-x", "\(width)", "-y", "\(height)"])
    }

    public var isDead: Bool { (try? display("#{pane_dead}")) == "1" }
    public var exitStatus: Int32? {
        guard isDead, let text = try? String(contentsOf: statusFile, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    public var alternateScreenOn: Bool { (try? display("#{alternate_on}")) == "1" }
    /// The program's pid: the child of the pane's shell (`env` execs the program, keeping its pid).
    public var pid: Int32? {
        guard let shell = Int32((try? display("#{pane_pid}")) ?? ""),
            let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        else { return nil }
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// Polls the screen until `predicate` holds; records an issue with the last screen when it never does.
    @discardableResult
    public func waitFor(
        _ what: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation,
        _ predicate: ([String]) -> Bool
    ) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var screen: [String] = []
        while Date() < deadline {
            screen = try capture()
            if predicate(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record(
            "timed out waiting for \(what); screen was:\n\(screen.joined(separator: "\n"))",
            sourceLocation: sourceLocation)
        return screen
    }

    public func waitForText(_ text: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> [String]
    {
        try waitFor("\"\(text)\"", timeout: timeout, sourceLocation: sourceLocation) {
            $0.contains { $0.contains(text) }
        }
    }

    public func waitForExit(timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = exitStatus { return status }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("folio did not exit", sourceLocation: sourceLocation)
        return nil
    }

    /// Presses `q` and expects folio to exit with status 0.
    public func quit(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try send("q")
        #expect(waitForExit(sourceLocation: sourceLocation) == 0, sourceLocation: sourceLocation)
    }
}
