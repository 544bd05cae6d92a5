import FolioCore
import FolioScreen

extension DetailContent {
    /// The reader's tags and note, under the metadata: `Tags: sae · todo`, then the note, sanitised (a note may
    /// hold anything pasted into it) and wrapped, under `Note (e edits):`.
    static func layerLines(for paper: Paper, state: AppState, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        let tags = state.tags(of: paper.id)
        if !tags.isEmpty {
            let text = "Tags: " + tags.map { DisplayText.sanitize($0) }.joined(separator: " · ")
            for range in TextWrap.wrap(text, width: width) {
                lines.append(StyledLine(String(text[range]), Style(color: .accent)))
            }
        }
        if let note = state.note(of: paper.id) {
            lines.append(.empty)
            lines.append(StyledLine("Note (e edits):", Style(bold: true, color: .accent)))
            let text = DisplayText.sanitize(note, keepNewlines: true)
            for range in TextWrap.wrap(text, width: width) { lines.append(StyledLine(String(text[range]))) }
        }
        return lines
    }
}
