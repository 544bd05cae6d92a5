/// A terminal's or a screen's size in columns and rows; never negative, so a tiny window cannot underflow layout.
public struct Size: Hashable, Sendable {
    public var width: Int
    public var height: Int

    /// Negative sides become 0.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }
}
