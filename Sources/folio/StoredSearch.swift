import FolioCore
import Foundation

/// `folio search` through the search index the reader stored beside the library cache, when it is valid for the
/// files being searched: the query is then answered from the index's postings, not by reading every paper's
/// text. It finds and ranks exactly what `StreamingSearch` does (the index's own rules, which that follows).
struct StoredSearch {
    let stored: StoredSearchIndex
    /// The files, stamped before the library was loaded from them.
    let loaded: LoadedFiles

    /// To be made before the library is loaded. Nil without a cache (`FOLIO_NO_CACHE`) or for standard input.
    init?(paths: [String]) {
        guard !StoredSearchIndex.disabled(), let loaded = StoredSearchIndex.listing(paths: paths) else { return nil }
        (stored, self.loaded) = (StoredSearchIndex(forPaths: paths), loaded)
    }

    /// The stored index, when it is valid for `library` (loaded from the files since this was made).
    func index(for library: Library) -> SearchIndex? {
        stored.read(validFor: StoredSearchIndex.Validity(loaded: loaded, library: library))
    }

    /// The answer from the stored index alone, the library not loaded, when it can give one: the best `limit`
    /// results (all without a limit) as papers of a library holding those alone, in order, and how many match.
    /// Nil for `note:` terms (the reader's notes are keyed to the whole library) and without an index stored
    /// for exactly these files from a library without problems. Its papers carry what `folio search` prints
    /// (title, last day, upvotes, the keys of their marks): not for `--json`, which prints every field.
    func answerWithoutLoading(_ query: SearchQuery, limit: Int?) -> (
        library: Library, results: [SearchResult], total: Int
    )? {
        guard !query.terms.contains(where: { $0.field == .note }),
            let (index, listing) = stored.readWithListing(
                stampsDigest: StoredSearchIndex.Validity.stampsDigest(of: loaded))
        else { return nil }
        let (ranked, total) = Self.rank(query, in: index, limit: limit ?? index.paperCount)
        guard let library = listing.library(of: ranked.map(\.paper)) else { return nil }
        return (library, ranked.enumerated().map { SearchResult(paper: $0.offset, score: $0.element.score) }, total)
    }

    /// The best `limit` papers and how many match: `StreamingSearch.search`'s answer, from an index.
    static func rank(_ query: SearchQuery, in index: SearchIndex, limit: Int) -> (results: [SearchResult], total: Int) {
        let query = query.indexPart
        guard !query.isEmpty else { return ([], 0) }
        return (index.search(query, limit: limit), index.count(query))
    }
}
