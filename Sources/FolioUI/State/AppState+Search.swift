import FolioCore
import FolioScreen

/// Kept search results, highlighting and `n`/`N`: what a search leaves behind once the pane is closed.
extension AppState {
    /// The query whose words are highlighted: the one being typed, else the one whose results are shown.
    public var highlightQuery: SearchQuery? {
        if let search { return search.query.isEmpty ? nil : SearchQuery(parsing: search.query, lastWordIsPrefix: true) }
        if case .search(let query) = scope { return SearchQuery(parsing: query, lastWordIsPrefix: false) }
        return nil
    }

    /// The index arrived from its background build: a search typed meanwhile runs now.
    public mutating func searchIndexReady(_ index: SearchIndex) {
        searchIndex = index
        // The wait is over: the status line stops saying so (the pane's count may not fit to say otherwise).
        if message == indexingMessage { message = nil }
        if search != nil { runSearch() } else if case .search = scope { refreshView(keeping: selectedPaperID) }
    }

    /// What the status line says while a search waits for the index.
    var indexingMessage: String { "indexing \(library.papers.count) papers…" }

    /// Esc on kept results: back to the view the search started from, on the paper chosen among the results
    /// when that view shows it.
    mutating func leaveKeptSearch() {
        guard scope.isKept else { return }
        let chosen = selectedPaperID
        let back = beforeKeptSearch ?? (library.days.isEmpty ? .allDays : .day(library.days.count - 1), sort, nil)
        beforeKeptSearch = nil
        scope = back.scope
        sort = back.sort
        refreshView(keeping: chosen)
        if selectedPaperID != chosen { refreshView(keeping: back.paper) }
    }

    /// n and N: the next or previous result; in the detail pane, the next or previous line with a match.
    mutating func nextMatch(forward: Bool, times: Int) {
        guard let query = highlightQuery, !query.isEmpty else {
            message = "no search yet: / and a few words"
            return
        }
        if focus == .detail, let paper = selectedPaper {
            refreshDetailLines()
            let lines = detailLines(for: paper)
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
            for highlight in highlights
            where highlight.isPrefix ? word.hasPrefix(highlight.word) : word == highlight.word {
                // Highlight as much of the word as the query matched, where folding kept the length.
                let length =
                    highlight.isPrefix && word.utf8.count == range.count ? highlight.word.utf8.count : range.count
                ranges.append(range.lowerBound..<(range.lowerBound + length))
                break
            }
        }
        return ranges
    }
}
