import FolioTestSupport
import Foundation
import Testing

/// What an installed folio offers besides the reader: completions, colors that follow NO_COLOR, the version.
@Suite("Installed like a real tool", .serialized)
struct InstallEndToEndTests {
    var folio: String { FolioBinary.url.path }

    /// The words bash's completion function offers for `words` (the last one being completed), with the
    /// script `folio --generate-completion-script bash` writes sourced and folio on PATH for its custom parts.
    func bashCompletions(_ words: [String], colonBreaksWords: Bool = true) throws -> [String] {
        let script = try FolioBinary.run(["--generate-completion-script", "bash"])
        #expect(script.status == 0)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("folio-completion-\(UUID()).bash")
        try script.stdout.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let line = words.joined(separator: " ")
        let call = """
            source '\(file.path)'
            \(colonBreaksWords ? "" : "COMP_WORDBREAKS=${COMP_WORDBREAKS//:}")
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); COMP_LINE='\(line)'; COMP_POINT=\(line.count)
            function=$(complete -p folio | sed -E 's/.*-F ([^ ]+).*/\\1/')
            "$function" folio '\(words.last!)' '\(words.count > 1 ? words[words.count - 2] : "")'
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = FolioBinary.url.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
        let result = try Spawn.run(["/bin/bash", "--norc", "-c", call], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test("Bash completes folio li<TAB> to list, --format values, and topic names after --filter topic:")
    func bashCompletion() throws {
        #expect(try bashCompletions(["folio", "li"]) == ["list"])
        #expect(try bashCompletions(["folio", "keys", "--format", ""]) == ["table", "json", "markdown", "man"])
        // Bash splits a word at ':', so `topic:inter` arrives as `topic`, `:`, `inter`, and bash replaces only
        // `inter`: the names alone are offered then.
        let split = try bashCompletions(["folio", "list", "--filter", "topic", ":", "inter"])
        #expect(split.contains("interpretability"), "\(split)")
        let whole = try bashCompletions(["folio", "list", "--filter", "topic:inter"], colonBreaksWords: false)
        #expect(whole.contains("topic:interpretability"), "\(whole)")
        #expect(try bashCompletions(["folio", "list", "--filter", "unr"]) == ["unread"])
        #expect(try bashCompletions(["folio", "read", "--color", ""]) == ["auto", "always", "never"])
    }

    @Test("zsh and fish get topic:NAME too; zsh's _describe, which splits at ':', gets the colon escaped")
    func otherShells() throws {
        let words = ["---completion", "list", "--", "--filter", "3", "11", "folio", "list", "--filter", "topic:inter"]
        let zsh = try FolioBinary.run(words, environment: ["SAP_SHELL": "zsh"])
        #expect(zsh.stdout.split(separator: "\n").contains("topic\\:interpretability"), "\(zsh.stdout)")
        let fish = try FolioBinary.run(words, environment: ["SAP_SHELL": "fish"])
        #expect(fish.stdout.split(separator: "\n").contains("topic:interpretability"), "\(fish.stdout)")
        for shell in ["zsh", "fish"] {
            let script = try FolioBinary.run(["--generate-completion-script", shell])
            #expect(script.status == 0 && script.stdout.contains("---completion list -- --filter"))
        }
    }

    /// True when the screen tmux captured (with -e) sets a foreground or background color anywhere.
    static func hasColor(_ captured: String) -> Bool {
        let pattern = try! NSRegularExpression(pattern: "\u{1B}\\[([0-9;:]*)m")
        let range = NSRange(captured.startIndex..., in: captured)
        for match in pattern.matches(in: captured, range: range) {
            let parameters = (captured as NSString).substring(with: match.range(at: 1))
            for parameter in parameters.split(whereSeparator: { $0 == ";" || $0 == ":" }).compactMap({ Int($0) }) {
                if (30...38).contains(parameter) || (40...48).contains(parameter) || (90...107).contains(parameter) {
                    return true
                }
            }
        }
        return false
    }

    @Test("NO_COLOR=1 draws no color, bold and reverse still; --color always draws color despite it")
    func noColor() throws {
        // An empty NO_COLOR counts as unset (no-color.org); the test runner may set one of its own.
        let colored = try TmuxSession(folio, environment: ["NO_COLOR": ""])
        _ = try colored.waitForText("showing the bundled samples")
        let drawn = try colored.captureColored()
        #expect(
            Self.hasColor(drawn),
            "the default draws color on a terminal with colors: \(drawn.debugDescription.prefix(600))")
        try colored.quit()

        let plain = try TmuxSession(folio, environment: ["NO_COLOR": "1"])
        _ = try plain.waitForText("showing the bundled samples")
        let screen = try plain.captureColored()
        #expect(!Self.hasColor(screen))
        #expect(screen.contains("\u{1B}[7m") || screen.contains(";7m"), "the status line is still reversed")
        try plain.quit()

        let forced = try TmuxSession("\(folio) --color always", environment: ["NO_COLOR": "1"])
        _ = try forced.waitForText("showing the bundled samples")
        #expect(Self.hasColor(try forced.captureColored()))
        try forced.quit()
    }

    @Test("--version names folio's, ncurses' and Swift's versions; doctor says what it found")
    func versionAndDoctor() throws {
        let version = try FolioBinary.run(["--version"])
        #expect(version.status == 0)
        let lines = version.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("folio ") == true)
        #expect(lines.contains { $0.hasPrefix("ncurses 6") })
        #expect(lines.contains { $0.hasPrefix("built with Swift 6") })

        let doctor = try FolioBinary.run(["doctor"], environment: ["NO_COLOR": "1", "TERM": "xterm-256color"])
        for name in ["terminal", "colors", "locale", "config", "state", "digests", "opener", "clipboard"] {
            #expect(doctor.stdout.contains("  \(name) ") || doctor.stdout.contains("! \(name) "), "\(name)")
        }
        #expect(doctor.stdout.contains("TERM=xterm-256color, 256 colors"))
        #expect(doctor.stdout.contains("off (color = auto, NO_COLOR is set)"))
        #expect(doctor.stdout.contains("4 digest files"))
    }
}
