import Foundation

/// Tags and the note: the reader's own layer on a paper, merged per tag and per note.
extension PaperMarks {
    /// The tags on the paper now, sorted.
    public var liveTags: [String] { tags.compactMap { $0.value.isOn ? $0.key : nil }.sorted() }

    /// The note's text, nil when there is none (or it was deleted).
    public var noteText: String? { note.flatMap { $0.isDeleted ? nil : $0.text } }

    /// Per tag the newer change wins (self on equal times); notes as `NoteMark.merged` says.
    mutating func mergeLayer(with other: PaperMarks) {
        for (name, theirs) in other.tags {
            if let ours = tags[name], !(theirs.changed > ours.changed) { continue }
            tags[name] = theirs
        }
        if let theirs = other.note {
            note = note.map { $0.merged(with: theirs) } ?? theirs
        }
    }
}

extension ReadingState {
    /// The tags on the paper known under `keys`, merged across them.
    public func tags(for keys: [String]) -> [String] { marks(for: keys)?.liveTags ?? [] }

    public func note(for keys: [String]) -> String? { marks(for: keys)?.noteText }

    /// Puts a tag on, or takes it off, the paper under its keys (as `setRead` does).
    public mutating func setTag(_ name: String, on: Bool, keys: [String], title: String, at date: Date) {
        let mark = TagMark(isOn: on, changed: StateTime.rounded(date))
        change(keys: keys, title: title) { $0.tags[name] = mark }
    }

    /// Sets the note's text (empty deletes it), a new version of the note the paper has under any of its keys.
    public mutating func setNote(_ text: String, keys: [String], title: String, at date: Date) {
        let current = marks(for: keys)?.note
        let time = StateTime.rounded(date)
        let note = current.map { $0.edited(to: text, at: time) } ?? NoteMark(text: text, changed: time)
        change(keys: keys, title: title) { $0.note = note }
    }
}
