import FolioCore
import FolioScreen

/// The search pane: `/` opens a query line above the list, results follow every keystroke (ranked, over every
/// day), the detail pane follows the selected result. Enter keeps the results as the list's view; Esc puts
/// back the view as it was before `/`.
public struct SearchPane: Sendable, Equatable {
    public internal(set) var query = ""
    /// The view to go back to on Esc.
    var savedScope: Scope
    var savedSort: SortOrder
    var savedPaper: PaperID?
    /// Where Up and Down are in the history of queries.
    var history = HistoryCursor()
    /// The editing cursor, in characters into `query`; nil at its end.
    public internal(set) var cursor: Int?
    public internal(set) var resultCount = 0
    /// A prefix started so many words that the pane read only the most frequent: the count is a lower bound.
    public internal(set) var countIsLowerBound = false
    /// The last word being typed, matched as a prefix (`agent` as `agent*`): the pane shows it so, and Enter keeps
    /// it so.
    public internal(set) var typedPrefix: String?
}

extension SearchPane: ModalHandler {
    static var keyContext: KeyContext { .search }
    /// Digits are typed into the query.
    static var acceptsCounts: Bool { false }

    static func perform(_ action: Action, times: Int, argument: String?, in state: inout AppState) -> Handling {
        switch action {
        case .historyBack: state.recallSearchHistory(older: true)
        case .historyForward: state.recallSearchHistory(older: false)
        // Moving through the results is the list's: the pane hands it on.
        default: return .passed
        }
        return .done
    }

    /// Typing on the query line: text edits the query, Enter keeps the results, Esc goes back. Movement and
    /// history keys come through the keymap's `search` context.
    static func type(_ key: Key, in state: inout AppState) -> Handling {
        guard var pane = state.search else { return .passed }
        switch key.code {
        case .enter:
            state.acceptSearch()
            return .done
        case .escape:
            state.cancelSearch()
            return .done
        default:
            if key.code == .backspace, pane.query.isEmpty {
                state.cancelSearch()
                return .done
            }
            guard pane.query.applyLineEdit(key, cursor: &pane.cursor) else { return .passed }
        }
        pane.history.index = nil
        state.modal = .search(pane)
        state.runSearch()
        return .done
    }

    static func paste(_ line: String, in state: inout AppState) -> Handling {
        guard var pane = state.search else { return .done }
        pane.query.insertLine(line, cursor: &pane.cursor)
        state.modal = .search(pane)
        state.runSearch()
        return .done
    }
}

extension AppState {
    /// The search pane, while it is open.
    public var search: SearchPane? {
        if case .search(let pane) = modal { pane } else { nil }
    }

    mutating func openSearch() {
        focus = .list
        var pane = SearchPane(savedScope: scope, savedSort: sort, savedPaper: selectedPaperID)
        if case .search(let query) = scope { pane.query = SearchQuery.typedText(kept: query) }
        modal = .search(pane)
        clampScroll()
        runSearch()
    }

    /// Runs the query being typed and shows its results; the last word matches as a prefix.
    mutating func runSearch() {
        guard var pane = search else { return }
        let query = SearchQuery(parsing: pane.query, lastWordIsPrefix: true)
        pane.typedPrefix = query.lastWordIsTyped ? query.terms.last?.words.last.map { $0 + "*" } : nil
        pane.countIsLowerBound = false
        if filterCache?.filter != activeFilter?.filter { reevaluateFilter() }
        guard let index = searchIndex else {
            message = indexingMessage
            return
        }
        if query.isEmpty {
            // Nothing typed yet: the view the pane was opened on stays (the scope is still its scope, and its
            // ordering is cached), as fzf lists everything before a keystroke; the first word searches every day.
            refreshView(keeping: pane.savedPaper)
            pane.resultCount = visible.count
            modal = .search(pane)
            return
        }
        // Every result is ranked and listed: the count is what the list holds. One typed letter may start too many
        // words to read them all on a keystroke; the pane then says the count is a lower bound.
        let budget = SearchIndex.prefixPostingBudget
        // Topics and filters narrow the results too.
        let kept = filterSet()
        let matches = layer.rankedSearch(
            query, in: index, ranking: Self.rankedAhead(listHeight: layout.list.height), prefixBudget: budget
        ) { kept?.contains($0) ?? true }
        pane.countIsLowerBound = index.isTruncated(query, prefixBudget: budget)
        visible = matches.papers
        if !matches.isComplete { unrankedMatches = matches }
        pane.resultCount = visible.count
        modal = .search(pane)
        visibleSet = PaperSet(capacity: library.papers.count, visible)
        recountView()
        recountTopics()
        selection = 0
        listScroll = 0
        detailScroll = 0
        clampScroll()
    }

    /// How many of the pane's matches are put in order on a keystroke: many screenfuls, so paging down in the pane
    /// seldom ranks the rest.
    static func rankedAhead(listHeight: Int) -> Int { max(1_000, 8 * listHeight) }

    /// Enter: the results become the view, and the query goes into the history (which the edge saves).
    mutating func acceptSearch() {
        guard let pane = search else { return }
        // What the pane matched is what is kept: a last word matched as a prefix keeps its `*`.
        let query = pane.query.trimmingSpaces.isEmpty ? "" : SearchQuery.keptText(pane.query)
        let keep = selectedPaperID
        modal = nil
        guard !query.isEmpty else {
            cancelSearch(restoring: pane)
            return
        }
        searchHistory.removeAll { $0 == query }
        searchHistory.append(query)
        if searchHistory.count > 200 { searchHistory.removeFirst(searchHistory.count - 200) }
        // A search started from kept results goes back to where the first one started.
        if !pane.savedScope.isKept {
            beforeKeptSearch = (pane.savedScope, pane.savedSort, pane.savedPaper)
        }
        scope = .search(query)
        // Kept results are ranked whatever the view's sort was (Esc gives it back); S re-sorts them.
        sort = .digest
        refreshView(keeping: keep)
        emit(.saveHistory(.search, searchHistory))
    }

    mutating func cancelSearch(restoring saved: SearchPane? = nil) {
        guard let pane = saved ?? search else { return }
        modal = nil
        scope = pane.savedScope
        sort = pane.savedSort
        refreshView(keeping: pane.savedPaper)
    }

    /// Up and Down on the query line: older and newer queries from the history.
    mutating func recallSearchHistory(older: Bool) {
        guard var pane = search, let text = pane.history.step(older: older, from: pane.query, in: searchHistory) else {
            return
        }
        // The history holds kept queries; a typed query being stepped back to is the pane's own text.
        pane.query = pane.history.index == nil ? text : SearchQuery.typedText(kept: text)
        pane.cursor = nil
        modal = .search(pane)
        runSearch()
    }
}
