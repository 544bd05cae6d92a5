import FolioCore
import FolioScreen

extension Renderer {
    /// `Tag: sae -old▏` on the status line, with the paper's tags (or the count tagged) as the hint.
    static func tagPrompt(_ prompt: TagPrompt, state: AppState, _ layout: Layout, into screen: inout Screen) {
        let rect = layout.status
        guard !rect.isEmpty else { return }
        let label = prompt.isBulk ? "Tag \(prompt.papers.count) papers: " : "Tag: "
        let current = prompt.papers.count == 1 ? state.tags(of: prompt.papers[0]) : []
        let now =
            current.isEmpty ? "" : "now " + current.map { DisplayText.sanitize($0) }.joined(separator: " ") + " · "
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

extension Renderer {
    /// A tag's row in the topic picker, after the topics: `[✓]   #sae   3`, checked while `tag:sae` is the filter.
    static func tagRow(
        _ picker: TopicPicker, position: Int, state: AppState, row: Int, frame: Rect, into screen: inout Screen
    ) {
        let tag = picker.tags[position - picker.entries.count]
        let isActive = state.activeFilter?.text == "tag:\(tag)" && state.activeFilter?.name == nil
        let checked = state.settings.unicode ? "✓" : "x"
        let papers = state.layer.papers(taggedWith: tag, capacity: state.library.papers.count)
        let count = Format.count(papers.intersectionCount(state.baseViewSet))
        let width = frame.width - 4
        let countWidth = TextWidth.columns(count)
        let text = TextWidth.truncate(
            "[\(isActive ? checked : " ")]   #\(DisplayText.sanitize(tag))", to: max(0, width - countWidth - 1))
        screen.put(text, row: row, column: frame.column + 2, limit: width, style: Style(bold: isActive, color: .accent))
        screen.put(
            count, row: row, column: frame.column + 2 + width - countWidth, limit: countWidth,
            style: Style(color: .muted))
        if position == picker.cursor { highlightPickerRow(row, frame: frame, into: &screen) }
    }

    /// The picker's cursor row, in the selection's look (bold kept).
    static func highlightPickerRow(_ row: Int, frame: Rect, into screen: inout Screen) {
        screen.restyle(row: row, columns: (frame.column + 1)..<(frame.column + frame.width - 1)) { style in
            style = Style(bold: style.bold, color: .selection)
        }
    }
}
