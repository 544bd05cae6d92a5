import Foundation

/// The reader's note on a paper. An empty text is a deleted note, kept so that the deletion merges by time.
///
/// `earlier` holds the change times of the versions this one was made from (its own history, newest last, and
/// what merges brought in): a note whose history holds the other's change time replaces it; two notes neither
/// of which knows the other were edited apart, and the merge keeps both texts, marked.
public struct NoteMark: Codable, Sendable, Equatable {
    public var text: String
    public var changed: Date
    public var earlier: [Date]

    public init(text: String, changed: Date, earlier: [Date] = []) {
        self.text = text
        self.changed = changed
        self.earlier = earlier
    }

    /// How many earlier change times a note keeps: enough for the edits between two merges of any copy in use.
    public static let historyLimit = 32
    /// The longest note kept, in UTF-8 bytes (a pasted paper is not a note).
    public static let maximumLength = 64 * 1024

    public var isDeleted: Bool { text.isEmpty }

    /// The note after editing this one to `text` at `date`.
    public func edited(to text: String, at date: Date) -> NoteMark {
        NoteMark(text: text, changed: date, earlier: Self.limited(earlier + [changed]))
    }

    /// `self` is the note kept here, `other` the one merged in. A note that descends from the other wins; two
    /// edited apart keep both texts between conflict markers, unless one of them deleted the note (then the
    /// text is kept: nothing written is lost); the same text on both keeps the newer time.
    public func merged(with other: NoteMark) -> NoteMark {
        if other == self { return self }
        let history = Self.limited(Array(Set(earlier + other.earlier + [changed, other.changed])).sorted())
        if text == other.text {
            return NoteMark(text: text, changed: max(changed, other.changed), earlier: history)
        }
        // Two results of one conflict (merged each way round) are one version: self wins, as on equal times.
        if changed == other.changed { return NoteMark(text: text, changed: changed, earlier: history) }
        if other.earlier.contains(changed) { return other }
        if earlier.contains(other.changed) { return self }
        // Edited apart since they last met.
        let newest = StateTime.rounded(max(changed, other.changed).addingTimeInterval(0.001))
        if isDeleted || other.isDeleted {
            let kept = isDeleted ? other : self
            return NoteMark(text: kept.text, changed: newest, earlier: history)
        }
        return NoteMark(text: Self.conflict(self, other), changed: newest, earlier: history)
    }

    /// Both texts, as version control marks a conflict, each labelled with the time it was written.
    static func conflict(_ ours: NoteMark, _ theirs: NoteMark) -> String {
        func trimmed(_ text: String) -> String {
            var text = text
            while text.hasSuffix("\n") { text.removeLast() }
            return text
        }
        return """
            <<<<<<< this copy, \(stamp(ours.changed))
            \(trimmed(ours.text))
            =======
            \(trimmed(theirs.text))
            >>>>>>> other copy, \(stamp(theirs.changed))

            """
    }

    static func stamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    static func limited(_ dates: [Date]) -> [Date] { Array(dates.suffix(historyLimit)) }
}
