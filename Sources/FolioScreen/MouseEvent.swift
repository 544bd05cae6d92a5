/// A mouse click or wheel turn at a cell.
public struct MouseEvent: Equatable, Sendable {
    /// The few mouse inputs Folio reacts to; the terminal drops the rest.
    public enum Kind: Equatable, Sendable { case click, doubleClick, wheelUp, wheelDown }
    public var kind: Kind
    /// The cell under the pointer, from the top-left of the terminal.
    public var row: Int
    public var column: Int

    public init(_ kind: Kind, row: Int, column: Int) {
        self.kind = kind
        self.row = row
        self.column = column
    }
}
