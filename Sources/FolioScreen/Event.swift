/// An input the UI reacts to.
public enum Event: Equatable, Sendable {
    case key(Key)
    case resize(Size)
    case mouse(MouseEvent)
    /// Text pasted into the terminal (bracketed paste): typed into the open prompt in one go, so a newline in it
    /// never submits.
    case paste(String)
}

public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case click, doubleClick, wheelUp, wheelDown }
    public var kind: Kind
    public var row: Int
    public var column: Int

    public init(_ kind: Kind, row: Int, column: Int) {
        self.kind = kind
        self.row = row
        self.column = column
    }
}
