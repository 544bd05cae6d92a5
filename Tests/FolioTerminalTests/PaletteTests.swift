import FolioScreen
import Testing

@testable import FolioTerminal

@Suite("The palette: a theme as ncurses color pairs")
struct PaletteTests {
    @Test("One pair per distinct foreground and background, fitted to the terminal; the terminal's own is pair 0")
    func pairs() {
        let theme = Theme([
            .star: ColorSpec(.indexed(3)), .error: ColorSpec(.indexed(3)),
            .status: ColorSpec(.indexed(9), on: .indexed(4)),
            .heading: ColorSpec(.default, [.bold]),
        ])
        let palette = Palette(theme: theme, colorCount: 8)
        #expect(palette.pairs.count == 2)
        #expect(palette.look(for: .star).pair == palette.look(for: .error).pair)
        #expect(palette.pairs[Int(palette.look(for: .status).pair) - 1] == (1, 4) as (Int16, Int16))
        #expect(palette.look(for: .heading) == Palette.Look(pair: 0, attributes: [.bold]))
        #expect(palette.look(for: .normal).pair == 0)
    }

    @Test("Without colors no pair is made, and each role takes its monochrome attributes, whatever the theme")
    func noColors() {
        let palette = Palette(theme: .light, colorCount: nil)
        #expect(palette.pairs.isEmpty)
        for role in ColorRole.allCases {
            #expect(palette.look(for: role) == Palette.Look(pair: 0, attributes: Theme.monochrome[role].attributes))
        }
    }
}
