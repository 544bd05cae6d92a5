/// A run of cells on one row that shows an address whole: a terminal that knows OSC 8 makes it a link.
public struct Hyperlink: Hashable, Sendable {
    public var row: Int
    /// The cells the address takes on its row.
    public var columns: Range<Int>
    /// A web address, printable ASCII only (the terminal checks again).
    public var url: String

    public init(row: Int, columns: Range<Int>, url: String) {
        (self.row, self.columns, self.url) = (row, columns, url)
    }
}
