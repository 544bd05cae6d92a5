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

    /// The best `limit` papers and how many match: `StreamingSearch.search`'s answer, from an index.
    static func rank(_ query: SearchQuery, in index: SearchIndex, limit: Int) -> (results: [SearchResult], total: Int) {
        let query = query.indexPart
        guard !query.isEmpty else { return ([], 0) }
        return (index.search(query, limit: limit), index.count(query))
    }
}
