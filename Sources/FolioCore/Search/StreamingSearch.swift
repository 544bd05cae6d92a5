import Foundation
import Synchronization

/// One query answered in one pass over the papers' text, without building a `SearchIndex`: for the one-shot
/// commands (`folio search`, `folio list --filter`, `folio export --filter`), which ask one question and exit.
///
/// It finds what the index finds and ranks it the same, to the bit: the index's rules are followed exactly (words
/// folded by `TextFolding`, title positions then abstract positions one past them, at most 255 positions kept per
/// word and paper, lengths and positions clamped to 16 bits, a prefix's words summed in byte order in `Float`,
/// terms scored cheapest first). What ranking needs from every paper (how many papers hold each query word,
/// the average title and abstract length) is counted in the same pass; the words of a paper are kept only while
/// it is read, and only those the query names.
public struct StreamingSearch: Sendable {
    public let query: SearchQuery

    /// `note:` terms are left out, as the index leaves them (`PaperLayer.search` answers for notes).
    public init(_ query: SearchQuery) {
        self.query = query.indexPart
    }

    /// Every matching paper, best first (ties newest first, then lower id), at most `limit`; and how many match.
    public func search(in library: Library, limit: Int) -> (results: [SearchResult], total: Int) {
        guard !query.isEmpty else { return ([], 0) }
        let scan = Scan.run(query.terms, over: library.papers)
        let n = library.papers.count
        let averageTitle = max(1, Double(scan.titleWords) / Double(max(1, n)))
        let averageAbstract = max(1, Double(scan.abstractWords) / Double(max(1, n)))
        func idf(_ documentFrequency: Int) -> Double {
            let df = Double(min(documentFrequency, n))
            return log(1 + (Double(n) - df + 0.5) / (df + 0.5))
        }
        // As `SearchIndex.resolve`: a term's weight is the sum of its words' idf, its cost its rarest word's.
        struct Weighed {
            var term: Int
            var idf: Double
            var cost: Int
        }
        var positive: [Weighed] = []
        for (index, term) in query.terms.enumerated() where !term.isExcluded {
            let frequencies = scan.slots[index].map { scan.documentFrequency[$0] }
            if frequencies.contains(0) { return ([], 0) }  // a word no paper has
            positive.append(
                Weighed(term: index, idf: frequencies.reduce(0) { $0 + idf($1) }, cost: frequencies.min() ?? 0))
        }
        positive.sort { $0.cost < $1.cost }
        let titleLengths = scan.titleLengths, abstractLengths = scan.abstractLengths
        var scores: [Double] = []
        scores.reserveCapacity(scan.matches.count)
        for offset in scan.matches.indices {
            var score = 0.0
            for weighed in positive {
                let counts = scan.counts[offset * query.terms.count + weighed.term]
                let field = query.terms[weighed.term].field
                let title = field == .abstract ? 0 : Double(counts.title)
                let abstract = field == .title ? 0 : Double(counts.abstract)
                score +=
                    weighed.idf
                    * (SearchIndex.titleBoost
                        * Self.saturation(
                            title, length: titleLengths[offset], average: averageTitle,
                            weight: SearchIndex.titleLengthWeight)
                        + Self.saturation(
                            abstract, length: abstractLengths[offset], average: averageAbstract,
                            weight: SearchIndex.abstractLengthWeight))
            }
            scores.append(score)
        }
        let lastSeen = scan.matches.map { Int32(clamping: library.papers[$0].lastSeen.ordinal) }
        func better(_ a: Int, _ b: Int) -> Bool {
            if scores[a] != scores[b] { return scores[a] > scores[b] }
            if lastSeen[a] != lastSeen[b] { return lastSeen[a] > lastSeen[b] }
            return scan.matches[a] < scan.matches[b]
        }
        let best = Array(scan.matches.indices).sorted(by: better).prefix(max(0, limit))
        return (best.map { SearchResult(paper: scan.matches[$0], score: scores[$0]) }, scan.matches.count)
    }

    /// For each term alone, the papers it matches (in its field): what `SearchIndex.matchingPapers` gives for a
    /// query of that one term, as filters ask.
    public static func matchingPapers(_ terms: [SearchQuery.Term], in library: Library) -> [PaperSet] {
        let count = library.papers.count
        var sets = terms.map { _ in PaperSet(capacity: count) }
        // Each term positive and alone: a paper is kept when any term matches, and told apart after. A `note:`
        // term finds nothing here, as in the index, which holds no notes.
        let searched = terms.indices.filter { terms[$0].field != .note }
        guard !searched.isEmpty else { return sets }
        let alone = searched.map {
            SearchQuery.Term(words: terms[$0].words, field: terms[$0].field, isPrefix: terms[$0].isPrefix)
        }
        let scan = Scan.run(alone, over: library.papers, keepAny: true)
        for (offset, paper) in scan.matches.enumerated() {
            for (slot, term) in searched.enumerated() {
                let counts = scan.counts[offset * alone.count + slot]
                if Self.holds(counts, field: alone[slot].field) { sets[term].insert(paper) }
            }
        }
        return sets
    }

    static func holds(_ counts: Scan.Counts, field: SearchQuery.Field) -> Bool {
        let title = field == .abstract ? 0 : counts.title
        let abstract = field == .title ? 0 : counts.abstract
        return title + abstract > 0
    }

    /// `SearchIndex.saturation`, the same arithmetic.
    static func saturation(_ frequency: Double, length: UInt16, average: Double, weight: Double) -> Double {
        guard frequency > 0 else { return 0 }
        let norm = 1 - weight + weight * Double(length) / average
        return frequency / (frequency + SearchIndex.k1 * norm)
    }
}
