import FolioScreen
import Testing

@Suite("Color specs as a config writes them")
struct ColorSpecTests {
    @Test(
        "Foreground, on background, attributes; each may be left out, and writing one back reads the same",
        arguments: [
            ("black on yellow bold", ColorSpec(.indexed(0), on: .indexed(3), [.bold])),
            ("on blue", ColorSpec(.default, on: .indexed(4))),
            ("bold underline", ColorSpec(.default, [.bold, .underline])),
            ("color244", ColorSpec(.indexed(244))),
            ("BrightRed reverse", ColorSpec(.indexed(9), [.reverse])),
            ("grey italic dim", ColorSpec(.indexed(8), [.italic, .dim])),
            ("default", ColorSpec()),
            ("none", ColorSpec()),
        ])
    func reads(text: String, spec: ColorSpec) throws {
        #expect(try ColorSpec(parsing: text) == spec)
        #expect(try ColorSpec(parsing: spec.description) == spec)
    }

    @Test(
        "A word that is no color or attribute, or one out of place, says which and what it may be",
        arguments: [
            ("blak on yellow", "unknown color \"blak\""), ("red on", "\"on\" needs a background"),
            ("red green", "a color goes first"), ("red blinking", "unknown color or attribute \"blinking\""),
            ("color256", "unknown color \"color256\""), ("bold on red", "\"on\" goes after"),
        ])
    func rejects(text: String, message: String) {
        #expect {
            try ColorSpec(parsing: text)
        } throws: { error in
            (error as? ColorSpec.ParseError)?.description.contains(message) == true
        }
    }

    @Test("A terminal with fewer colors gets the nearest it has")
    func fitted() {
        #expect(TerminalColor.indexed(9).fitted(to: 8) == .indexed(1))
        #expect(TerminalColor.indexed(8).fitted(to: 8) == .indexed(7), "grey turns white, not black")
        #expect(TerminalColor.indexed(196).fitted(to: 16) == .indexed(9))
        #expect(TerminalColor.indexed(196).fitted(to: 8) == .indexed(1))
        #expect(TerminalColor.indexed(244).fitted(to: 16) == .indexed(8))
        #expect(TerminalColor.indexed(196).fitted(to: 256) == .indexed(196))
        #expect(TerminalColor.default.fitted(to: 8) == .default)
    }

    @Test("A theme's look adds the style's own attributes to its role's")
    func look() {
        let theme = Theme([.unread: ColorSpec(.indexed(4))])
        #expect(theme.look(for: Style(bold: true, color: .unread)) == ColorSpec(.indexed(4), [.bold]))
        #expect(theme.look(for: Style(color: .accent)) == .plain, "a role the theme leaves out is plain")
        #expect(Theme.monochrome.look(for: Style(color: .status)) == ColorSpec(.default, [.reverse]))
    }
}
