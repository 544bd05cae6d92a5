import FolioCore
import FolioScreen
import Foundation

/// Where `R` and the digests changing on disk stand.
public struct RefreshState: Sendable {
    /// A fetch is under way: another `R` waits for it.
    public internal(set) var fetching = false
    /// The last fetch's news (failures), said with the reload's.
    var note: String?
    /// Topics that were on when the library was replaced, by name: turned on again when its index arrives.
    var pendingTopics: [String]?
    /// The paper selected then, by key, when the view needs the index to show it (kept search results).
    var pendingPaper: String?

    public init() {}
}

extension AppState {
    // MARK: - R

    /// `R`: today, and the days missing since the newest digest (at most `fetch-days`), fetched at the edge.
    mutating func requestRefresh() {
        guard !refresh.fetching else {
            message = "a fetch is under way"
            return
        }
        let plan = FetchPlan.catchingUp(
            newest: library.days.last?.date, today: .todayUTC(clock()), limit: settings.fetch.catchUpDays)
        refresh.fetching = true
        refresh.note = nil
        message = "fetching \(plan.days.count == 1 ? plan.days[0].short : "\(plan.days.count) days")…"
        emit(.fetch(plan))
    }

    mutating func fetchProgressed(_ progress: DigestFetcher.Progress) {
        guard let day = progress.current else { return }
        message =
            "fetching \(day.short): \(progress.daysDone)/\(progress.dayCount) days · \(progress.papers) paper\(progress.papers == 1 ? "" : "s")…"
    }

    mutating func fetchFinished(_ report: DigestFetcher.Report) {
        refresh.fetching = false
        if let unreachable = report.unreachable {
            startupProblems.append(Diagnostic(message: "fetch: \(unreachable)"))
            message = "fetch failed: \(unreachable) (L shows it)"
            return
        }
        let failures = report.days.filter { $0.outcome.isFailure }
        for (day, outcome) in failures {
            startupProblems.append(Diagnostic(message: "fetch \(day.iso): \(outcome)"))
        }
        let failed =
            failures.isEmpty ? nil : "\(failures.count) day\(failures.count == 1 ? "" : "s") not fetched: L shows why"
        if report.filesWritten > 0 {
            // The files landed; the reload that follows says what is new.
            refresh.note = failed
            message = "fetched \(report.papersWritten) papers; loading…"
        } else {
            message = failed ?? "up to date: no new papers"
        }
    }

    // MARK: - A new library in place

    /// The digests were loaded again: the new library replaces the old one, and everything that names papers by
    /// their place in it follows them by key: the selection (and its row on screen), the marks, undo, the view a
    /// kept search goes back to. Topics follow by name once the new index arrives (built in the background, as at
    /// start); until then searches wait for it.
    /// `announcing: false` (the whole library after the cache's first frame): nothing is said, and the papers
    /// the old library lacked (all but a day's) are neither gathered nor counted.
    public mutating func replaceLibrary(_ new: Library, announcing: Bool = true) {
        let old = library
        let newByKey = Self.firstPapers(in: new, withKeysOf: old)
        func follow(_ id: PaperID) -> PaperID? { old.papers.indices.contains(id) ? newByKey[old.papers[id].key] : nil }

        let oldKeys = announcing ? Set(old.papers.map(\.key)) : []
        let added = announcing ? new.papers.filter { !oldKeys.contains($0.key) } : []
        let kept = selectedPaperID.flatMap(follow)
        let keptKey = refresh.pendingPaper ?? selectedPaper?.key
        let row = selection - listScroll
        let shownDate = currentDay?.date

        library = new
        orders = LibraryOrders(library: new)
        if let names = refresh.pendingTopics ?? (activeTopics.isEmpty ? nil : activeTopicNames) {
            refresh.pendingTopics = names
        }
        activeTopics = []
        searchIndex = nil
        topicIndex = nil
        paperFacts = nil
        filterCache = nil
        baseViewKey = nil
        detailCache = nil
        forgetRelatedPapers()
        scope = following(scope, by: follow)
        undoStack = undoStack.map { $0.compactMap { $0.following(follow) } }.filter { !$0.isEmpty }
        redoStack = redoStack.map { $0.compactMap { $0.following(follow) } }.filter { !$0.isEmpty }
        if let before = beforeKeptSearch {
            beforeKeptSearch = (before.scope, before.sort, before.paper.flatMap(follow))
        }
        switch modal {
        case .search(var pane):
            pane.savedPaper = pane.savedPaper.flatMap(follow)
            pane.savedScope = following(pane.savedScope, by: follow)
            modal = .search(pane)
        case .topicPicker:
            // Its rows are topics of the old index.
            modal = nil
        default:
            break
        }
        if case .day = scope {
            let today = new.days.isEmpty ? Scope.allDays : .day(new.days.count - 1)
            scope = shownDate.flatMap { date in new.days.firstIndex { $0.date == date } }.map(Scope.day) ?? today
        }
        visibleSet = PaperSet(capacity: new.papers.count)
        baseViewSet = PaperSet(capacity: new.papers.count)
        absorb(reading)
        if search != nil { runSearch() } else { refreshView(keeping: kept) }
        if selectedPaperID == kept { listScroll = max(0, selection - row) }
        // Search results wait for the new index: the paper is found again when it comes.
        refresh.pendingPaper = selectedPaperID == kept ? nil : keptKey
        clampScroll()
        if case .log(var log) = modal {
            log.layOut(in: self)
            modal = .log(log)
        }
        guard announcing else { return }
        message = [Self.describeAdded(added, today: DayDate.todayUTC(clock())), refresh.note]
            .compactMap { $0 }.joined(separator: " · ")
        refresh.note = nil
    }

    /// For each key of `old`'s papers, the first paper of `new` with that key. Only `old`'s keys are made: `new`'s
    /// papers are matched by their arXiv id and normalised title, read in place (a key made, or `paper.key` read,
    /// for each of 66,000 new papers at 100k entries costs a String and a copy of the paper each), when `old` is
    /// a first frame of a few dozen papers.
    static func firstPapers(in new: Library, withKeysOf old: Library) -> [String: PaperID] {
        var byID: [Substring: String] = [:]
        var byTitle: [Substring: String] = [:]
        for id in old.papers.indices {
            let key = old.papers[id].key
            if let arxivID = key.hasPrefix(Paper.arxivKeyPrefix) ? key.dropFirst(Paper.arxivKeyPrefix.count) : nil {
                byID[arxivID] = key
            } else {
                byTitle[key.dropFirst(Paper.titleKeyPrefix.count)] = key
            }
        }
        var found: [String: PaperID] = [:]
        found.reserveCapacity(old.papers.count)
        new.papers.withUnsafeBufferPointer { papers in
            for id in papers.indices where found.count < byID.count + byTitle.count {
                let paper = papers.baseAddress! + id
                // As `Paper.key`: the arXiv id when known, else the normalised title.
                let key =
                    paper.pointee.arxivID.map { byID[Substring($0)] }
                    ?? (byTitle.isEmpty ? nil : byTitle[Substring(paper.pointee.normalizedTitle)])
                if let key, found[key] == nil { found[key] = id }
            }
        }
        return found
    }

    /// "3 new papers today", "5 new papers (2 today)", or that nothing is new.
    static func describeAdded(_ added: [Paper], today: DayDate) -> String {
        let count = added.count
        guard count > 0 else { return "digests reloaded: no new papers" }
        let papers = "\(count) new paper\(count == 1 ? "" : "s")"
        let onToday = added.count { $0.lastSeen == today }
        if onToday == count { return papers + " today" }
        return onToday == 0 ? papers : "\(papers) (\(onToday) today)"
    }

    /// The new index arrived: the topics that were on before the library was replaced go on again, by name.
    mutating func restoreTopics(in topics: TopicIndex) {
        guard let names = refresh.pendingTopics else { return }
        refresh.pendingTopics = nil
        activeTopics = names.compactMap { topics.index(named: $0) }
    }

    /// After the new index has refreshed the view: the paper selected before the library was replaced, selected
    /// again where the view shows it.
    mutating func restoreSelection() {
        guard let key = refresh.pendingPaper else { return }
        refresh.pendingPaper = nil
        guard let paper = library.paper(forKey: key), let index = visible.firstIndex(of: paper) else { return }
        select(index)
    }

    /// A message for the status line from the edge (the samples shown for want of fetched digests).
    public mutating func say(_ text: String) {
        message = text
    }
}

extension MarkChange {
    fileprivate func following(_ follow: (PaperID) -> PaperID?) -> MarkChange? {
        follow(paper).map { MarkChange(paper: $0, field: field, from: from, to: to) }
    }
}
