import FolioCore
import FolioScreen

extension Renderer {
    /// The open or copy menu over the bottom of the panes: `a  arXiv   https://arxiv.org/abs/…`, one row an item.
    static func paperMenu(_ menu: PaperMenu, _ layout: Layout, into screen: inout Screen) {
        let bottom = layout.status.row
        let height = min(menu.items.count + 2, bottom)
        let width = min(screen.size.width, 72)
        guard height >= 3, width >= 12 else { return }
        let frame = Rect(row: bottom - height, column: 0, width: width, height: height)
        box(frame, title: " \(menu.title) · a key · Esc closes ", into: &screen)
        let labelWidth = (menu.items.map { TextWidth.columns($0.label) }.max() ?? 0) + 2
        let room = frame.width - 4
        for (offset, item) in menu.items.prefix(frame.height - 2).enumerated() {
            let row = frame.row + 1 + offset
            screen.put(
                String(item.key), row: row, column: frame.column + 2, limit: 1, style: Style(bold: true, color: .accent)
            )
            screen.put(
                OverlayContent.pad(item.label, labelWidth), row: row, column: frame.column + 4, limit: max(0, room - 2),
                style: Style(bold: true))
            let detailColumn = 4 + labelWidth
            let detail = TextWidth.truncate(
                DisplayText.sanitize(item.detail), to: max(0, frame.width - detailColumn - 2))
            screen.put(
                detail, row: row, column: frame.column + detailColumn, limit: max(0, frame.width - detailColumn - 2),
                style: Style(color: .muted))
        }
    }

    /// `Export 12 papers to: folio-2026-03-06.bib▏` on the status line, with its problem on the line above.
    static func exportPrompt(_ prompt: ExportPrompt, count: Int, _ layout: Layout, into screen: inout Screen) {
        let rect = layout.status
        guard !rect.isEmpty else { return }
        let label = "Export \(count) paper\(count == 1 ? "" : "s") to: "
        statusPrompt(
            label, prompt.text, cursor: prompt.cursor, hint: " .bib .md .csv .json .ris · Enter write · Esc cancel ",
            in: rect, into: &screen)
        if let problem = prompt.problem { promptProblem(problem, above: rect, into: &screen) }
    }

    /// A prompt on the status line: the label and the text being typed, the cursor in view, and a hint on the
    /// right when it leaves half the line to the text. Returns the columns cut from the text's front.
    @discardableResult
    static func statusPrompt(
        _ label: String, _ text: String, cursor: Int?, hint: String, in rect: Rect, into screen: inout Screen
    ) -> Int {
        screen.fill(rect)
        let hintWidth = TextWidth.columns(hint)
        let room = rect.width - (hintWidth + 1 < rect.width / 2 ? hintWidth : 0)
        let shift = promptText(
            label, text, cursor: cursor, row: rect.row, column: rect.column, room: room, into: &screen)
        if room < rect.width {
            screen.put(
                hint, row: rect.row, column: rect.column + rect.width - hintWidth, limit: hintWidth,
                style: Style(color: .muted))
        }
        return shift
    }
}
