/// What a cell looks like beyond its text. Colors are roles; the terminal maps them to its palette.
public struct Style: Hashable, Sendable {
    public var bold = false
    public var reverse = false
    public var underline = false
    public var dim = false
    public var color: ColorRole = .normal

    /// A style; every attribute off and the normal color unless given.
    public init(
        bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false,
        color: ColorRole = .normal
    ) {
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
        self.color = color
    }

    /// No attribute, normal color.
    public static let plain = Style()

    /// One letter for golden screens: `.` plain, else the first that applies.
    var code: Character {
        if color == .highlight { return "h" }
        // The roles a theme draws reversed without color read as reverse, as they were drawn before themes.
        if reverse || color == .status || color == .selection || color == .topicActive { return "r" }
        if bold { return "b" }
        if underline { return "u" }
        if dim || color == .muted { return "d" }
        if color == .accent { return "a" }
        if color == .star { return "s" }
        return "."
    }
}
