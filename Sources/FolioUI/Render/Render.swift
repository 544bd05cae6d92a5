import FolioCore
import FolioScreen

/// Draws the whole UI for a state into a cell grid. Pure: it reads the state and changes nothing, so every
/// screen can be tested without a terminal.
public func render(_ state: AppState, size: Size) -> Screen {
    var screen = Screen(size: size)
    guard size.width > 0, size.height > 0 else { return screen }
    var state = state
    if state.size != size {
        state.size = size
        state.clampScroll()
        state.layOutModal()
    }
    let layout = state.layout
    if let bar = layout.topicBar { Renderer.topicBar(state, bar, into: &screen) }
    Renderer.list(state, layout.list, into: &screen)
    if let line = layout.searchLine { Renderer.searchLine(state, line, into: &screen) }
    Renderer.divider(state, layout, into: &screen)
    let detailLines = Renderer.detail(state, layout.detail, into: &screen)
    switch state.modal {
    case .topicPicker: Renderer.topicPicker(state, layout, into: &screen)
    case .help(let help): Renderer.overlay("Keys", help.lines, scroll: help.scroll, into: &screen)
    case .log(let log): Renderer.overlay("Loading log", log.lines, scroll: log.scroll, into: &screen)
    case .paperMenu(let menu): Renderer.paperMenu(menu, layout, into: &screen)
    case .search, .filterPrompt, .confirmation, .exportPrompt, .tagPrompt, nil: break
    }
    if state.filterPrompt != nil {
        Renderer.filterPrompt(state, layout, into: &screen)
    } else if let prompt = state.exportPrompt {
        Renderer.exportPrompt(prompt, count: state.visible.count, layout, into: &screen)
    } else if let prompt = state.tagPrompt {
        Renderer.tagPrompt(prompt, state: state, layout, into: &screen)
    } else {
        Renderer.status(state, layout.status, layout: layout, detailLines: detailLines, into: &screen)
    }
    return screen
}

enum Renderer {
    /// `/ query▏   123 results` above the results while the search pane is open.
    static func searchLine(_ state: AppState, _ rect: Rect, into screen: inout Screen) {
        guard let pane = state.search, !rect.isEmpty else { return }
        var count: String
        if state.searchIndex == nil {
            count = "indexing…"
        } else if pane.query.trimmingSpaces.isEmpty {
            count = "type words; \"a phrase\", -word, title:word"
        } else {
            count =
                (pane.countIsLowerBound ? "at least " : "")
                + "\(pane.resultCount) result\(pane.resultCount == 1 ? "" : "s")"
            // The word being typed matches as a prefix: say so, as Enter keeps it.
            if let prefix = pane.typedPrefix { count += " · " + DisplayText.sanitize(prefix) }
        }
        let countWidth = TextWidth.columns(count)
        let promptWidth = rect.width - (countWidth + 2 < rect.width / 2 ? countWidth + 2 : 0)
        _ = promptText(
            "/", pane.query, cursor: pane.cursor, row: rect.row, column: rect.column, room: promptWidth, into: &screen)
        if promptWidth < rect.width {
            screen.put(
                count, row: rect.row, column: rect.column + rect.width - countWidth - 1, limit: countWidth,
                style: Style(color: .muted))
        }
    }

    static func list(_ state: AppState, _ rect: Rect, into screen: inout Screen) {
        guard !rect.isEmpty else { return }
        if state.visible.isEmpty {
            let text =
                state.library.papers.isEmpty
                ? "No papers loaded. Run folio with digest files or folders: folio ~/papers"
                : state.search != nil
                    ? ""
                    : state.isFiltered
                        ? "No paper of this view passes the filter: F clears it."
                        : "No papers in this view."
            for (offset, range) in TextWrap.wrap(text, width: rect.width).prefix(rect.height).enumerated() {
                screen.put(
                    text[range], row: rect.row + offset, column: rect.column, limit: rect.width,
                    style: Style(color: .muted))
            }
            return
        }
        let day = state.currentDay?.date
        let shown = state.visible[
            min(
                state.listScroll, state.visible.count)..<min(
                    state.listScroll + rect.height, state.visible.count)]
        // The date and upvote columns are as wide as the rows on screen need: none for upvotes no paper there has,
        // none for dates when every paper is of the day shown (the status line says the day).
        var columns = MetaColumns()
        if rect.width >= 40 {
            for id in shown {
                let meta = metaTexts(state.library.papers[id], day: day, state: state)
                columns.date = max(columns.date, TextWidth.columns(meta.date))
                columns.votes = max(columns.votes, TextWidth.columns(meta.votes))
            }
        }
        for offset in 0..<rect.height {
            let index = state.listScroll + offset
            guard index < state.visible.count else { break }
            let paper = state.library.papers[state.visible[index]]
            let row = rect.row + offset
            let selected = index == state.selection
            drawRow(
                paper, day: day, columns: columns, selected: selected, focused: state.focus == .list, state: state,
                row: row, rect: rect, into: &screen)
        }
    }

    /// Widths of the list's date and upvote columns; 0 leaves one out.
    struct MetaColumns {
        var date = 0
        var votes = 0
    }

    /// A row's date (empty when it is the day shown) and upvotes (empty when the paper has none).
    static func metaTexts(_ paper: Paper, day: DayDate?, state: AppState) -> (date: String, votes: String) {
        let arrow = state.settings.unicode ? "▲" : "^"
        var date = paper.published?.long ?? paper.publishedText.map { DisplayText.sanitize($0) } ?? ""
        if let day, paper.published == day { date = "" }
        let votes =
            (day.flatMap { paper.upvotes(on: $0) } ?? paper.upvotes).map { "\(arrow)\(Format.count($0))" } ?? ""
        return (date, votes)
    }

    private static func drawRow(
        _ paper: Paper, day: DayDate?, columns: MetaColumns, selected: Bool, focused: Bool, state: AppState,
        row: Int, rect: Rect, into screen: inout Screen
    ) {
        var meta = ""
        if rect.width >= 40, columns.date + columns.votes > 0 {
            let (date, votes) = metaTexts(paper, day: day, state: state)
            if columns.date > 0 { meta = OverlayContent.pad(date, columns.date) }
            if columns.date > 0, columns.votes > 0 { meta += " " }
            if columns.votes > 0 { meta += votes.leftPadded(to: columns.votes) }
            if meta.allSatisfy({ $0 == " " }) { meta = "" }
        }
        // Tags before the date, compactly, where the row has room for them beside a useful part of the title.
        let tags = rect.width >= 50 ? rowTags(paper.id, state: state, limit: rect.width / 4) : ""
        if !tags.isEmpty { meta = meta.isEmpty ? tags : tags + " " + meta }
        // Meta takes its width plus a space before it and one after, clear of the divider.
        let metaWidth = meta.isEmpty ? 0 : TextWidth.columns(meta) + 2
        let titleWidth = max(0, rect.width - 1 - metaWidth)
        let title = TextWidth.truncate(DisplayText.sanitize(paper.title), to: titleWidth)
        // The first column marks starred papers; unread titles are bold, as mutt and newsboat show new mail.
        let starred = state.isStarred(paper.id)
        let star = starred ? (state.settings.unicode ? "★" : "*") : " "
        screen.put(star, row: row, column: rect.column, limit: 1, style: Style(color: .star))
        screen.put(
            title, row: row, column: rect.column + 1, limit: rect.width - 1,
            style: state.isRead(paper.id) ? Style(color: .listRow) : Style(bold: true, color: .unread))
        highlight(title, ranges: state.highlightRanges(in: title), row: row, column: rect.column + 1, into: &screen)
        if !meta.isEmpty, rect.width > metaWidth {
            screen.put(
                meta, row: row, column: rect.column + rect.width - metaWidth + 1, limit: metaWidth - 2,
                style: Style(color: .muted))
        }
        if selected {
            screen.restyle(row: row, columns: rect.column..<(rect.column + rect.width)) { style in
                if focused {
                    // A match stays a match, reversed; the rest takes the selection's look.
                    let isMatch = style.color == .highlight
                    style = Style(bold: style.bold, reverse: isMatch, color: isMatch ? .highlight : .selection)
                } else {
                    style = Style(bold: true, underline: true)
                }
            }
        }
    }

    /// Marks the cells of `text` (drawn at `column`) that fall in the UTF-8 `ranges` as search matches.
    static func highlight(_ text: String, ranges: [Range<Int>], row: Int, column: Int, into screen: inout Screen) {
        guard !ranges.isEmpty else { return }
        var offset = 0
        var cursor = column
        for character in text {
            let width = TextWidth.columns(character)
            let length = character.utf8.count
            if ranges.contains(where: { $0.overlaps(offset..<(offset + length)) }) {
                screen.restyle(row: row, columns: cursor..<(cursor + width)) { $0.color = .highlight }
            }
            offset += length
            cursor += width
        }
    }

    static func divider(_ state: AppState, _ layout: Layout, into screen: inout Screen) {
        let rect = layout.divider
        guard !rect.isEmpty else { return }
        let muted = Style(color: .muted)
        if layout.sideBySide {
            for row in rect.row..<(rect.row + rect.height) {
                screen.put("│", row: row, column: rect.column, limit: 1, style: muted)
            }
            return
        }
        screen.put(
            String(repeating: "─", count: rect.width), row: rect.row, column: rect.column, limit: rect.width,
            style: muted)
        var label = " \(state.visible.isEmpty ? 0 : state.selection + 1)/\(state.visible.count) "
        if state.focus == .detail { label = " reading · Esc back to list " }
        if rect.width > TextWidth.columns(label) + 4 {
            screen.put(
                label, row: rect.row, column: rect.column + 2, limit: rect.width - 2,
                style: state.focus == .detail ? Style(color: .accent) : muted)
        }
    }

    /// Draws the detail pane; returns how many lines its content has, for the status line's percentage.
    static func detail(_ state: AppState, _ rect: Rect, into screen: inout Screen) -> Int {
        guard !rect.isEmpty, let paper = state.selectedPaper else { return 0 }
        let lines = state.detailLines(for: paper)
        let links = state.settings.hyperlinks ? paper.links : []
        for offset in 0..<rect.height {
            let index = state.detailScroll + offset
            guard index < lines.count else { break }
            screen.put(lines[index], row: rect.row + offset, column: rect.column, limit: rect.width)
            // A link line starts with its address, whole: that run becomes an OSC 8 link where the terminal can.
            if let link = links.first(where: { lines[index].text.hasPrefix($0.url) }),
                link.url.count <= rect.width
            {
                screen.hyperlinks.append(
                    Hyperlink(
                        row: rect.row + offset, columns: rect.column..<(rect.column + link.url.count), url: link.url))
            }
            let text = lines[index].text
            highlight(
                text, ranges: state.highlightRanges(in: text), row: rect.row + offset, column: rect.column,
                into: &screen)
        }
        return lines.count
    }

    /// A panel over the panes (the help, the log) with the lines its mode laid out.
    static func overlay(_ title: String, _ lines: [StyledLine], scroll: Int, into screen: inout Screen) {
        let frame = OverlayContent.frame(in: screen.size)
        guard frame.width >= 3, frame.height >= 3 else { return }
        box(frame, title: " \(title) · Esc closes ", into: &screen)
        let inner = frame.width - 2
        let contentWidth = max(0, inner - 2)
        for offset in 0..<(frame.height - 2) {
            let index = scroll + offset
            guard index < lines.count else { break }
            screen.put(lines[index], row: frame.row + 1 + offset, column: frame.column + 2, limit: contentWidth)
        }
        // Where the panel is in its lines, on the bottom border, as less says it: more below is never a surprise.
        let rows = frame.height - 2
        if lines.count > rows {
            let last = min(lines.count, scroll + rows)
            let place =
                last < lines.count
                ? " lines \(scroll + 1)-\(last) of \(lines.count) · more below: j, space "
                : " lines \(scroll + 1)-\(last) of \(lines.count) · end "
            screen.put(
                TextWidth.truncate(place, to: max(0, inner - 2)), row: frame.row + frame.height - 1,
                column: frame.column + 2, limit: max(0, inner - 2), style: Style(color: .accent))
        }
    }

    /// Draws `label` and `text` in `room` columns with the cursor (a character offset into `text`, nil for its end)
    /// in view: a text too long is cut at the front, shown by "…". Returns the columns cut, for anything that
    /// points into the text.
    @discardableResult
    static func promptText(
        _ label: String, _ text: String, cursor: Int?, row: Int, column: Int, room: Int,
        into screen: inout Screen
    ) -> Int {
        guard room > 0 else { return 0 }
        let full = label + DisplayText.sanitize(text)
        let cursorColumns = TextWidth.columns(label + DisplayText.sanitize(String(text.prefix(cursor ?? text.count))))
        var shift = 0
        var shown = full
        if TextWidth.columns(full) >= room {
            // Hide enough in front that the cursor and a column after it fit; "…" takes one column of it.
            let target = max(0, cursorColumns - (room - 2)) + 1
            var hidden = 0
            var rest = Substring(full)
            while hidden < target, let first = rest.first {
                hidden += TextWidth.columns(first)
                rest = rest.dropFirst()
            }
            shift = hidden - 1
            shown = "…" + rest
        }
        screen.put(shown, row: row, column: column, limit: room, style: Style(bold: true))
        screen.cursor = (row, column + max(0, min(cursorColumns - shift, room - 1)))
        return shift
    }

    /// A cleared frame with a border and a title on its top edge.
    static func box(_ frame: Rect, title: String, into screen: inout Screen) {
        screen.fill(frame)
        let border = Style(color: .accent)
        let inner = frame.width - 2
        screen.put(
            "┌" + String(repeating: "─", count: inner) + "┐", row: frame.row, column: frame.column, limit: frame.width,
            style: border)
        screen.put(
            "└" + String(repeating: "─", count: inner) + "┘", row: frame.row + frame.height - 1,
            column: frame.column, limit: frame.width, style: border)
        for row in (frame.row + 1)..<(frame.row + frame.height - 1) {
            screen.put("│", row: row, column: frame.column, limit: 1, style: border)
            screen.put("│", row: row, column: frame.column + frame.width - 1, limit: 1, style: border)
        }
        screen.put(
            title, row: frame.row, column: frame.column + 2, limit: max(0, inner - 2),
            style: Style(bold: true, color: .heading))
    }

    static func status(
        _ state: AppState, _ rect: Rect, layout: Layout, detailLines total: Int, into screen: inout Screen
    ) {
        guard !rect.isEmpty else { return }
        let bar = Style(color: .status)
        screen.fill(rect, style: bar)
        let position = state.visible.isEmpty ? "0/0" : "\(state.selection + 1)/\(state.visible.count)"
        var dayLabel: String
        switch state.scope {
        case .day(let index):
            let date = state.library.days[index].date
            dayLabel = date.long + (index == state.library.days.count - 1 ? " (latest)" : "")
        case .allDays:
            dayLabel = "all days"
        case .search(let query):
            dayLabel = "search: " + DisplayText.sanitize(query)
        case .related(let paper):
            dayLabel = "like: " + TextWidth.truncate(DisplayText.sanitize(state.library.papers[paper].title), to: 30)
        }
        // Kept results in their own order are ranked; another sort names itself.
        var sortLabel = state.sort.label
        if state.scope.isKept, state.sort == .digest { sortLabel = "ranked" }
        let star = state.settings.unicode ? "★" : "*"
        var left = " \(position)"
        if let filter = state.filterLabel {
            // What narrows the list comes first: it explains a short list, and a narrow status line keeps it.
            left += " · filter: " + TextWidth.truncate(DisplayText.sanitize(filter), to: max(8, rect.width / 3))
        }
        left += " · \(dayLabel) · \(sortLabel) · \(state.viewUnread) unread"
        if state.viewStarred > 0 { left += " · \(state.viewStarred)\(star)" }
        // How far through the abstract, as less shows it, when it does not fit its pane.
        if state.selectedPaper != nil, !layout.detail.isEmpty {
            if total > layout.detail.height {
                let percent = min(100, (state.detailScroll + layout.detail.height) * 100 / total)
                left += " · \(percent == 100 ? "end" : "\(percent)%")"
            }
        }
        var right: String
        var isHint = false
        let help = HintPart("?", .help, "help")
        let quit = HintPart("q", .quit, "quit")
        let back = HintPart("esc", shown: "Esc", .focusList, "back")
        if let confirmation = state.confirmation {
            right = confirmation.question + " "
        } else if let hint = state.dispatcher.hint {
            right = "\(hint) … "
        } else if let message = state.message {
            right = DisplayText.sanitize(message) + " "
        } else if let problem = state.saveProblem {
            right = DisplayText.sanitize(problem) + " "
        } else {
            isHint = true
            if state.search != nil {
                right = "Enter keep · Esc back · ↑↓ history · ^N ^P move "
            } else {
                if state.focus == .detail {
                    right = keyHint(state, [.init("esc", shown: "Esc", .focusList, "list"), help, quit])
                } else if case .search = state.scope {
                    right = keyHint(
                        state,
                        [back, .init("enter", shown: "Enter", .focusDetail, "read"), .init("/", .search, "edit"), quit])
                } else if case .related = state.scope {
                    right = keyHint(state, [back, .init("enter", shown: "Enter", .focusDetail, "read"), help, quit])
                } else {
                    right = keyHint(state, [.init("enter", shown: "Enter", .focusDetail, "read"), help, quit])
                }
            }
        }
        // The digest the paper came from, when there is room for it.
        if let paper = state.selectedPaper {
            let appearance =
                state.currentDay.flatMap { day in paper.appearances.last { $0.day == day.date } }
                ?? paper.appearances.last
            if let appearance {
                let source = " · " + DisplayText.sanitize(state.library.digest(of: appearance).displayName)
                if TextWidth.columns(left + source) + 1 + TextWidth.columns(right) <= rect.width { left += source }
            }
        }
        // The key hint shrinks before it disappears: the full one, then the way back from kept results, then just
        // the help key.
        if isHint, TextWidth.columns(left) + 1 + TextWidth.columns(right) > rect.width {
            right = keyHint(state, [help])
            let backAndHelp = keyHint(state, [back, help])
            if state.scope.isKept, state.focus == .list,
                TextWidth.columns(left) + 1 + TextWidth.columns(backAndHelp) <= rect.width
            {
                right = backAndHelp
            }
        }
        let rightWidth = TextWidth.columns(right)
        let leftWidth = TextWidth.columns(left)
        if leftWidth + 1 + rightWidth <= rect.width {
            screen.put(left, row: rect.row, column: rect.column, limit: rect.width, style: bar)
            screen.put(
                right, row: rect.row, column: rect.column + rect.width - rightWidth, limit: rightWidth, style: bar)
        } else if state.message != nil || state.dispatcher.hint != nil || state.confirmation != nil
            || state.saveProblem != nil
        {
            // A message or pending keys matter more than the position when both do not fit.
            screen.put(
                TextWidth.truncate(right, to: rect.width), row: rect.row, column: rect.column, limit: rect.width,
                style: bar)
        } else {
            screen.put(
                TextWidth.truncate(left, to: rect.width), row: rect.row, column: rect.column, limit: rect.width,
                style: bar)
        }
    }
}

extension String {
    /// Padded with spaces on the left to `width` terminal columns.
    public func leftPadded(to width: Int) -> String {
        let columns = TextWidth.columns(self)
        return columns >= width ? self : String(repeating: " ", count: width - columns) + self
    }
}
