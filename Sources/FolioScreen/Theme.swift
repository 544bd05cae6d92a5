/// The look of every color role: what the terminal draws a `Style` as. Render names roles; a theme gives them
/// colors, so the same screen is drawn dark, light, or without color. Pure data: the terminal turns it into color
/// pairs, and golden screens record it.
public struct Theme: Hashable, Sendable {
    /// A role left out looks plain.
    public var parts: [ColorRole: ColorSpec]

    public init(_ parts: [ColorRole: ColorSpec] = [:]) { self.parts = parts }

    public subscript(role: ColorRole) -> ColorSpec {
        get { parts[role] ?? .plain }
        set { parts[role] = newValue }
    }

    /// What a cell in `style` looks like: its role's colors and attributes, plus the style's own attributes.
    public func look(for style: Style) -> ColorSpec {
        var look = self[style.color]
        if style.bold { look.attributes.insert(.bold) }
        if style.reverse { look.attributes.insert(.reverse) }
        if style.underline { look.attributes.insert(.underline) }
        if style.dim { look.attributes.insert(.dim) }
        return look
    }

    /// Without color (`NO_COLOR`, `--color never`, a terminal without colors): meaning carried by attributes alone.
    public static let monochrome = Theme([
        .muted: ColorSpec(.default, [.dim]),
        .highlight: ColorSpec(.default, [.bold, .reverse]),
        .star: ColorSpec(.default, [.bold]),
        .error: ColorSpec(.default, [.bold]),
        .status: ColorSpec(.default, [.reverse]),
        .selection: ColorSpec(.default, [.reverse]),
        .topicActive: ColorSpec(.default, [.bold, .reverse]),
        .link: ColorSpec(.default, [.underline]),
    ])

    /// For a dark terminal background: the terminal's own text color, cyan accents, grey secondary text.
    public static let dark = Theme([
        .accent: ColorSpec(.indexed(6)),
        .muted: ColorSpec(.indexed(8)),
        .highlight: ColorSpec(.indexed(0), on: .indexed(3)),
        .status: ColorSpec(.default, [.reverse]),
        .star: ColorSpec(.indexed(3)),
        .error: ColorSpec(.indexed(1)),
        .selection: ColorSpec(.default, [.reverse]),
        .topicActive: ColorSpec(.indexed(6), [.reverse]),
        .link: ColorSpec(.indexed(6), [.underline]),
    ])

    /// For a light terminal background: blue accents, no yellow text, dark text for what is unread.
    public static let light = Theme([
        .accent: ColorSpec(.indexed(4)),
        .muted: ColorSpec(.indexed(8)),
        .highlight: ColorSpec(.indexed(0), on: .indexed(11)),
        .status: ColorSpec(.indexed(15), on: .indexed(4)),
        .star: ColorSpec(.indexed(5)),
        .error: ColorSpec(.indexed(1)),
        .unread: ColorSpec(.indexed(0)),
        .selection: ColorSpec(.default, [.reverse]),
        .topicActive: ColorSpec(.indexed(15), on: .indexed(4)),
        .heading: ColorSpec(.indexed(4)),
        .link: ColorSpec(.indexed(4), [.underline]),
    ])
}
