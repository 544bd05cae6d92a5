import FolioCore

/// Where related papers stand: the vectors (with the index, after the first frame), the answers so far by paper,
/// and the one question out at the edge. The reducer never computes them on selection: it asks the edge
/// (`Effect.findRelated`), one paper at a time, and caches what comes back (`AppEvent.relatedReady`).
public struct RelatedState: Sendable {
    /// Built in the background with the search index; nil until then (the detail pane says it is waiting).
    public internal(set) var papers: RelatedPapers?
    /// Counts the vectors that arrived: an answer computed from older ones (another library) is dropped.
    public internal(set) var generation = 0
    /// Each paper's related papers, best first (at most `AppState.relatedLimit`), once found.
    public internal(set) var found: [PaperID: [PaperID]] = [:]
    /// The paper whose related papers are being found at the edge: no second question goes out meanwhile, so
    /// holding `j` never queues a search per row passed.
    public internal(set) var asked: PaperID?

    public init() {}
}
