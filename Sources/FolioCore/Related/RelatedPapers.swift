/// "More like this": the papers most similar to a given one, by tf-idf cosine over title and abstract.
///
/// Built from the search index's words (its vocabulary and postings), so it uses the search's word rules and never
/// folds the text again. Each paper keeps a pruned vector: its `termsPerPaper` terms of highest tf-idf (title words
/// count `titleWeight` times; stop words, numbers and words of one paper are left out), scaled to unit length.
/// A pruned inverted list per term names the papers whose vectors hold it, so a query walks only its own few
/// terms' lists, and each of those holds only the papers for which the term is among the most telling: a common
/// word is in few such lists and a word everyone uses in none. The score is the cosine of the two pruned vectors.
///
/// A paper's other appearances are the same `Paper` already (the library joins them); a paper with the same
/// normalised title under another key (another arXiv id, a title-only listing) is the same work and is left out
/// too, as is anything scoring under `minimumScore`.
public final class RelatedPapers: Sendable {
    /// A related paper and its cosine similarity (0...1) to the one asked about.
    public struct Match: Sendable, Equatable {
        public var paper: PaperID
        public var score: Float

        public init(paper: PaperID, score: Float) {
            self.paper = paper
            self.score = score
        }
    }

    public let paperCount: Int
    /// Paper p's vector: vectorTerms/vectorWeights[vectorStart[p]..<vectorStart[p + 1]], weights of unit length.
    let vectorStart: [UInt32]
    let vectorTerms: [UInt32]
    let vectorWeights: [Float]
    /// Term t's papers (those whose vector holds it), ascending, with the term's weight in each:
    /// listPapers/listWeights[listStart[t]..<listStart[t + 1]].
    let listStart: [UInt32]
    let listPapers: [UInt32]
    let listWeights: [Float]
    /// Per paper, to leave out the same work listed under another key.
    let titleHashes: [UInt64]
    let normalizedTitles: [String]

    /// Terms kept per paper: enough to say what an abstract is about, few enough that a query reads few lists.
    public static let termsPerPaper = 24
    /// A title word counts as this many words of the abstract.
    static let titleWeight = 3
    /// Below this cosine two papers share a word or two by chance, not a subject.
    public static let minimumScore: Float = 0.15

    /// Builds the vectors from `index`, which must have been built from `library`'s papers.
    public init(index: SearchIndex, library: Library, termsPerPaper: Int = RelatedPapers.termsPerPaper) {
        precondition(index.paperCount == library.papers.count, "the index is of another library")
        let vectors = Self.vectors(of: index, termsPerPaper: termsPerPaper)
        let lists = Self.invertedLists(vectors, termCount: index.termCount)
        paperCount = index.paperCount
        vectorStart = vectors.start
        vectorTerms = vectors.terms
        vectorWeights = vectors.weights
        listStart = lists.start
        listPapers = lists.papers
        listWeights = lists.weights
        titleHashes = library.papers.map(\.titleHash)
        normalizedTitles = library.papers.map(\.normalizedTitle)
    }

    /// The arrays, in bytes (the titles are the library's own strings, shared).
    public var approximateBytes: Int {
        let fourByte =
            [vectorStart, vectorTerms, listStart, listPapers].reduce(0) { $0 + $1.capacity }
            + vectorWeights.capacity + listWeights.capacity
        return 4 * fourByte + 8 * titleHashes.capacity + 16 * normalizedTitles.capacity
    }

    /// How many terms paper `paper`'s vector kept.
    public func termCount(of paper: PaperID) -> Int {
        Int(vectorStart[paper + 1] - vectorStart[paper])
    }

    /// The papers most similar to `paper`, best first (ties: lower id first), at most `limit`, none under
    /// `minimumScore`, neither the paper itself nor one with its normalised title.
    public func related(to paper: PaperID, limit: Int = 5, minimumScore: Float = RelatedPapers.minimumScore)
        -> [Match]
    {
        guard (0..<paperCount).contains(paper), limit > 0 else { return [] }
        var scores = [Float](repeating: 0, count: paperCount)
        var touched: [UInt32] = []
        touched.reserveCapacity(4_096)
        scores.withUnsafeMutableBufferPointer { scores in
            listPapers.withUnsafeBufferPointer { papers in
                listWeights.withUnsafeBufferPointer { weights in
                    for slot in Int(vectorStart[paper])..<Int(vectorStart[paper + 1]) {
                        let term = Int(vectorTerms[slot])
                        let weight = vectorWeights[slot]
                        for posting in Int(listStart[term])..<Int(listStart[term + 1]) {
                            let other = Int(papers[posting])
                            if scores[other] == 0 { touched.append(papers[posting]) }
                            scores[other] += weight * weights[posting]
                        }
                    }
                }
            }
        }
        // The best `limit` of the rest, kept in order in a short array: limits are small. One work listed under
        // two keys is listed once, by its better score.
        var best: [Match] = []
        best.reserveCapacity(limit + 1)
        for other in touched {
            let other = Int(other)
            let score = min(1, scores[other])
            guard score >= minimumScore, other != paper else { continue }
            if best.count == limit, let last = best.last, (score, -other) <= (last.score, -last.paper) { continue }
            guard !isSameWork(other, as: paper) else { continue }
            if let twin = best.firstIndex(where: { isSameWork(other, as: $0.paper) }) {
                guard (score, -other) > (best[twin].score, -best[twin].paper) else { continue }
                best.remove(at: twin)
            }
            let place = best.firstIndex { (score, -other) > ($0.score, -$0.paper) } ?? best.count
            best.insert(Match(paper: other, score: score), at: place)
            if best.count > limit { best.removeLast() }
        }
        return best
    }

    /// The same work under another key: the same normalised title (a title of nothing names no work).
    func isSameWork(_ a: PaperID, as b: PaperID) -> Bool {
        titleHashes[a] == titleHashes[b] && !normalizedTitles[a].isEmpty && normalizedTitles[a] == normalizedTitles[b]
    }
}
