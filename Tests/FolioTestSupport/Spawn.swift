import Foundation

/// The programs the package builds, beside the test bundle in the build folder.
public enum FolioBinary {
    /// The built executable `name` (`folio`, `folio-stress`).
    public static func executable(_ name: String) -> URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundle.appendingPathComponent(name),
            bundle.deletingLastPathComponent().appendingPathComponent(name),
            Fixtures.repository.appendingPathComponent(".build/debug/\(name)"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    public static let url = executable("folio")

    /// Runs `folio` without a terminal (standard input from /dev/null) and returns its exit status and output.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Spawn.Result {
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "interactive=no"
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("folio-run-home").path
        env["XDG_STATE_HOME"] = home + "/state"
        env["XDG_CONFIG_HOME"] = home + "/config"
        env["XDG_DATA_HOME"] = home + "/data"
        env["XDG_CACHE_HOME"] = home + "/cache"
        for (key, value) in environment { env[key] = value }
        return try Spawn.run([url.path] + arguments, environment: env)
    }

    /// The papers `folio list --json` prints for `arguments` (paths, a filter), each once; fails the test by
    /// throwing when folio does not answer with a JSON array.
    public static func listed(_ arguments: [String], environment: [String: String] = [:]) throws -> [[String: Any]] {
        let result = try run(["list", "--json"] + arguments, environment: environment)
        guard let papers = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else {
            throw Spawn.Failed(
                status: result.status, description: "folio list --json \(arguments) printed no array: \(result.stderr)")
        }
        return papers
    }
}

/// posix_spawn with standard output and error sent to files, then waitpid.
///
/// Files, not pipes: tests run in parallel, and a child spawned meanwhile by another test (a tmux server lives
/// on) inherits any pipe's write end, so reading a pipe to its end could wait forever. Not Foundation's Process
/// either: the tmux server that `new-session` forks keeps the descriptors Process watches for the child's exit,
/// so Process would wait forever.
public enum Spawn {
    public struct Failed: Error, CustomStringConvertible {
        public var status: Int32
        public var description: String
    }

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Starts `arguments` with standard input from /dev/null and output and errors to the files named (created
    /// or emptied), and returns its pid for the caller to wait for.
    public static func start(
        _ arguments: [String], environment: [String: String]? = nil,
        stdout outputPath: String, stderr errorPath: String = "/dev/null"
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map {
            $0.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { envp?.forEach { free($0) } }
        let spawned =
            envp.map { envp in posix_spawn(&pid, arguments[0], &actions, nil, argv, envp) }
            ?? posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw Failed(
                status: spawned, description: "could not start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// Waits for `pid` and returns its raw wait status (`status & 0x7F` the signal that ended it, if any).
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return status
    }

    /// Runs `arguments` to the end: its exit status (128 + the signal when one ended it), output and errors.
    public static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("folio-spawn-\(UUID().uuidString)")
            .path
        let outputPath = base + ".out", errorPath = base + ".err"
        defer {
            unlink(outputPath)
            unlink(errorPath)
        }
        let status = wait(try start(arguments, environment: environment, stdout: outputPath, stderr: errorPath))
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(
            status: exitStatus, stdout: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
    }
}
