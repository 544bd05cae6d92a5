/// An input the UI reacts to.
public enum Event: Equatable, Sendable {
    /// A key press, already decoded from the terminal's bytes.
    case key(Key)
    /// The terminal's new size.
    case resize(Size)
    case mouse(MouseEvent)
    /// Text pasted into the terminal (bracketed paste): typed into the open prompt in one go, so a newline in it
    /// never submits.
    case paste(String)
}
