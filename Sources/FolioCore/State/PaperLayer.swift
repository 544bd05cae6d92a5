import Foundation

/// The reader's layer over a library, by paper: tags and notes as filters and search read them, plus a small
/// side index of each note's folded words. Notes change while folio runs and the search index is built once in
/// the background, so notes are not in it: a paper's words are folded again here whenever its note changes,
/// and filters and `note:` search terms consult this index alongside the main one.
public struct PaperLayer: Sendable, Equatable {
    /// Tags on each tagged paper, sorted.
    public private(set) var tags: [PaperID: [String]] = [:]
    /// Each paper's note.
    public private(set) var notes: [PaperID: String] = [:]
    /// Each note's folded words, in order.
    private var foldedNotes: [PaperID: [String]] = [:]

    public init() {}

    /// The layer of every paper of `library` that `reading` tags or notes.
    public init(reading: ReadingState, library: Library) {
        for (paper, marks) in reading.marksByPaper(in: library) { update(paper, with: marks) }
    }

    /// A paper's tags and note as `marks` (merged across its keys) now say.
    public mutating func update(_ paper: PaperID, with marks: PaperMarks?) {
        let live = marks?.liveTags ?? []
        tags[paper] = live.isEmpty ? nil : live
        let text = marks?.noteText
        if notes[paper] != text {
            notes[paper] = text
            foldedNotes[paper] = text.map { TextFolding.words($0).map(\.folded) }
        }
    }

    /// Every tag in use, the most used first (then by name): the prompt's completions and the topic picker's.
    public var tagsInUse: [(name: String, count: Int)] {
        var counts: [String: Int] = [:]
        for names in tags.values { for name in names { counts[name, default: 0] += 1 } }
        return counts.map { ($0.key, $0.value) }.sorted { ($0.count, $1.name) > ($1.count, $0.name) }
    }

    /// The folded words of the paper's note, nil without one.
    func noteWords(of paper: PaperID) -> [String]? { foldedNotes[paper] }

    public func papers(taggedWith name: String, capacity: Int) -> PaperSet {
        PaperSet(capacity: capacity, tags.compactMap { $0.value.contains(name) ? $0.key : nil })
    }

    public func taggedPapers(capacity: Int) -> PaperSet { PaperSet(capacity: capacity, tags.keys) }

    public func notedPapers(capacity: Int) -> PaperSet { PaperSet(capacity: capacity, notes.keys) }

    /// Papers whose note holds the term's words side by side, in order (the last a prefix when it is one), with
    /// search's word rules.
    public func papers(withNoteMatching term: SearchQuery.Term, capacity: Int) -> PaperSet {
        PaperSet(capacity: capacity, foldedNotes.compactMap { Self.matches(term, $0.value) ? $0.key : nil })
    }

    static func matches(_ term: SearchQuery.Term, _ words: [String]) -> Bool {
        let wanted = term.words
        guard !wanted.isEmpty, words.count >= wanted.count else { return false }
        for start in 0...(words.count - wanted.count) {
            let found = wanted.indices.allSatisfy { offset in
                let word = words[start + offset]
                let isLast = offset == wanted.count - 1
                return term.isPrefix && isLast ? word.hasPrefix(wanted[offset]) : word == wanted[offset]
            }
            if found { return true }
        }
        return false
    }
}
