import FolioCore
import FolioScreen

/// The topic bar as drawn when it was clicked: each topic and its width, and whether more did not fit.
struct FrozenTopicBar: Sendable {
    var items: [(topic: Int, width: Int)]
    var more: Bool
}

/// One topic on the topic bar, where it is drawn.
struct TopicBarItem: Equatable {
    var topic: Int
    var text: String
    /// Columns from the bar's left edge.
    var columns: Range<Int>
    var numberWidth: Int
    var isActive: Bool
}

extension AppState {
    /// The topic bar's items as they fit in `width` columns, numbered as the picker numbers them; `more` when some
    /// did not fit. Drawing and mouse clicks both read this, so a click lands on what was drawn.
    func topicBarItems(width: Int) -> (items: [TopicBarItem], more: Bool) {
        guard let topicIndex else { return ([], false) }
        // Active topics first, so a narrow bar still shows what narrows the list; each keeps its number.
        let numbered = Array(topicOrder.enumerated())
        var candidates =
            numbered.filter { activeTopics.contains($0.element) }
            + numbered.filter { topicCounts[$0.element] > 0 && !activeTopics.contains($0.element) }
        // Just clicked: the order and places as they were drawn, whatever the counts now.
        var widths: [Int: Int] = [:]
        if let frozen = frozenTopicBar {
            candidates = frozen.items.compactMap { entry in numbered.first { $0.element == entry.topic } }
            for entry in frozen.items { widths[entry.topic] = entry.width }
        }
        var items: [TopicBarItem] = []
        var column = 0
        for (index, (position, topic)) in candidates.enumerated() {
            let number = position < 9 ? "\(position + 1) " : position == 9 ? "0 " : ""
            var text =
                " \(number)\(DisplayText.sanitize(topicIndex.topics[topic].name)) \(Format.count(topicCounts[topic])) "
            if let width = widths[topic], TextWidth.columns(text) < width {
                text += String(repeating: " ", count: width - TextWidth.columns(text))
            }
            let itemWidth = TextWidth.columns(text)
            // Leave a column for the ellipsis that says more follow.
            let reserve = index < candidates.count - 1 ? 1 : 0
            guard column + itemWidth + reserve <= width else { return (items, true) }
            items.append(
                TopicBarItem(
                    topic: topic, text: text, columns: column..<(column + itemWidth),
                    numberWidth: TextWidth.columns(number), isActive: activeTopics.contains(topic)))
            column += itemWidth
        }
        return (items, frozenTopicBar?.more ?? false)
    }
}

extension Renderer {
    /// The topic bar: the view's topics, numbered as the picker numbers them, with how many papers of the list
    /// each holds; the active ones stand out.
    static func topicBar(_ state: AppState, _ rect: Rect, into screen: inout Screen) {
        guard !rect.isEmpty else { return }
        let muted = Style(color: .muted)
        guard let topicIndex = state.topicIndex else {
            screen.put(" finding topics…", row: rect.row, column: rect.column, limit: rect.width, style: muted)
            return
        }
        let (items, more) = state.topicBarItems(width: rect.width)
        for item in items {
            let column = rect.column + item.columns.lowerBound
            let style = item.isActive ? Style(bold: true, color: .topicActive) : Style(color: .topicBar)
            screen.put(item.text, row: rect.row, column: column, limit: item.columns.count, style: style)
            if !item.isActive, item.numberWidth > 0 {
                screen.restyle(row: rect.row, columns: (column + 1)..<(column + 1 + item.numberWidth)) {
                    $0.color = .muted
                }
            }
        }
        if more {
            let column = rect.column + (items.last?.columns.upperBound ?? 0)
            screen.put(
                "…", row: rect.row, column: column, limit: max(0, rect.column + rect.width - column), style: muted)
        }
        if items.isEmpty, !more {
            let text = topicIndex.topics.isEmpty ? " no topics" : " no topic holds a paper of this view"
            screen.put(text, row: rect.row, column: rect.column, limit: rect.width, style: muted)
        }
    }

    static let topicPickerTitle = " Topics · 1-9, 0 or Enter toggle · Esc done "

    /// Where the picker goes: over the bottom of the list, as wide as the list or wide enough for the names.
    static func topicPickerFrame(_ state: AppState, _ layout: Layout) -> Rect? {
        guard let picker = state.topicPicker, let topicIndex = state.topicIndex else { return nil }
        let paneTop = layout.list.row
        let paneBottom = layout.status.row
        let available = paneBottom - paneTop
        guard available >= 3, state.size.width >= 12 else { return nil }
        let longest =
            (picker.entries.map { TextWidth.columns(topicIndex.topics[$0].name) }
            + picker.tags.map { TextWidth.columns($0) + 1 }).max() ?? 0
        // Wide enough for its title (two corners, two dashes), where the screen has room for it.
        let titleWidth = TextWidth.columns(topicPickerTitle) + 4
        let width = min(state.size.width, max(min(layout.list.width, 44), longest + 16, titleWidth))
        let height = min(picker.count + 2, max(3, available * 2 / 3))
        return Rect(row: paneBottom - height, column: 0, width: width, height: height)
    }

    /// The topic picker: `[x] 3 agents   12`, the cursor's row reversed, its keywords on the bottom border.
    static func topicPicker(_ state: AppState, _ layout: Layout, into screen: inout Screen) {
        guard let picker = state.topicPicker, let topicIndex = state.topicIndex,
            let frame = topicPickerFrame(state, layout)
        else { return }
        // The whole title, or a short one where the screen is too narrow for it.
        let fits = TextWidth.columns(topicPickerTitle) + 4 <= frame.width
        box(frame, title: fits ? topicPickerTitle : " Topics · Esc done ", into: &screen)
        let inner = frame.width - 2
        let rows = frame.height - 2
        let scroll = max(0, min(picker.cursor - rows + 1, picker.count - rows))
        let checked = state.settings.unicode ? "✓" : "x"
        for offset in 0..<rows {
            let position = scroll + offset
            guard position < picker.count else { break }
            guard position < picker.entries.count else {
                tagRow(
                    picker, position: position, state: state, row: frame.row + 1 + offset, frame: frame, into: &screen)
                continue
            }
            let topic = picker.entries[position]
            let isActive = state.activeTopics.contains(topic)
            let number = position < 9 ? "\(position + 1)" : position == 9 ? "0" : " "
            let count = Format.count(state.topicCounts[topic])
            let found = topicIndex.topics[topic].source == .discovered ? " ~" : ""
            let left =
                "[\(isActive ? checked : " ")] \(number) \(DisplayText.sanitize(topicIndex.topics[topic].name))\(found)"
            let row = frame.row + 1 + offset
            let width = inner - 2
            let countWidth = TextWidth.columns(count)
            let text = TextWidth.truncate(left, to: max(0, width - countWidth - 1))
            let style = state.topicCounts[topic] == 0 && !isActive ? Style(color: .muted) : Style(bold: isActive)
            screen.put(text, row: row, column: frame.column + 2, limit: width, style: style)
            screen.put(
                count, row: row, column: frame.column + 2 + width - countWidth, limit: countWidth,
                style: Style(color: .muted))
            if position == picker.cursor {
                highlightPickerRow(row, frame: frame, into: &screen)
            }
        }
        // What the highlighted topic matches, on the bottom border: keywords, or a found topic's phrases.
        if let tag = picker.tagAtCursor {
            let about = " your tag: Enter filters by tag:\(DisplayText.sanitize(tag)) "
            screen.put(
                TextWidth.truncate(about, to: max(0, inner - 2)), row: frame.row + frame.height - 1,
                column: frame.column + 2, limit: max(0, inner - 2), style: Style(color: .muted))
        } else if picker.entries.indices.contains(picker.cursor) {
            let topic = topicIndex.topics[picker.entries[picker.cursor]]
            let about = " " + DisplayText.sanitize(topic.keywords.joined(separator: ", ")) + " "
            screen.put(
                TextWidth.truncate(about, to: max(0, inner - 2)), row: frame.row + frame.height - 1,
                column: frame.column + 2, limit: max(0, inner - 2), style: Style(color: .muted))
        }
    }

    /// The `f` prompt on the status line; after a mistake, a caret under it on the row above says what.
    static func filterPrompt(_ state: AppState, _ layout: Layout, into screen: inout Screen) {
        guard let prompt = state.filterPrompt else { return }
        let rect = layout.status
        guard !rect.isEmpty else { return }
        let label = "Filter: "
        let shift = statusPrompt(
            label, prompt.text, cursor: prompt.cursor, hint: " Enter apply · Esc cancel · ↑↓ history ", in: rect,
            into: &screen)
        guard let problem = prompt.problem, rect.row > 0 else { return }
        // Columns count characters of the text; the caret goes under that character's cell.
        let before = String(prompt.text.prefix(max(0, (problem.column ?? 1) - 1)))
        let caretColumn = TextWidth.columns(label) + TextWidth.columns(DisplayText.sanitize(before)) - shift
        let line = Rect(row: rect.row - 1, column: rect.column, width: rect.width, height: 1)
        screen.fill(line)
        let style = Style(bold: true, color: .error)
        let caret = max(0, min(caretColumn, rect.width - 1))
        let message = DisplayText.sanitize(problem.message)
        let width = TextWidth.columns(message)
        let roomAfter = rect.width - caret - 2
        let roomBefore = caret - 1
        // The message goes after the caret when it fits, else before it, else on the side with more room, cut.
        if width <= roomAfter || (width > roomBefore && roomAfter >= roomBefore) {
            screen.put(
                "^ " + TextWidth.truncate(message, to: max(0, roomAfter)), row: line.row, column: line.column + caret,
                limit: rect.width - caret, style: style)
        } else {
            let shown = TextWidth.truncate(message, to: roomBefore)
            let start = caret - 1 - TextWidth.columns(shown)
            screen.put(
                shown + " ^", row: line.row, column: line.column + start, limit: rect.width - start, style: style)
        }
    }
}
