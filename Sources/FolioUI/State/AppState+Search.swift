import FolioCore
import FolioScreen

/// The search pane: `/` opens a query line above the list, results follow every keystroke (ranked, over every
/// day), the detail pane follows the selected result. Enter keeps the results as the list's view; Esc puts
/// back the view as it was before `/`.
public struct SearchPane: Sendable, Equatable {
    public var query = ""
    /// The view to go back to on Esc.
    var savedScope: Scope
    var savedSort: SortOrder
    var savedPaper: PaperID?
    /// Where Up and Down are in the history of queries.
    var history = HistoryCursor()
    /// The editing cursor, in characters into `query`; nil at its end.
    public var cursor: Int?
    public var resultCount = 0
}

extension AppState {
    /// How many results a keystroke ranks and shows; the count covers them all.
    static let searchResultLimit = 500

    /// The query whose words are highlighted: the one being typed, else the one whose results are shown.
    public var highlightQuery: SearchQuery? {
        if let search { return search.query.isEmpty ? nil : SearchQuery(parsing: search.query) }
        if case .search(let query) = scope { return SearchQuery(parsing: query) }
        return nil
    }

    /// The index arrived from its background build: a search typed meanwhile runs now.
    public mutating func searchIndexReady(_ index: SearchIndex) {
        searchIndex = index
        if search != nil { runSearch() } else if case .search = scope { refreshView(keeping: selectedPaperID) }
    }

    mutating func openSearch() {
        focus = .list
        search = SearchPane(savedScope: scope, savedSort: sort, savedPaper: selectedPaperID)
        if case .search(let query) = scope { search?.query = query }
        clampScroll()
        runSearch()
    }

    /// Runs the query being typed and shows its results; the last word matches as a prefix.
    mutating func runSearch() {
        guard var pane = search else { return }
        let query = SearchQuery(parsing: pane.query)
        if filterCache?.filter != activeFilter?.filter { reevaluateFilter() }
        guard let index = searchIndex else {
            message = "indexing \(library.papers.count) papers…"
            return
        }
        if query.isEmpty {
            // Nothing typed yet: the view the pane was opened on stays (the scope is still its scope, and its
            // ordering is cached), as fzf lists everything before a keystroke; the first word searches every day.
            refreshView(keeping: pane.savedPaper)
            pane.resultCount = visible.count
            search = pane
            return
        }
        let results = index.search(query, limit: Self.searchResultLimit).map(\.paper)
        // Topics and filters narrow the results too: the count says how many pass them.
        if let kept = filterSet() {
            visible = results.filter { kept.contains($0) }
            pane.resultCount = index.count(query, within: kept)
        } else {
            visible = results
            pane.resultCount = index.count(query)
        }
        search = pane
        visibleSet = PaperSet(capacity: library.papers.count, visible)
        recountView()
        recountTopics()
        selection = 0
        listScroll = 0
        detailScroll = 0
        clampScroll()
    }

    /// Typing on the query line: text edits the query, Enter keeps the results, Esc goes back. Movement and
    /// history keys come through the keymap's `search` context.
    mutating func editSearch(_ key: Key) -> Bool {
        guard var pane = search else { return false }
        switch key.code {
        case .enter:
            acceptSearch()
            return true
        case .escape:
            cancelSearch()
            return true
        default:
            if key.code == .backspace, pane.query.isEmpty { cancelSearch(); return true }
            guard pane.query.applyLineEdit(key, cursor: &pane.cursor) else { return false }
        }
        pane.history.index = nil
        search = pane
        runSearch()
        return true
    }

    mutating func acceptSearch() {
        guard let pane = search else { return }
        let query = pane.query.trimmingSpaces
        let keep = selectedPaperID
        search = nil
        guard !query.isEmpty else { cancelSearch(restoring: pane); return }
        searchHistory.removeAll { $0 == query }
        searchHistory.append(query)
        if searchHistory.count > 200 { searchHistory.removeFirst(searchHistory.count - 200) }
        searchHistoryVersion += 1
        // A search started from kept results goes back to where the first one started.
        if case .search = pane.savedScope {} else { beforeKeptSearch = (pane.savedScope, pane.savedSort, pane.savedPaper) }
        scope = .search(query)
        refreshView(keeping: keep)
    }

    /// Esc on kept results: back to the view the search started from, on the paper chosen among the results
    /// when that view shows it.
    mutating func leaveKeptSearch() {
        guard case .search = scope else { return }
        let chosen = selectedPaperID
        let back = beforeKeptSearch ?? (library.days.isEmpty ? .allDays : .day(library.days.count - 1), sort, nil)
        beforeKeptSearch = nil
        scope = back.scope
        sort = back.sort
        refreshView(keeping: chosen)
        if selectedPaperID != chosen { refreshView(keeping: back.paper) }
    }

    mutating func cancelSearch(restoring saved: SearchPane? = nil) {
        guard let pane = saved ?? search else { return }
        search = nil
        scope = pane.savedScope
        sort = pane.savedSort
        refreshView(keeping: pane.savedPaper)
    }

    /// Up and Down on the query line: older and newer queries from the history.
    mutating func recallHistory(older: Bool) {
        guard var pane = search, let text = pane.history.step(older: older, from: pane.query, in: searchHistory) else { return }
        pane.query = text
        pane.cursor = nil
        search = pane
        runSearch()
    }

    /// n and N: the next or previous result; in the detail pane, the next or previous line with a match.
    mutating func nextMatch(forward: Bool, times: Int) {
        guard let query = highlightQuery, !query.isEmpty else { message = "no search yet: / and a few words"; return }
        if focus == .detail, let paper = selectedPaper {
            let lines = DetailContent.lines(for: paper, state: self, width: layout.detail.width)
            var line = detailScroll
            for _ in 0..<times {
                let candidates = forward ? Array((line + 1)..<max(line + 1, lines.count)) : Array((0..<line).reversed())
                guard let found = candidates.first(where: { !highlightRanges(in: lines[$0].text).isEmpty }) else {
                    message = forward ? "no more matches below" : "no more matches above"
                    break
                }
                line = found
            }
            detailScroll = max(0, min(line, maxDetailScroll))
            return
        }
        select(selection + (forward ? times : -times))
    }

    /// The parts of `text` to highlight: its words that the query's words match.
    public func highlightRanges(in text: String) -> [Range<Int>] {
        guard let query = highlightQuery else { return [] }
        let highlights = query.highlights
        guard !highlights.isEmpty else { return [] }
        var ranges: [Range<Int>] = []
        TextFolding.forEachWord(in: text) { word, range in
            for highlight in highlights where highlight.isPrefix ? word.hasPrefix(highlight.word) : word == highlight.word {
                // Highlight as much of the word as the query matched, where folding kept the length.
                let length = highlight.isPrefix && word.utf8.count == range.count ? highlight.word.utf8.count : range.count
                ranges.append(range.lowerBound..<(range.lowerBound + length))
                break
            }
        }
        return ranges
    }
}

/// Up and Down through earlier entries on a prompt line, as shells do: what was being typed is kept to come
/// back to.
struct HistoryCursor: Sendable, Equatable {
    /// Position in the history while recalling; nil when typing something new.
    var index: Int?
    /// What was typed before Up recalled older entries.
    var draft = ""

    /// The text after one step older or newer; nil when there is no history.
    mutating func step(older: Bool, from text: String, in history: [String]) -> String? {
        guard !history.isEmpty else { return nil }
        if index == nil { draft = text }
        let current = index ?? history.count
        let next = older ? max(0, current - 1) : current + 1
        if next >= history.count {
            index = nil
            return draft
        }
        index = next
        return history[next]
    }
}

extension String {
    /// The line editing every prompt shares, with the keys of a shell (readline's emacs mode): a printable key
    /// types at the cursor; Left, Right, Home, End, Ctrl-B, Ctrl-F, Ctrl-A, Ctrl-E move it; Backspace and Delete
    /// delete; Ctrl-U deletes to the start, Ctrl-K to the end, Ctrl-W the word before the cursor; Tab types a space.
    /// `cursor` counts characters, nil meaning the end. False for a key that edits nothing.
    mutating func applyLineEdit(_ key: Key, cursor: inout Int?) -> Bool {
        var position = min(max(0, cursor ?? count), count)
        var characters = Array(self)
        func letter(_ value: Character) -> Bool { key.ctrl && !key.alt && key.code == .character(value) }
        switch key.code {
        case .left where !key.ctrl && !key.alt: position = max(0, position - 1)
        case .right where !key.ctrl && !key.alt: position = min(characters.count, position + 1)
        case .home: position = 0
        case .end: position = characters.count
        case .backspace:
            guard position > 0 else { return true }
            characters.remove(at: position - 1)
            position -= 1
        case .delete:
            guard position < characters.count else { return true }
            characters.remove(at: position)
        case .tab:
            characters.insert(" ", at: position)
            position += 1
        default:
            if letter("b") { position = max(0, position - 1) }
            else if letter("f") { position = min(characters.count, position + 1) }
            else if letter("a") { position = 0 }
            else if letter("e") { position = characters.count }
            else if letter("u") {
                characters.removeFirst(position)
                position = 0
            } else if letter("k") {
                characters.removeLast(characters.count - position)
            } else if letter("w") {
                var start = position
                while start > 0, characters[start - 1] == " " { start -= 1 }
                while start > 0, characters[start - 1] != " " { start -= 1 }
                characters.removeSubrange(start..<position)
                position = start
            } else if let text = key.text {
                characters.insert(text, at: position)
                position += 1
            } else {
                return false
            }
        }
        self = String(characters)
        cursor = position == characters.count ? nil : position
        return true
    }

    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
