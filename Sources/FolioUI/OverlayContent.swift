import FolioCore

/// The help and log panels: their frame and their lines.
enum OverlayContent {
    /// The panel's box, inside a one-cell margin where the screen allows.
    static func frame(in size: Size) -> Rect {
        let paneHeight = max(0, size.height - 1)
        let margin = size.width >= 40 && paneHeight >= 10 ? 2 : 0
        return Rect(row: margin / 2, column: margin, width: size.width - 2 * margin, height: paneHeight - margin)
    }

    static func title(for overlay: Overlay) -> String {
        switch overlay {
        case .help: "Keys"
        case .log: "Loading log"
        }
    }

    static func lines(for overlay: Overlay, state: AppState) -> [StyledLine] {
        switch overlay {
        case .help: helpLines(state)
        case .log: logLines(state)
        }
    }

    static func helpLines(_ state: AppState) -> [StyledLine] {
        var lines: [StyledLine] = []
        let contexts: [KeyContext] = [.list, .detail, .global]
        for group in ActionGroup.allCases {
            let infos = Action.table.filter { $0.group == group }
            guard !infos.isEmpty else { continue }
            if !lines.isEmpty { lines.append(.empty) }
            lines.append(StyledLine(group.rawValue, Style(bold: true)))
            for info in infos {
                var keys: [String] = []
                for context in contexts {
                    for sequence in state.keymap.sequences(for: info.action, in: context) where !keys.contains(sequence.description) {
                        keys.append(sequence.description)
                    }
                }
                let keyText = keys.isEmpty ? "(unbound)" : keys.joined(separator: ", ")
                lines.append(StyledLine([
                    ("  " + pad(keyText, 18) + " ", Style(color: .accent)),
                    (pad(info.name, 16) + " ", Style(color: .muted)),
                    (info.help, .plain),
                ]))
            }
        }
        lines.append(.empty)
        lines.append(StyledLine("A count before a key repeats it: 5j moves five papers down, 3] three days on.", Style(color: .muted)))
        return lines
    }

    static func logLines(_ state: AppState) -> [StyledLine] {
        let library = state.library
        var lines: [StyledLine] = [
            StyledLine("\(library.fileCount) files, \(library.entryCount) entries, \(library.papers.count) papers, "
                       + "\(library.problems.count) problems", Style(bold: true)),
            .empty,
        ]
        if library.problems.isEmpty && library.notes.isEmpty {
            lines.append(StyledLine("Every digest loaded without a problem.", Style(color: .muted)))
        }
        for problem in library.problems {
            lines.append(StyledLine(DisplayText.sanitize(problem.description), Style(color: .error)))
        }
        for note in library.notes {
            lines.append(StyledLine(DisplayText.sanitize("note: " + note), Style(color: .muted)))
        }
        return lines
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let columns = TextWidth.columns(text)
        return columns >= width ? text : text + String(repeating: " ", count: width - columns)
    }
}
