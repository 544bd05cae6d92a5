/// What one part of the screen looks like: a foreground, a background and attributes, written as a config
/// writes it, `black on yellow bold` (foreground, `on` background, attributes, as mutt's and newsboat's `color`
/// lines read). Any of the three may be left out: `bold`, `on blue`, `cyan`.
public struct ColorSpec: Hashable, Sendable, CustomStringConvertible {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: Attributes

    public init(
        _ foreground: TerminalColor = .default, on background: TerminalColor = .default, _ attributes: Attributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// The terminal's colors, no attribute.
    public static let plain = ColorSpec()

    /// Why a spec could not be read: the word that is neither a color nor an attribute, or a misplaced `on`.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `black on yellow bold`; `none` or `normal` is the plain look.
    public init(parsing text: String) throws(ParseError) {
        self.init()
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map {
            $0.lowercased()
        }[...]
        let colorHelp =
            "colors are default, black, red, green, yellow, blue, magenta, cyan, white, bright-black … bright-white, color0 to color255"
        func color(_ word: String) throws(ParseError) -> TerminalColor {
            if let color = TerminalColor(name: word) { return color }
            throw ParseError(description: "unknown color \"\(word)\": \(colorHelp)")
        }
        if let first = words.first, first != "on", Self.attribute(first) == nil, first != "none", first != "normal" {
            foreground = try color(first)
            words = words.dropFirst()
        }
        if words.first == "on" {
            words = words.dropFirst()
            guard let word = words.first else { throw ParseError(description: "\"on\" needs a background color") }
            background = try color(word)
            words = words.dropFirst()
        }
        for word in words where word != "none" && word != "normal" {
            guard let attribute = Self.attribute(word) else {
                if word == "on" { throw ParseError(description: "\"on\" goes after the foreground color") }
                throw ParseError(
                    description: TerminalColor(name: word) != nil
                        ? "\"\(word)\": a color goes first (foreground) or after \"on\" (background)"
                        : "unknown color or attribute \"\(word)\": attributes are bold, dim, italic, underline, reverse; \(colorHelp)"
                )
            }
            attributes.insert(attribute)
        }
    }

    private static func attribute(_ word: String) -> Attributes? {
        Attributes.named.first { $0.name == word }?.attribute
    }

    /// As a config writes it; `default` alone for the plain look.
    public var description: String {
        var words: [String] = []
        if foreground != .default || background != .default || attributes.isEmpty { words.append(foreground.name) }
        if background != .default { words += ["on", background.name] }
        words += Attributes.named.filter { attributes.contains($0.attribute) }.map(\.name)
        return words.joined(separator: " ")
    }
}

extension ColorSpec {
    /// Bold, dim, italic, underline, reverse: one bit each, in the order `named` lists them.
    public struct Attributes: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let bold = bit(0), dim = bit(1), underline = bit(2), reverse = bit(3), italic = bit(4)
        private static func bit(_ index: UInt8) -> Attributes { Attributes(rawValue: 1 << index) }

        /// In the order a spec writes them.
        public static let named: [(name: String, attribute: Attributes)] = [
            ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underline", .underline), ("reverse", .reverse),
        ]
    }
}
