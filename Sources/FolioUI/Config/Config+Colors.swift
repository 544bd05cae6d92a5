import FolioCore
import FolioScreen

extension Config {
    /// The `[colors]` part of `--print-defaults`: how a part's look is written, and both shipped themes, commented
    /// out (a part written here replaces the theme's, so an uncommented dark part would spoil `theme = "light"`).
    static func colorsText() -> [String] {
        var lines = [
            "# Each part's look: a foreground color, \"on\" a background color, then attributes, as",
            "# status-line = \"black on yellow bold\". Colors: default (the terminal's own), black, red, green, yellow,",
            "# blue, magenta, cyan, white, bright-black … bright-white, color0 to color255 (8 and 16 color terminals",
            "# get the nearest they have). Attributes: bold, dim, italic, underline, reverse. Without color (NO_COLOR,",
            "# --color never, a terminal without colors) attributes alone show each part, whatever is set here.",
            "# Unread titles and headings are bold whatever their color.",
            "[colors]",
        ]
        for (name, theme) in themes {
            lines.append("# theme = \"\(name)\":")
            for part in colorParts {
                lines.append("# \(part.name) = \(TOMLSubset.string(theme[part.role].description))")
            }
        }
        return lines + [""]
    }
}
