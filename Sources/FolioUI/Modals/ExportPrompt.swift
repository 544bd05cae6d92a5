import FolioCore
import FolioScreen

/// The `E` prompt on the status line: the file to export the view to; its ending names the format.
public struct ExportPrompt: Sendable, Equatable {
    public internal(set) var text: String
    /// The editing cursor, in characters into `text`; nil at its end.
    public internal(set) var cursor: Int?
    /// What is wrong, after Enter (an ending that names no format, a file already there).
    public internal(set) var problem: String?
    /// The file `text` names exists and Enter replaces it: set when the edge said so, cleared by any edit.
    var replace = false
}

extension ExportPrompt: ModalHandler {
    static var keyContext: KeyContext { .export }
    static var acceptsCounts: Bool { false }

    static func perform(_ action: Action, times: Int, argument: String?, in state: inout AppState) -> Handling {
        .passed
    }

    static func type(_ key: Key, in state: inout AppState) -> Handling {
        guard var prompt = state.exportPrompt else { return .passed }
        switch key.code {
        case .enter:
            let path = prompt.text.trimmingSpaces
            guard !path.isEmpty else {
                prompt.problem = "type a file name ending in .bib, .md, .csv, .json or .ris"
                state.modal = .exportPrompt(prompt)
                return .done
            }
            guard let format = ExportFormat(fileName: path) else {
                prompt.problem = "the ending names the format: .bib, .md, .csv, .json or .ris"
                state.modal = .exportPrompt(prompt)
                return .done
            }
            state.modal = nil
            return .handled([.export(state.exportFile(path: path, format: format, replace: prompt.replace))])
        case .escape:
            state.modal = nil
            state.message = "nothing exported"
            return .done
        case .backspace where prompt.text.isEmpty:
            state.modal = nil
            return .done
        default:
            // Keys that edit nothing are still the prompt's: they never run a list key behind it.
            return edit(&state) { text, cursor in text.applyLineEdit(key, cursor: &cursor) }
        }
    }

    static func paste(_ line: String, in state: inout AppState) -> Handling {
        edit(&state) { text, cursor in
            text.insertLine(line, cursor: &cursor)
            return true
        }
    }

    /// An edit of the name: what was wrong with the old one, and leave to replace it, no longer hold.
    private static func edit(_ state: inout AppState, _ change: (inout String, inout Int?) -> Bool) -> Handling {
        guard var prompt = state.exportPrompt else { return .done }
        if change(&prompt.text, &prompt.cursor) {
            prompt.problem = nil
            prompt.replace = false
            state.modal = .exportPrompt(prompt)
        }
        return .done
    }
}

extension AppState {
    mutating func openExportPrompt() {
        guard !visible.isEmpty else {
            message = "no papers in this view to export"
            return
        }
        let day = library.today?.iso ?? "papers"
        modal = .exportPrompt(ExportPrompt(text: "folio-\(day).bib"))
    }

    /// The export prompt, while it is open.
    public var exportPrompt: ExportPrompt? {
        if case .exportPrompt(let prompt) = modal { prompt } else { nil }
    }

    /// The papers in view, in the list's order, with their marks and topics.
    func exportFile(path: String, format: ExportFormat, replace: Bool) -> ExportFile {
        let records = visible.map(exportRecord)
        return ExportFile(
            path: path, contents: format.render(records), format: format, count: records.count, replace: replace)
    }

    /// One paper as the exports and the copy menu write it.
    func exportRecord(_ paper: PaperID) -> ExportRecord {
        let topics = topicIndex.map { index in index.topics(of: paper).map { index.topics[$0].name } } ?? []
        return ExportRecord(
            paper: library.papers[paper], read: isRead(paper), starred: isStarred(paper), topics: topics)
    }

    /// The edge found the file there: the prompt comes back, and Enter replaces it.
    mutating func exportExists(path: String) {
        modal = .exportPrompt(
            ExportPrompt(text: path, problem: "\(path) exists: Enter replaces it, or change the name", replace: true))
    }
}
