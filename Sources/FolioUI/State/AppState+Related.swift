import FolioCore

/// Related papers: asked for in the background when the selection settles on a paper not yet answered, shown in
/// the detail pane, and made the view by `m` (as kept search results are; Esc goes back).
extension AppState {
    /// Related papers found per paper: the view `m` makes holds this many; the detail pane shows the first
    /// `relatedShown`.
    public static let relatedLimit = 30
    public static let relatedShown = 5

    /// The vectors arrived, after the search index: answers from older ones no longer hold, and a view of a
    /// paper's related papers (restored, or followed into a reloaded library) is found now.
    mutating func relatedPapersReady(_ papers: RelatedPapers?) {
        related.papers = papers
        related.generation += 1
        related.found = [:]
        related.asked = nil
        detailCache = nil
        if case .related = scope, papers != nil {
            baseViewKey = nil
            refreshView(keeping: selectedPaperID)
        }
    }

    /// The library was replaced: its paper ids are gone, and so is everything found for them.
    mutating func forgetRelatedPapers() {
        relatedPapersReady(nil)
    }

    /// A paper's related papers in the new library when it is still there, else the view they were made from.
    func following(_ scope: Scope, by follow: (PaperID) -> PaperID?) -> Scope {
        guard case .related(let paper) = scope else { return scope }
        if let paper = follow(paper) { return .related(paper) }
        return beforeKeptSearch?.scope ?? (library.days.isEmpty ? .allDays : .day(library.days.count - 1))
    }

    /// The edge found a paper's related papers. Kept whichever paper is selected now (the list may come back to
    /// it); dropped when they came from vectors of an older library.
    mutating func relatedFound(_ answer: RelatedRequest.Answer) {
        guard answer.generation == related.generation else { return }
        if related.asked == answer.paper { related.asked = nil }
        related.found[answer.paper] = answer.related
        if selectedPaperID == answer.paper { detailCache = nil }
    }

    /// After every event: when the detail pane shows a paper whose related papers are not known and nothing is
    /// being asked, ask for them. One at a time: while `j` is held the question for a passed row is answered
    /// (and cached), then the row the selection settled on is asked for.
    mutating func askForRelatedPapers() {
        guard let papers = related.papers, related.asked == nil, !layout.detail.isEmpty,
            let paper = selectedPaperID, related.found[paper] == nil
        else { return }
        related.asked = paper
        emit(
            .findRelated(
                RelatedRequest(paper: paper, limit: Self.relatedLimit, generation: related.generation, papers: papers)))
    }

    /// The papers related to `paper`, best first: what the edge found, or nil while it has not answered.
    public func relatedPapers(of paper: PaperID) -> [PaperID]? {
        related.found[paper]
    }

    /// `m`: the selected paper's related papers become the view, most similar first. Found now when the edge
    /// has not answered yet (one paper: a few milliseconds).
    mutating func showRelated() {
        guard let paper = selectedPaperID else { return }
        guard let papers = related.papers else {
            message = "related papers wait for the index: indexing \(library.papers.count) papers…"
            return
        }
        guard !findRelatedNow(paper, in: papers).isEmpty else {
            message = "no paper is close enough to this one"
            return
        }
        // From kept results (a search, another paper's related), Esc still goes back to where the first began.
        if !scope.isKept { beforeKeptSearch = (scope, sort, paper) }
        focus = .list
        scope = .related(paper)
        sort = .digest
        refreshView(keeping: nil)
        listScroll = 0
    }

    /// The view of `.related(paper)`: its related papers (none until the index arrives), re-sorted unless the
    /// sort is the ranking.
    mutating func relatedView(of paper: PaperID) -> [PaperID] {
        let ranked = related.papers.map { findRelatedNow(paper, in: $0) } ?? []
        return sort == .digest ? ranked : PaperOrdering.sorted(ranked, in: library, sort: sort, day: nil)
    }

    /// What the edge found for `paper`, else found here and now (`m`, a restored view): one paper's, not one per
    /// key held down.
    private mutating func findRelatedNow(_ paper: PaperID, in papers: RelatedPapers) -> [PaperID] {
        if let found = related.found[paper] { return found }
        let found = papers.related(to: paper, limit: Self.relatedLimit).map(\.paper)
        related.found[paper] = found
        return found
    }
}

extension Scope {
    /// Results kept as the view (a search's, a paper's related papers): Esc goes back to the view before them.
    public var isKept: Bool {
        switch self {
        case .search, .related: true
        case .day, .allDays: false
        }
    }
}
