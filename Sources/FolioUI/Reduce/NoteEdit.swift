/// A note to edit in the reader's editor, as `Effect.editNote` carries it: the edge writes `text` under a
/// comment line naming the title, runs the editor, and reports back `.noteEdited` when the text changed.
public struct NoteEdit: Equatable, Sendable {
    public var paperKey: String
    public var title: String
    public var text: String

    public init(paperKey: String, title: String, text: String) {
        self.paperKey = paperKey
        self.title = title
        self.text = text
    }
}
