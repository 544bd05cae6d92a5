import FolioCore
import FolioScreen

extension Renderer {
    /// `Tag: sae -old▏` on the status line, with the paper's tags (or the count tagged) as the hint.
    static func tagPrompt(_ prompt: TagPrompt, state: AppState, _ layout: Layout, into screen: inout Screen) {
        let rect = layout.status
        guard !rect.isEmpty else { return }
        let label = prompt.isBulk ? "Tag \(prompt.papers.count) papers: " : "Tag: "
        let current = prompt.papers.count == 1 ? state.tags(of: prompt.papers[0]) : []
        let now = current.isEmpty ? "" : "now " + current.map { DisplayText.sanitize($0) }.joined(separator: " ") + " · "
        statusPrompt(
            label, prompt.text, cursor: prompt.cursor, hint: " \(now)-name removes · Tab completes · Esc cancels ",
            in: rect, into: &screen)
        if let problem = prompt.problem { promptProblem(problem, above: rect, into: &screen) }
    }

    /// A prompt's problem on the line above the status line, in the error's look.
    static func promptProblem(_ problem: String, above rect: Rect, into screen: inout Screen) {
        guard rect.row > 0 else { return }
        let line = Rect(row: rect.row - 1, column: rect.column, width: rect.width, height: 1)
        screen.fill(line)
        screen.put(
            TextWidth.truncate(DisplayText.sanitize(problem), to: rect.width), row: line.row, column: line.column,
            limit: rect.width, style: Style(bold: true, color: .error))
    }

    /// A row's tags, compact: `#sae #todo`, at most `limit` columns (cut with …), empty without tags.
    static func rowTags(_ paper: PaperID, state: AppState, limit: Int) -> String {
        let tags = state.tags(of: paper)
        guard !tags.isEmpty, limit > 1 else { return "" }
        let text = tags.map { "#" + DisplayText.sanitize($0) }.joined(separator: " ")
        return TextWidth.truncate(text, to: limit)
    }
}
