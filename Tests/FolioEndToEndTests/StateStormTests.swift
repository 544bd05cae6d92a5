import FolioCore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `folio-stress` killed with SIGKILL at random moments while it saves in a loop: the state file must always be
/// whole, and hold every paper whose save had returned.
@Suite("Reading state under SIGKILL")
struct StateStormTests {
    /// Beside `folio` in the build folder.
    static let stress = FolioBinary.url.deletingLastPathComponent().appendingPathComponent("folio-stress")

    @Test("20 kills mid-save: the file always parses and keeps every save that was reported")
    func killStorm() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("folio-storm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state.json")
        var saved = Set<Int>()
        var lifetimes: [Int] = []

        for run in 1...20 {
            let output = folder.appendingPathComponent("run-\(run).out")
            let milliseconds = Int.random(in: 50...300)
            lifetimes.append(milliseconds)
            let pid = try Self.spawn([Self.stress.path, "--state", state.path], stdout: output.path)
            usleep(useconds_t(milliseconds * 1000))
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            // Killed by the signal, not finished or crashed by itself.
            #expect(status & 0x7F == SIGKILL, "run \(run): wait status \(status)")

            // Whole lines only: `saved <i>` is printed after the save returned.
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                if line.hasPrefix("saved "), let number = Int(line.dropFirst(6)) { saved.insert(number) }
            }

            let (loaded, messages) = StateStore(url: state).load()
            #expect(messages == [], "run \(run) after \(milliseconds) ms")
            let missing = saved.filter { !loaded.isRead("title:paper \($0)") }.sorted()
            #expect(missing.count == 0, "run \(run) after \(milliseconds) ms: \(missing.count) reported saves missing, first \(missing.prefix(5))")
            let aside = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".corrupt-") }
            #expect(aside.isEmpty, "run \(run): moved aside \(aside)")
            if !missing.isEmpty || !messages.isEmpty { break }
        }
        #expect(!saved.isEmpty, "folio-stress never reported a save (runs of \(lifetimes) ms); is it built?")
    }

    /// Starts `arguments` with standard output to a file, input and errors to /dev/null; returns its pid.
    static func spawn(_ arguments: [String], stdout path: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard code == 0 else { throw SpawnFailed(path: arguments[0], code: code) }
        return pid
    }

    struct SpawnFailed: Error, CustomStringConvertible {
        var path: String
        var code: Int32
        var description: String { "could not start \(path): \(String(cString: strerror(code)))" }
    }
}
