import CNCursesW
import FolioScreen

/// Maps the color roles render uses to ncurses color pairs and attributes.
enum Palette {
    private static let pairs: [ColorRole: Int16] = [.accent: 1, .muted: 2, .highlight: 3, .star: 4, .error: 5]

    static func install() {
        init_pair(1, Int16(COLOR_CYAN), -1)
        // Bright black where the terminal has 16 colors, else dim white.
        init_pair(2, folio_colors() >= 16 ? 8 : Int16(COLOR_WHITE), -1)
        init_pair(3, Int16(COLOR_BLACK), Int16(COLOR_YELLOW))
        init_pair(4, Int16(COLOR_YELLOW), -1)
        init_pair(5, Int16(COLOR_RED), -1)
    }

    static func attributes(for style: Style, colors: Bool) -> (attr_t, Int16) {
        var attributes = folio_a_normal()
        if style.bold { attributes |= folio_a_bold() }
        if style.reverse { attributes |= folio_a_reverse() }
        if style.underline { attributes |= folio_a_underline() }
        if style.dim { attributes |= folio_a_dim() }
        guard colors, let pair = pairs[style.color] else {
            // Without colors, meaning falls back to attributes.
            switch style.color {
            case .highlight: attributes |= folio_a_reverse() | folio_a_bold()
            case .muted: attributes |= folio_a_dim()
            case .star, .error: attributes |= folio_a_bold()
            default: break
            }
            return (attributes, 0)
        }
        return (attributes, pair)
    }
}
