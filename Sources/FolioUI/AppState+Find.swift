import FolioCore

/// Finding papers in the view as less finds lines: `/` and a query, the selection jumps to the first paper
/// that matches as you type, `n` and `N` go on to the next and previous. Every word of the query must start a
/// word of the title or abstract, case and accents ignored. (The ranked search pane over every day is a
/// separate, later piece.)
public struct FindState: Sendable, Equatable {
    public var query = ""
    public var isEditing = false
    /// Where the selection was when `/` was pressed, for Esc to go back to.
    var origin = 0
    /// The last query that matched nothing: a query that only adds to it cannot match either, so a long
    /// paste does not search the view once per character.
    var failedQuery: String?
    /// The query's folded words.
    public var words: [String] { TextFolding.words(query).map(\.folded) }
}

extension AppState {
    /// Does the paper match every word of the query (each a prefix of a word in its title or abstract)?
    func matches(_ paper: PaperID, _ words: [String]) -> Bool {
        guard !words.isEmpty else { return false }
        let paper = library.papers[paper]
        var remaining = Set(words)
        for text in [paper.title, paper.abstract] {
            TextFolding.forEachWord(in: text) { word, _ in
                if !remaining.isEmpty { remaining = remaining.filter { !word.hasPrefix($0) } }
            }
            if remaining.isEmpty { return true }
        }
        return remaining.isEmpty
    }

    /// Selects the next (or previous) matching paper from `start`, wrapping around; false when none matches.
    @discardableResult
    mutating func jumpToMatch(from start: Int, forward: Bool) -> Bool {
        let words = find.words
        guard !visible.isEmpty, !words.isEmpty else { return false }
        let count = visible.count
        for step in 0..<count {
            let index = forward ? (start + step) % count : ((start - step) % count + count) % count
            if matches(visible[index], words) {
                select(index)
                return true
            }
        }
        return false
    }

    mutating func startFind() {
        find = FindState(isEditing: true, origin: selection)
    }

    /// Typing in the find prompt: each key narrows the search at once; Enter keeps it, Esc goes back.
    mutating func editFind(_ key: Key) {
        switch key.code {
        case .enter:
            find.isEditing = false
            if !find.query.isEmpty, !jumpToMatch(from: selection, forward: true) { message = "no paper matches \(find.query)" }
            return
        case .escape:
            find.isEditing = false
            find.query = ""
            select(find.origin)
            return
        case .backspace:
            if find.query.isEmpty { find.isEditing = false; return }
            find.query.removeLast()
        default:
            if key.ctrl, key.code == .character("u") { find.query = "" }
            else if key.ctrl, key.code == .character("c") { find.isEditing = false; find.query = ""; select(find.origin); return }
            else if let text = key.text { find.query.append(text) }
            else { return }
        }
        if find.words.isEmpty { select(find.origin); return }
        if let failed = find.failedQuery, find.query.hasPrefix(failed) {
            message = "no paper matches"
            return
        }
        if jumpToMatch(from: find.origin, forward: true) {
            find.failedQuery = nil
        } else {
            find.failedQuery = find.query
            message = "no paper matches"
        }
    }

    mutating func nextMatch(forward: Bool, times: Int) {
        guard !find.words.isEmpty else { message = "no search yet: / and a few words"; return }
        for _ in 0..<times {
            guard jumpToMatch(from: selection + (forward ? 1 : -1), forward: forward) else {
                message = "no paper matches \(find.query)"
                return
            }
        }
    }

    /// The parts of `text` to highlight: words that start with a query word.
    func highlightRanges(in text: String) -> [Range<Int>] {
        let words = find.words
        guard !words.isEmpty else { return [] }
        var ranges: [Range<Int>] = []
        TextFolding.forEachWord(in: text) { word, range in
            if let match = words.first(where: { word.hasPrefix($0) }) {
                // Highlight as much of the word as the query matched, as far as the folding allows.
                let length = word.utf8.count == range.count ? match.utf8.count : range.count
                ranges.append(range.lowerBound..<(range.lowerBound + length))
            }
        }
        return ranges
    }
}
