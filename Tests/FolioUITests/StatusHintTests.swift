import FolioScreen
import Testing

@testable import FolioUI

/// The status line's key hint names the keys of the keymap in force (issue 18: with `q` unbound it still said
/// "q quit").
@Suite("Status line key hint")
struct StatusHintTests {
    static let size = Size(width: 100, height: 24)

    func statusLine(_ config: String, pressing keys: [String] = []) throws -> String {
        let (parsed, problems) = Config.parse(config, file: "config.toml")
        #expect(problems == [])
        var state = AppState(library: UIFixtures.sampleLibrary, keymap: parsed.keymap, size: Self.size)
        for key in keys { _ = state.handle(.key(try #require(Key(name: key)))) }
        let screen = render(state, size: Self.size)
        return screen.lines[Self.size.height - 1]
    }

    @Test("The defaults give the hint as it always read")
    func defaults() throws {
        #expect(try statusLine("").hasSuffix("Enter read · ? help · q quit "))
        #expect(try statusLine("", pressing: ["enter"]).hasSuffix("Esc list · ? help · q quit "))
    }

    @Test("An unbound q is not offered: another key that quits is, or none")
    func unboundQuit() throws {
        let otherKey = try statusLine(
            """
            [keys.global]
            "q" = "none"
            "x" = "quit"
            """)
        #expect(!otherKey.contains("q quit"), "\(otherKey)")
        #expect(otherKey.hasSuffix("Enter read · ? help · x quit "), "\(otherKey)")

        let none = try statusLine(
            """
            [keys.global]
            "q" = "none"
            "ctrl-c" = "none"
            """)
        #expect(!none.contains("quit"), "\(none)")
        #expect(none.hasSuffix("Enter read · ? help "), "\(none)")
    }

    @Test("A rebound key in the detail pane is the one named")
    func reboundDetail() throws {
        let line = try statusLine(
            """
            [keys.detail]
            "esc" = "none"
            "tab" = "none"
            "left" = "none"
            """, pressing: ["enter"])
        #expect(line.hasSuffix("h list · ? help · q quit "), "\(line)")
    }
}
