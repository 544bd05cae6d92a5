import CNCursesW
import FolioScreen

/// Maps the color roles render uses to ncurses color pairs and attributes, from a plain `Theme`: one pair per
/// distinct foreground and background the theme names, fitted to the colors the terminal has.
struct Palette {
    /// A role's look on this terminal: its color pair (0: the terminal's own colors) and attributes.
    struct Look: Equatable {
        var pair: Int16
        var attributes: ColorSpec.Attributes
    }

    /// The pairs to define, numbered from 1, as (foreground, background); -1 is the terminal's own color.
    private(set) var pairs: [(foreground: Int16, background: Int16)] = []
    private var looks: [Look]

    /// Without colors the theme is set aside for `Theme.monochrome`: meaning carried by attributes alone.
    init(theme: Theme, colorCount: Int?) {
        let theme = colorCount == nil ? Theme.monochrome : theme
        var pairNumbers: [TerminalColor: [TerminalColor: Int16]] = [:]
        var pairs: [(foreground: Int16, background: Int16)] = []
        func number(_ color: TerminalColor) -> Int16 {
            if case .indexed(let index) = color { Int16(index) } else { -1 }
        }
        looks = ColorRole.allCases.map { role in
            let spec = theme[role]
            guard let colorCount else { return Look(pair: 0, attributes: spec.attributes) }
            let foreground = spec.foreground.fitted(to: colorCount)
            let background = spec.background.fitted(to: colorCount)
            if foreground == .default, background == .default { return Look(pair: 0, attributes: spec.attributes) }
            if let pair = pairNumbers[foreground]?[background] { return Look(pair: pair, attributes: spec.attributes) }
            pairs.append((number(foreground), number(background)))
            let pair = Int16(pairs.count)
            pairNumbers[foreground, default: [:]][background] = pair
            return Look(pair: pair, attributes: spec.attributes)
        }
        self.pairs = pairs
    }

    /// The role's pair and its attributes: what a cell of that role is drawn with before the style's own.
    func look(for role: ColorRole) -> Look { looks[Int(role.rawValue)] }

    /// Defines the pairs; after `start_color` and `use_default_colors`.
    func install() {
        for (offset, pair) in pairs.enumerated() { init_pair(Int16(offset + 1), pair.foreground, pair.background) }
    }

    func attributes(for style: Style) -> (attr_t, Int16) {
        let look = look(for: style.color)
        var attributes = folio_a_normal()
        let wanted = look.attributes
        if style.bold || wanted.contains(.bold) { attributes |= folio_a_bold() }
        if style.reverse || wanted.contains(.reverse) { attributes |= folio_a_reverse() }
        if style.underline || wanted.contains(.underline) { attributes |= folio_a_underline() }
        if style.dim || wanted.contains(.dim) { attributes |= folio_a_dim() }
        if wanted.contains(.italic) { attributes |= folio_a_italic() }
        return (attributes, look.pair)
    }
}
