import FolioCore
import FolioScreen

/// The help and log panels: their frame and their lines.
enum OverlayContent {
    /// The panel's box, inside a one-cell margin where the screen allows.
    static func frame(in size: Size) -> Rect {
        let paneHeight = max(0, size.height - 1)
        // Full width: a sliver of the list beside the box would read as garbage.
        return Rect(row: 0, column: 0, width: size.width, height: paneHeight)
    }

    /// Where a scrolling action takes a panel of `lines` lines; nil for an action that does not scroll.
    static func scrolled(_ scroll: Int, by action: Action, times: Int, lines: Int, size: Size) -> Int? {
        let height = max(1, frame(in: size).height - 2)
        let maxScroll = max(0, lines - height)
        var scroll = scroll
        switch action {
        case .moveDown: scroll += times
        case .moveUp: scroll -= times
        case .pageDown: scroll += times * height
        case .pageUp: scroll -= times * height
        case .halfPageDown: scroll += times * max(1, height / 2)
        case .halfPageUp: scroll -= times * max(1, height / 2)
        case .top: scroll = 0
        case .bottom: scroll = maxScroll
        default: return nil
        }
        return max(0, min(scroll, maxScroll))
    }

    /// The keys that run an action from the list and the panes, for the key column; keys that only the help, the
    /// log, the picker or a prompt knows are said after the description ("in the help: esc, q"), so that Esc or q
    /// never reads as what opens the help. An action bound only in one such place shows its keys in the column.
    static func keysByPlace(_ row: KeyHelp.Row) -> (keys: [String], elsewhere: [String]) {
        let panes: Set<KeyContext> = [.global, .list, .detail]
        var keys: [String] = []
        for (context, sequences) in row.keys where panes.contains(context) {
            for sequence in sequences where !keys.contains(sequence) { keys.append(sequence) }
        }
        guard !keys.isEmpty else { return (row.allKeys, []) }
        var elsewhere: [String] = []
        for (context, sequences) in row.keys where !panes.contains(context) {
            let more = sequences.filter { !keys.contains($0) }
            guard !more.isEmpty else { continue }
            let place =
                switch context {
                case .help: "in the help"
                case .log: "in the log"
                case .topics: "in the topic picker"
                case .search: "in the search pane"
                case .filter: "at the filter prompt"
                case .export: "at the export prompt"
                case .global, .list, .detail: ""
                }
            elsewhere.append("\(place): \(more.joined(separator: ", "))")
        }
        return (keys, elsewhere)
    }

    static func helpLines(_ state: AppState, filter typed: String, editing: Bool) -> [StyledLine] {
        var lines: [StyledLine] = []
        let filter = typed.lowercased()
        let rows = KeyHelp.rows(state.keymap, filters: state.namedFilters).filter { row in
            filter.isEmpty
                || "\(row.name) \(row.info.help) \(row.allKeys.joined(separator: " "))".lowercased().contains(filter)
        }
        if !filter.isEmpty || editing {
            lines.append(
                StyledLine([
                    ("/" + typed, Style(bold: true)),
                    (editing ? "▏" : "", Style(color: .accent)),
                    ("  \(rows.count) match\(rows.count == 1 ? "" : "es")", Style(color: .muted)),
                ]))
        }
        for group in ActionGroup.allCases {
            let groupRows = rows.filter { $0.info.group == group }
            guard !groupRows.isEmpty else { continue }
            if !lines.isEmpty { lines.append(.empty) }
            lines.append(StyledLine(group.rawValue, Style(bold: true, color: .heading)))
            let width = max(10, frame(in: state.size).width - 4)
            let keyWidth = min(22, max(8, width / 3))
            for row in groupRows {
                let (keys, elsewhere) = Self.keysByPlace(row)
                let keyText = keys.isEmpty ? "(unbound)" : keys.joined(separator: ", ")
                let text = row.info.help + " (" + row.name + ")" + elsewhere.map { "; " + $0 }.joined()
                let keyFits = TextWidth.columns(keyText) <= keyWidth
                // Keys in a column, what they do wrapped beside them; long key lists get their own line.
                if !keyFits { lines.append(StyledLine("  " + keyText, Style(color: .accent))) }
                let wrapped = TextWrap.wrap(text, width: max(4, width - keyWidth - 3))
                for (index, range) in wrapped.enumerated() {
                    let keys = index == 0 && keyFits ? keyText : ""
                    lines.append(
                        StyledLine([
                            ("  " + pad(keys, keyWidth) + " ", Style(color: .accent)),
                            (String(text[range]), .plain),
                        ]))
                }
            }
        }
        guard filter.isEmpty else { return lines }
        lines.append(.empty)
        let notes = [
            "/ filters this list. A count before a key repeats it: 5j moves five papers down, 3] three days on.",
            "In the topic picker 1-9 and 0 toggle topics; elsewhere digits are counts.",
            "Rebind keys in ~/.config/folio/config.toml (folio config --print-defaults).",
        ]
        let width = max(10, frame(in: state.size).width - 4)
        for note in notes {
            for range in TextWrap.wrap(note, width: width) {
                lines.append(StyledLine(String(note[range]), Style(color: .muted)))
            }
        }
        return lines
    }

    static func logLines(_ state: AppState) -> [StyledLine] {
        let library = state.library
        // Every line wraps, so every problem (and the summary) can be read to its end on a narrow terminal.
        let width = max(1, frame(in: state.size).width - 4)
        var lines: [StyledLine] = []
        func add(_ text: String, _ style: Style) {
            let clean = DisplayText.sanitize(text)
            for range in TextWrap.wrap(clean, width: width) { lines.append(StyledLine(String(clean[range]), style)) }
        }
        // The count matches the status line's: digests' problems and the config's and topics file's.
        let problems = library.problems.problemCount + state.startupProblems.problemCount
        if library.knowsEarlierDays {
            add(
                "\(library.fileCount) files, \(library.entryCount) entries, \(library.papers.count) papers, "
                    + "\(problems) problem\(problems == 1 ? "" : "s")", Style(bold: true))
        } else {
            // Counts of the newest day's files would pass for the library's.
            add(
                "\(library.fileCount) files: the newest day's read, the others loading; "
                    + "\(problems) problem\(problems == 1 ? "" : "s") so far", Style(bold: true))
        }
        lines.append(.empty)
        if library.problems.isEmpty && library.notes.isEmpty && state.startupProblems.isEmpty {
            add("Every digest loaded without a problem.", Style(color: .muted))
        }
        for problem in state.startupProblems { add(problem.description, Style(color: .error)) }
        for problem in library.problems { add(problem.description, Style(color: .error)) }
        for note in library.notes { add("note: " + note, Style(color: .muted)) }
        return lines
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let columns = TextWidth.columns(text)
        return columns >= width ? text : text + String(repeating: " ", count: width - columns)
    }
}
