/// A paper found by a search, with its score: higher is better; only the order means anything.
public struct SearchResult: Sendable, Equatable {
    public var paper: PaperID
    public var score: Double

    public init(paper: PaperID, score: Double) {
        self.paper = paper
        self.score = score
    }
}
