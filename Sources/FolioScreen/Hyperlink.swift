/// A run of cells on one row that shows an address whole: a terminal that knows OSC 8 makes it a link.
public struct Hyperlink: Hashable, Sendable {
    public var row: Int
    public var column: Int
    /// Cells the address takes.
    public var width: Int
    /// A web address, printable ASCII only (the renderer checks).
    public var url: String

    public init(row: Int, column: Int, width: Int, url: String) {
        self.row = row
        self.column = column
        self.width = width
        self.url = url
    }
}
