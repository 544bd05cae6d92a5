import Foundation

extension PaperLayer {
    /// Search with `note:` terms: the index ranks the rest of the query, and the notes' side index keeps the
    /// papers whose note matches every positive `note:` term and no excluded one. A query of `note:` terms
    /// alone lists the papers with such notes, in library order.
    public func search(
        _ query: SearchQuery, in index: SearchIndex, limit: Int, prefixBudget: Int = .max
    ) -> [PaperID] {
        let noteTerms = query.noteTerms
        guard !noteTerms.isEmpty else {
            return index.search(query, limit: limit, prefixBudget: prefixBudget).map(\.paper)
        }
        let keeps: (PaperID) -> Bool = { paper in
            guard let words = noteWords(of: paper) else { return false }
            return noteTerms.allSatisfy { Self.matches($0, words) != $0.isExcluded }
        }
        let rest = query.indexPart
        if rest.isEmpty {
            return Array(notes.keys.filter(keeps).sorted().prefix(limit))
        }
        return Array(
            index.search(rest, limit: index.paperCount, prefixBudget: prefixBudget).map(\.paper).filter(keeps)
                .prefix(limit))
    }
}
