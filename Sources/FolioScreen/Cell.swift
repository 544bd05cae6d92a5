/// One terminal cell: a grapheme and its style. A wide grapheme's second cell is a continuation (empty text).
public struct Cell: Hashable, Sendable {
    /// The grapheme drawn here, or "" when this cell is the right half of a wide one.
    public var text: String
    public var style: Style

    /// A cell showing `text` (one grapheme, already sanitized) in `style`.
    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }

    /// A plain space: what a new screen is filled with.
    public static let blank = Cell(" ")
    static let continuation = Cell("")

    /// True for the second (or later) column of a wide grapheme, which the terminal never writes on its own.
    public var isContinuation: Bool { text.isEmpty }
}
