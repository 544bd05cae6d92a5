import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starting other programs: always an argv through posix_spawnp, never a shell, so nothing in a paper's title or a
/// link is ever read as a command.
enum Spawner {
    struct Failure: Error, CustomStringConvertible {
        var program: String
        var code: Int32
        var description: String { "\(program): \(String(cString: strerror(code)))" }
    }

    /// glibc's `POSIX_SPAWN_SETSID` (since 2.26), which Swift does not import: `spawn.h` defines it for
    /// `_GNU_SOURCE` only.
    static let setSessionFlag: Int32 = 0x80

    /// Starts `argv` in a session of its own, standard input from `input` (a pipe's read end) or /dev/null and its
    /// output to /dev/null, so it never writes on the reader's screen or gets its keys. Returns its pid.
    static func startDetached(_ argv: [String], input: Int32? = nil, closing: [Int32] = []) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        for descriptor in closing { posix_spawn_file_actions_addclose(&actions, descriptor) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGTSTP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // A session of its own: no controlling terminal, and Ctrl-C in the reader never reaches it.
        posix_spawnattr_setflags(
            &attributes, Int16(Self.setSessionFlag | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        return try spawn(argv, actions: &actions, attributes: &attributes)
    }

    /// Runs `argv` on this terminal (standard input, output and errors as they are) and waits for it: for a
    /// terminal browser, while the reader's screen is given back.
    static func runInForeground(_ argv: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGTSTP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        return exitStatus(wait(try spawn(argv, actions: &actions, attributes: &attributes)))
    }

    /// What a short command prints on standard output (read through a temporary file), or nil when it fails.
    static func output(of argv: [String]) -> String? {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("folio-\(UUID().uuidString)").path
        defer { unlink(path) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, descriptor, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        guard let pid = try? spawn(argv, actions: &actions, attributes: &attributes), exitStatus(wait(pid)) == 0
        else { return nil }
        return try? String(contentsOfFile: path, encoding: .utf8)
    }

    /// Waits for `pid` on another thread and hands its exit status (128 + a signal) and the seconds it ran.
    static func reap(_ pid: pid_t, then report: @escaping @Sendable (Int32, Double) -> Void) {
        let started = Date()
        DispatchQueue.global(qos: .utility).async {
            report(exitStatus(wait(pid)), Date().timeIntervalSince(started))
        }
    }

    /// The path of `program` on `$PATH`, when it is there and executable.
    static func find(_ program: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    private static func spawn(
        _ argv: [String], actions: inout posix_spawn_file_actions_t, attributes: inout posix_spawnattr_t
    ) throws -> pid_t {
        guard let program = argv.first else { throw Failure(program: "(nothing)", code: EINVAL) }
        let arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, program, &actions, &attributes, arguments, environ)
        guard status == 0 else { throw Failure(program: program, code: status) }
        return pid
    }

    private static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return status
    }

    private static func exitStatus(_ status: Int32) -> Int32 {
        (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
