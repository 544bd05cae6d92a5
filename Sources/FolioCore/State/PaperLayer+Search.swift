import Foundation

extension PaperLayer {
    /// Search with `note:` terms: the index ranks the rest of the query, and the notes' side index keeps the
    /// papers whose note matches every positive `note:` term and no excluded one. A query of `note:` terms
    /// alone lists the papers with such notes, in library order.
    public func search(
        _ query: SearchQuery, in index: SearchIndex, limit: Int, prefixBudget: Int = .max
    ) -> [PaperID] {
        guard let keeps = noteFilter(for: query) else {
            return index.search(query, limit: limit, prefixBudget: prefixBudget).map(\.paper)
        }
        let rest = query.indexPart
        if rest.isEmpty {
            return Array(notes.keys.filter(keeps).sorted().prefix(limit))
        }
        return Array(
            index.search(rest, limit: index.paperCount, prefixBudget: prefixBudget).map(\.paper).filter(keeps)
                .prefix(limit))
    }

    /// As `search`, every match that `keeps`, the best `head` of them ranked (the search pane's list).
    public func rankedSearch(
        _ query: SearchQuery, in index: SearchIndex, ranking head: Int, prefixBudget: Int = .max,
        keeping keeps: (PaperID) -> Bool
    ) -> RankedMatches {
        guard let noted = noteFilter(for: query) else {
            return index.rankedMatches(query, ranking: head, prefixBudget: prefixBudget, keeping: keeps)
        }
        let rest = query.indexPart
        if rest.isEmpty {
            return RankedMatches(ranked: notes.keys.filter { noted($0) && keeps($0) }.sorted())
        }
        return index.rankedMatches(rest, ranking: head, prefixBudget: prefixBudget) { noted($0) && keeps($0) }
    }

    /// Whether a paper's note passes the query's `note:` terms (every positive one matched, no excluded one);
    /// nil when the query has none. The one-shot `folio search` ranks the rest in one pass and keeps these.
    public func noteFilter(for query: SearchQuery) -> ((PaperID) -> Bool)? {
        let noteTerms = query.noteTerms
        guard !noteTerms.isEmpty else { return nil }
        return { paper in
            guard let words = noteWords(of: paper) else { return false }
            return noteTerms.allSatisfy { Self.matches($0, words) != $0.isExcluded }
        }
    }

    /// The papers that have a note, in library order.
    public var papersWithNotes: [PaperID] { notes.keys.sorted() }
}
