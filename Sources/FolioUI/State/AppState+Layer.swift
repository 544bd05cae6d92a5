import FolioCore
import FolioScreen
import Foundation

/// Tags and notes: the reader's own layer, changed here and kept in `reading` (for the file) and `layer` (by
/// paper, for rows, the detail pane, filters and search).
extension AppState {
    public func tags(of paper: PaperID) -> [String] { layer.tags[paper] ?? [] }

    public func note(of paper: PaperID) -> String? { layer.notes[paper] }

    /// A paper's tags or note changed: the layer follows `reading`, the detail pane is laid out again when it
    /// shows the paper, and a filter over tags or notes is evaluated afresh at the next refresh.
    mutating func layerChanged(_ paper: PaperID) {
        layer.update(paper, with: reading.marks(for: library.papers[paper].markKeys))
        if detailCache?.key.paper == paper {
            detailCache = nil
            refreshDetailLines()
        }
    }

    /// Puts tags on and takes tags off some papers, as one undoable step; returns how many tags changed.
    @discardableResult
    mutating func setTags(adding: [String], removing: [String], on papers: [PaperID]) -> Int {
        var changes: [MarkChange] = []
        for paper in papers {
            let current = Set(tags(of: paper))
            for name in adding where !current.contains(name) {
                changes.append(MarkChange(paper: paper, field: .tag(name), from: false, to: true))
            }
            for name in removing where current.contains(name) {
                changes.append(MarkChange(paper: paper, field: .tag(name), from: true, to: false))
            }
        }
        guard !changes.isEmpty else { return 0 }
        apply(changes, forward: true)
        undoStack.append(changes)
        redoStack.removeAll()
        return changes.count
    }

    /// "tagging 3 papers sae", "untagging a paper old", "changing 4 tags on 2 papers".
    static func describeTags(_ step: [MarkChange]) -> String {
        let papers = Set(step.map(\.paper)).count
        let names = Set(
            step.compactMap { change -> String? in
                if case .tag(let name) = change.field { return name }
                return nil
            })
        let adding = step.allSatisfy(\.to)
        let removing = step.allSatisfy { !$0.to }
        let what = papers == 1 ? "a paper" : "\(papers) papers"
        if names.count == 1, let name = names.first, adding || removing {
            return "\(adding ? "tagging" : "untagging") \(what) \(name)"
        }
        return "changing \(step.count) tags on \(what)"
    }

    // MARK: - Notes

    /// `e`: the selected paper's note, to edit outside (the screen is given to the editor meanwhile).
    mutating func requestNoteEdit() {
        guard let paper = selectedPaper else {
            message = "no paper to write a note on"
            return
        }
        emit(.editNote(NoteEdit(paperKey: paper.key, title: paper.title, text: note(of: paper.id) ?? "")))
    }

    /// The editor ended with the note changed: `text` empty deletes it.
    mutating func noteEdited(paperKey: String, text: String) {
        guard let paper = library.paper(forKey: paperKey) else {
            message = "the paper is no longer loaded: note not changed"
            return
        }
        let keys = library.papers[paper].markKeys
        reading.setNote(text, keys: keys, title: library.papers[paper].title, at: clock())
        readingVersion += 1
        layerChanged(paper)
        if activeFilter != nil { refreshFiltered() }
        message = text.isEmpty ? "note deleted" : "note saved"
    }
}
