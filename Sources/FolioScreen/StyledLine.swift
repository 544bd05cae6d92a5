/// A line of text made of runs in different styles, laid out before it is drawn.
public struct StyledLine: Equatable, Sendable {
    /// The runs, left to right.
    public var spans: [(text: String, style: Style)]

    /// A line of these runs.
    public init(_ spans: [(text: String, style: Style)] = []) { self.spans = spans }
    /// A line of one run.
    public init(_ text: String, _ style: Style = .plain) { self.spans = [(text, style)] }

    /// A line with no run.
    public static let empty = StyledLine()

    /// The runs' text, joined.
    public var text: String { spans.map(\.text).joined() }

    /// Same runs, same styles (tuples are not Equatable, so this is written out).
    public static func == (lhs: StyledLine, rhs: StyledLine) -> Bool {
        lhs.spans.count == rhs.spans.count
            && zip(lhs.spans, rhs.spans).allSatisfy { $0.text == $1.text && $0.style == $1.style }
    }
}

extension Screen {
    /// Draws the spans one after another, clipped to `limit` columns. Returns the columns written.
    @discardableResult
    public mutating func put(_ line: StyledLine, row: Int, column: Int, limit: Int) -> Int {
        var used = 0
        for span in line.spans where used < limit {
            used += put(span.text, row: row, column: column + used, limit: limit - used, style: span.style)
        }
        return used
    }
}
