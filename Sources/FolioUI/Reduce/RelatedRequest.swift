import FolioCore

/// A question for the edge: the papers related to `paper`, from these vectors. Carried out off the UI thread;
/// the answer comes back as `AppEvent.relatedReady`.
public struct RelatedRequest: Sendable, Equatable {
    public var paper: PaperID
    public var limit: Int
    /// `RelatedState.generation` of `papers`: the answer says which vectors it came from.
    public var generation: Int
    public var papers: RelatedPapers

    /// What came back.
    public struct Answer: Sendable, Equatable {
        public var paper: PaperID
        public var generation: Int
        /// Best first.
        public var related: [PaperID]

        public init(paper: PaperID, generation: Int, related: [PaperID]) {
            self.paper = paper
            self.generation = generation
            self.related = related
        }
    }

    /// Finds them: a few milliseconds at 100,000 papers, so the edge runs it on another thread.
    public func answer() -> Answer {
        Answer(paper: paper, generation: generation, related: papers.related(to: paper, limit: limit).map(\.paper))
    }

    /// Two requests are the same question of the same vectors.
    public static func == (a: RelatedRequest, b: RelatedRequest) -> Bool {
        a.paper == b.paper && a.limit == b.limit && a.generation == b.generation && a.papers === b.papers
    }
}
