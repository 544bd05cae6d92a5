/// Every match of a query, its best ranked and the rest ranked only when asked for: the search pane lists every
/// match on every keystroke, tens of thousands after one typed letter, but shows a screenful. Sorting them all
/// was a third of a keystroke's time; choosing the best few hundred costs a pass over them.
public struct RankedMatches: Sendable {
    /// The best `rankedCount` papers, best first, then the others in no particular order until `rankAll`.
    public private(set) var papers: [PaperID]
    public private(set) var rankedCount: Int
    /// The rank keys of the papers past `rankedCount` (see `SearchIndex.rankKey`), and the evaluation's papers
    /// their low bits index.
    private var rest: [UInt128]
    private let matchPapers: [UInt32]

    /// Whether every paper is in its place.
    public var isComplete: Bool { rankedCount == papers.count }

    /// Matches already in order (a note-only query lists noted papers by id).
    public init(ranked papers: [PaperID]) {
        self.papers = papers
        rankedCount = papers.count
        rest = []
        matchPapers = []
    }

    init(keys: [UInt128], ranking head: Int, matchPapers: [UInt32]) {
        var keys = keys
        let head = min(max(0, head), keys.count)
        SearchIndex.moveSmallestToFront(head, of: &keys)
        rest = Array(keys[head...])
        self.matchPapers = matchPapers
        // The rest unordered until it is ranked: the same papers whatever their order, so the counts and sets made
        // from `papers` are final at once.
        papers = keys.map { Int(matchPapers[Int(truncatingIfNeeded: $0 & 0xFFFF_FFFF)]) }
        rankedCount = head
    }

    /// Puts every paper in its place.
    public mutating func rankAll() {
        guard !isComplete else { return }
        rest.sort()
        for (offset, key) in rest.enumerated() {
            papers[rankedCount + offset] = Int(matchPapers[Int(truncatingIfNeeded: key & 0xFFFF_FFFF)])
        }
        rankedCount = papers.count
        rest = []
    }
}

extension SearchIndex {
    /// The papers matching `query` that `keeps`, the best `head` of them ranked (as `search` ranks them).
    public func rankedMatches(
        _ query: SearchQuery, ranking head: Int, prefixBudget: Int = .max, keeping keeps: (PaperID) -> Bool
    ) -> RankedMatches {
        let evaluation = evaluate(query, prefixBudget: prefixBudget)
        return RankedMatches(
            keys: rankKeys(evaluation, keeping: keeps), ranking: head, matchPapers: evaluation.papers)
    }
}
