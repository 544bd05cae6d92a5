import FolioTestSupport
import Foundation
import Testing

/// Every signal that ends folio gives the terminal back: the alternate screen left, the cursor shown, mouse
/// reporting off; the signals it can wait out (all but the crash signals) save the marks first.
@Suite("Signals in tmux", .serialized)
struct SignalTests {
    var folio: String { FolioBinary.url.path }

    /// The terminal as a shell needs it after folio: no alternate screen, a visible cursor, no mouse reporting.
    func expectRestored(_ session: TmuxSession, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(!session.alternateScreenOn, "alternate screen still on", sourceLocation: sourceLocation)
        #expect(try session.display("#{cursor_flag}") == "1", "cursor hidden", sourceLocation: sourceLocation)
        #expect(try session.display("#{mouse_any_flag}") == "0", "mouse still on", sourceLocation: sourceLocation)
    }

    @Test(
        "QUIT, USR1, USR2, PIPE and ALRM save the marks and give the terminal back",
        arguments: [SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM])
    func endingSignal(signal: Int32) throws {
        let session = try TmuxSession("\(folio)", width: 80, height: 24)
        _ = try session.waitForText("── 1/")
        let state = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(session.socket)-home/state/folio/state.json")
        try? FileManager.default.removeItem(at: state)
        try session.send("s")
        _ = try session.waitForText("★")
        let pid = try #require(session.pid)
        kill(pid, signal)
        #expect(session.waitForExit() == 128 + signal)
        try expectRestored(session)
        let saved = (try? String(contentsOf: state, encoding: .utf8)) ?? ""
        #expect(saved.contains("starred"), "the star was saved before exit: \(saved.prefix(200))")
    }

    /// A crash signal sent with `kill` faults nowhere: once the reporter (Swift's backtracer, or none) returns,
    /// folio must end, not go on with the terminal given back.
    @Test(
        "Crash signals give the terminal back and end folio, with the backtracer and without",
        arguments: [SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE, SIGTRAP], ["interactive=no", "enable=no"])
    func crashSignal(signal: Int32, backtrace: String) throws {
        let session = try TmuxSession(
            "\(folio)", width: 80, height: 24, environment: ["SWIFT_BACKTRACE": backtrace])
        _ = try session.waitForText("── 1/")
        let pid = try #require(session.pid)
        kill(pid, signal)
        #expect(session.waitForExit(timeout: 60) == 128 + signal)
        try expectRestored(session)
    }
}

/// `folio list | head`: once head has read enough, folio ends by SIGPIPE, silently, even under a parent that
/// ignores the signal (the ignored disposition is inherited; folio puts the default back).
@Suite("A CLI pipe closed early")
struct ClosedPipeTests {
    @Test("list --json into head -n 1 ends by SIGPIPE with nothing on standard error")
    func quietEnd() throws {
        try TemporaryFolder.with { folder in
            let errors = folder.appendingPathComponent("stderr").path
            // More than a pipe holds (64 KB), so folio is still writing when head goes.
            let script =
                "trap '' PIPE; '\(FolioBinary.url.path)' list --json '\(Fixtures.corpus.path)' 2>'\(errors)' "
                + "| head -n 1 >/dev/null; echo ${PIPESTATUS[0]}"
            let result = try Spawn.run(["/bin/bash", "-c", script])
            #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(128 + SIGPIPE)")
            #expect(try String(contentsOfFile: errors, encoding: .utf8) == "")
        }
    }
}

/// The reader starts on hostile config files (issue 18's: nesting, chains and doubling of named filters, a
/// million errors, CRLF) and quits cleanly.
@Suite("Hostile config files in tmux", .serialized)
struct HostileConfigTests {
    static let configs: [(name: String, text: String)] = [
        ("parentheses", "[filters]\na = \"" + String(repeating: "(", count: 100_000) + "unread\"\n"),
        ("list nesting", "digests = " + String(repeating: "[", count: 200_000) + "\n"),
        (
            "doubling filters",
            "[filters]\n" + (0..<25).map { "e\($0) = \"@e\($0 + 1) or @e\($0 + 1)\"\n" }.joined() + "e25 = \"unread\"\n"
        ),
        ("errors", String(repeating: "nonsense\n", count: 300_000)),
        ("crlf", "[display]\r\ntopic-bar = false\r\n"),
    ]

    @Test("The reader starts, draws and quits", arguments: 0..<configs.count)
    func starts(_ index: Int) throws {
        try TemporaryFolder.with { folder in
            let config = folder.appendingPathComponent("config.toml")
            try Self.configs[index].text.write(to: config, atomically: true, encoding: .utf8)
            let session = try TmuxSession("\(FolioBinary.url.path) --config \(config.path)", width: 80, height: 24)
            // The first frame: the list's position line (the status line may say the config's problems instead).
            _ = try session.waitForText("── 1/")
            try session.quit()
            #expect(!session.alternateScreenOn)
        }
    }
}
