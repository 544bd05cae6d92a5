import Foundation
import Testing

/// The built `folio` binary, beside the test bundle in the build folder.
enum FolioBinary {
    static let url: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("folio"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("folio"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/folio"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Runs `folio` without a terminal (standard input from /dev/null) and returns its exit status and output.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, stdout: String, stderr: String) {
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "interactive=no"
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("folio-run-home").path
        env["XDG_STATE_HOME"] = home + "/state"
        env["XDG_CONFIG_HOME"] = home + "/config"
        for (key, value) in environment { env[key] = value }
        return try Spawn.run([url.path] + arguments, environment: env)
    }
}

/// A real terminal for end-to-end tests: the binary runs in tmux on a private socket, keys go in with
/// send-keys, and the screen comes back with capture-pane.
final class TmuxSession {
    let socket = "folio-e2e-\(UUID().uuidString.prefix(8))"
    var statusFile: URL { FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).status") }

    init(_ command: String, width: Int = 100, height: Int = 30, environment: [String: String] = [:]) throws {
        // Each session gets its own state and config folders, never the user's.
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-home").path
        var env = ["SWIFT_BACKTRACE": "interactive=no", "LANG": "C.UTF-8",
                   "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config"]
        for (key, value) in environment { env[key] = value }
        let exports = env.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        // Keep the pane after the program exits, to read its exit status and what it left on the screen.
        // Set in the server's config so it holds from the first moment; set later, a quick exit would end the
        // session and the server with it.
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).conf")
        try "set -g remain-on-exit on\nset -g status off\n".write(to: config, atomically: true, encoding: .utf8)
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
        try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).conf"))
        try? FileManager.default.removeItem(at: statusFile)
        try? FileManager.default.removeItem(atPath: FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-home").path)
    }

    /// Runs one tmux command and returns what it printed.
    ///
    /// Spawned with posix_spawn and reaped with waitpid rather than Foundation's Process: the tmux server that
    /// `new-session` forks keeps the descriptors Process watches for the child's exit, so Process would wait forever.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try Spawn.run(["/usr/bin/env", "tmux", "-L", socket] + arguments).stdout
    }

    /// Key names as tmux knows them: `j`, `Enter`, `Escape`, `C-l`, `PageDown`.
    func send(_ keys: String...) throws {
        for key in keys { try tmux(["send-keys", "-t", "0", key]) }
    }

    func capture() throws -> [String] {
        try tmux(["capture-pane", "-p", "-t", "0"]).components(separatedBy: "\n")
    }

    func display(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", "0", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "0", "-x", "\(width)", "-y", "\(height)"])
    }

    var isDead: Bool { (try? display("#{pane_dead}")) == "1" }
    var exitStatus: Int32? {
        guard isDead, let text = try? String(contentsOf: statusFile, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    var alternateScreenOn: Bool { (try? display("#{alternate_on}")) == "1" }
    /// The program's pid: the child of the pane's shell (`env` execs the program, keeping its pid).
    var pid: Int32? {
        guard let shell = Int32((try? display("#{pane_pid}")) ?? ""),
              let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8) else { return nil }
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// Polls the screen until `predicate` holds; records an issue with the last screen when it never does.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation,
                 _ predicate: ([String]) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var screen: [String] = []
        while Date() < deadline {
            screen = try capture()
            if predicate(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what); screen was:\n\(screen.joined(separator: "\n"))", sourceLocation: sourceLocation)
        return screen
    }

    func waitForText(_ text: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        try waitFor("\"\(text)\"", timeout: timeout, sourceLocation: sourceLocation) { $0.contains { $0.contains(text) } }
    }

    func waitForExit(timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = exitStatus { return status }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("folio did not exit", sourceLocation: sourceLocation)
        return nil
    }
}

/// posix_spawn with standard output and error sent to temporary files, then waitpid.
///
/// Files, not pipes: tests run in parallel, and a child spawned meanwhile by another test (a tmux server lives
/// on) inherits any pipe's write end, so reading a pipe to its end could wait forever.
enum Spawn {
    struct Failed: Error { var status: Int32 }

    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("folio-spawn-\(UUID().uuidString)").path
        let outputPath = base + ".out", errorPath = base + ".err"
        defer { unlink(outputPath); unlink(errorPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        let spawned = envp.map { envp in posix_spawn(&pid, arguments[0], &actions, nil, argv, envp) }
            ?? posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failed(status: spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exitStatus, (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
                (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
    }
}
