import Foundation

extension SearchIndex {
    // MARK: - Searching

    /// Papers matching every positive term and no excluded one, best first: title matches above abstract
    /// matches, rarer words above common ones, ties newest first (then lower id).
    ///
    /// - Parameter prefixBudget: how many postings one `word*` may read. Unlimited by default, so every path
    ///   (kept results, `folio search`, filters) finds the same papers; the pane passes `prefixPostingBudget` to
    ///   stay quick on one typed letter, and says so when it was reached (`isTruncated`).
    public func search(_ query: SearchQuery, limit: Int = 200, prefixBudget: Int = .max) -> [SearchResult] {
        let evaluation = evaluate(query, prefixBudget: prefixBudget)
        return top(evaluation, limit: limit).map {
            SearchResult(paper: PaperID(evaluation.papers[$0]), score: evaluation.scores[$0])
        }
    }

    /// How many papers match in all.
    public func count(_ query: SearchQuery, prefixBudget: Int = .max) -> Int {
        evaluate(query, prefixBudget: prefixBudget).papers.count
    }

    /// How many of the papers in `set` match.
    public func count(_ query: SearchQuery, within set: PaperSet, prefixBudget: Int = .max) -> Int {
        evaluate(query, prefixBudget: prefixBudget).papers.reduce(0) { $0 + (set.contains(Int($1)) ? 1 : 0) }
    }

    /// Whether a prefix of the query starts more words than `prefixBudget` lets it read: its results are then
    /// those of its most frequent words, and its count a lower bound.
    public func isTruncated(_ query: SearchQuery, prefixBudget: Int) -> Bool {
        evaluate(query, prefixBudget: prefixBudget).truncated
    }

    /// The matching papers (ascending) and their scores.
    struct Evaluation: Sendable {
        var papers: [UInt32] = []
        var scores: [Double] = []
        /// A prefix was cut to its most frequent words.
        var truncated = false
    }

    func evaluate(_ query: SearchQuery, prefixBudget: Int) -> Evaluation {
        if let cached = lastEvaluation.withLock({ $0 }), cached.query == query, cached.budget == prefixBudget {
            return cached.evaluation
        }
        let evaluation = computeEvaluation(query, prefixBudget: prefixBudget)
        lastEvaluation.withLock { $0 = (query, prefixBudget, evaluation) }
        return evaluation
    }

    /// Every paper matching the query, ascending, with no cap on how many words a prefix expands to: for topic
    /// keywords and filters, which must be exact, not quick.
    public func matchingPapers(_ query: SearchQuery) -> [UInt32] {
        // One whole word anywhere (a topic keyword, a filter word): its postings are the answer, no scoring.
        if query.terms.count == 1, let term = query.terms.first, !term.isExcluded, !term.isPrefix,
            term.field == .any, term.words.count == 1
        {
            guard let id = lookup(term.words[0]) else { return [] }
            return Array(postingPapers[postings(id)])
        }
        return computeEvaluation(query, prefixBudget: .max).papers
    }

    func computeEvaluation(_ query: SearchQuery, prefixBudget: Int = SearchIndex.prefixPostingBudget) -> Evaluation {
        // Notes are not in the index (`PaperLayer.search` applies their terms).
        guard !query.indexPart.isEmpty else { return Evaluation() }
        var positive: [ResolvedTerm] = []
        var excluded: [ResolvedTerm] = []
        var truncated = false
        for term in query.terms where term.field != .note {
            if let resolved = resolve(term, prefixBudget: prefixBudget) {
                truncated = truncated || resolved.truncated
                if term.isExcluded { excluded.append(resolved) } else { positive.append(resolved) }
            } else if !term.isExcluded {
                return Evaluation()  // a word no paper has
            }
        }
        positive.sort { $0.cost < $1.cost }
        var evaluation = Evaluation()
        evaluation.truncated = truncated
        evaluation.papers = candidates(positive[0])
        evaluation.scores = Array(repeating: 0, count: evaluation.papers.count)
        for term in positive where !evaluation.papers.isEmpty {
            let counts = occurrences(term, in: evaluation.papers)
            keep(&evaluation) { index, paper in
                let title = term.field == .abstract ? 0 : Double(counts.title[index])
                let abstract = term.field == .title ? 0 : Double(counts.abstract[index])
                guard title + abstract > 0 else { return nil }
                return term.idf
                    * (Self.titleBoost
                        * saturation(
                            title, length: titleLengths[paper],
                            average: averageTitleLength,
                            weight: Self.titleLengthWeight)
                        + saturation(
                            abstract, length: abstractLengths[paper], average: averageAbstractLength,
                            weight: Self.abstractLengthWeight))
            }
        }
        for term in excluded where !evaluation.papers.isEmpty {
            let counts = occurrences(term, in: evaluation.papers)
            keep(&evaluation) { index, _ in
                let title = term.field == .abstract ? 0 : counts.title[index]
                let abstract = term.field == .title ? 0 : counts.abstract[index]
                return title + abstract > 0 ? nil : 0
            }
        }
        return evaluation
    }

    /// Keeps the papers for which `score` gives a number, adding it to their score.
    func keep(_ evaluation: inout Evaluation, _ score: (Int, Int) -> Double?) {
        var kept = 0
        for index in evaluation.papers.indices {
            let paper = evaluation.papers[index]
            guard let added = score(index, Int(paper)) else { continue }
            evaluation.papers[kept] = paper
            evaluation.scores[kept] = evaluation.scores[index] + added
            kept += 1
        }
        evaluation.papers.removeLast(evaluation.papers.count - kept)
        evaluation.scores.removeLast(evaluation.scores.count - kept)
    }

    /// BM25's term-frequency saturation with length normalisation.
    func saturation(_ frequency: Double, length: UInt16, average: Double, weight: Double) -> Double {
        guard frequency > 0 else { return 0 }
        let norm = 1 - weight + weight * Double(length) / average
        return frequency / (frequency + Self.k1 * norm)
    }

    func idf(_ documentFrequency: Int) -> Double {
        let n = Double(paperCount)
        let df = Double(min(documentFrequency, paperCount))
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }

    // MARK: - Terms

    /// A query term in index terms: the phrase's words before the last (exact), and the last word's expansions.
    struct ResolvedTerm {
        var leading: [Int]
        var last: [(term: Int, weight: Double)]
        var field: SearchQuery.Field
        var idf: Double
        /// Postings read to start candidates from this term's rarest word.
        var cost: Int
        /// The last word's expansions were cut to the budget.
        var truncated = false
    }

    /// nil when a whole word of the term is in no paper, or its prefix starts none.
    func resolve(_ term: SearchQuery.Term, prefixBudget: Int) -> ResolvedTerm? {
        var leading: [Int] = []
        var idfSum = 0.0
        var cost = Int.max
        for word in term.words.dropLast() {
            guard let id = lookup(word) else { return nil }
            leading.append(id)
            idfSum += idf(frequency(id))
            cost = min(cost, frequency(id))
        }
        guard let lastWord = term.words.last else { return nil }
        var last: [(term: Int, weight: Double)] = []
        var truncated = false
        if term.isPrefix {
            let (expanded, total) = expansions(of: lastWord, budget: prefixBudget)
            guard !expanded.isEmpty else { return nil }
            last = expanded
            truncated = expanded.count < termRange(startingWith: Array(lastWord.utf8)).count
            idfSum += idf(total)
            cost = min(cost, expanded.reduce(0) { $0 + frequency($1.term) })
        } else {
            guard let id = lookup(lastWord) else { return nil }
            last = [(id, 1)]
            idfSum += idf(frequency(id))
            cost = min(cost, frequency(id))
        }
        return ResolvedTerm(
            leading: leading, last: last, field: term.field, idf: idfSum, cost: cost, truncated: truncated)
    }

    func frequency(_ term: Int) -> Int {
        Int(postingStart[term + 1] - postingStart[term])
    }

    /// The words starting with `prefix`, each with its weight (a whole word 1), the most frequent first when there
    /// are more than the budget allows; and the postings of all of them.
    func expansions(of prefix: String, budget: Int) -> (terms: [(term: Int, weight: Double)], total: Int) {
        let bytes = Array(prefix.utf8)
        let range = termRange(startingWith: bytes)
        var total = 0
        for term in range { total += frequency(term) }
        var chosen = Array(range)
        if total > budget {
            chosen.sort { frequency($0) > frequency($1) }
            var taken = 0
            var read = 0
            while taken < chosen.count, taken == 0 || read + frequency(chosen[taken]) <= budget {
                read += frequency(chosen[taken])
                taken += 1
            }
            chosen.removeLast(chosen.count - taken)
        }
        let weighted = chosen.map { term in
            (term: term, weight: termBytes(term).elementsEqual(bytes) ? 1 : Self.completionWeight)
        }
        return (weighted, total)
    }

    // MARK: - Ranking

    /// Indices into the evaluation of its best `limit` papers, best first: higher score, then the newer last
    /// day listed, then the lower paper id.
    ///
    /// Each match's place is one 128-bit key (the score's bits, the day's, the match's index; the index is unique
    /// and ascends with the paper id, the evaluation's papers being ascending), so ranking compares plain
    /// integers instead of calling a closure that reads three arrays: the search pane ranks every match on every
    /// keystroke, tens of thousands after one typed letter.
    func top(_ evaluation: Evaluation, limit: Int) -> [Int] {
        let count = evaluation.papers.count
        guard limit > 0, count > 0 else { return [] }
        var keys = rankKeys(evaluation) { _ in true }
        Self.moveSmallestToFront(limit, of: &keys)
        return keys.prefix(limit).map { Int(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
    }

    /// The rank keys of the evaluation's matches that `keeps`, in the evaluation's order.
    func rankKeys(_ evaluation: Evaluation, keeping keeps: (PaperID) -> Bool) -> [UInt128] {
        var keys: [UInt128] = []
        keys.reserveCapacity(evaluation.papers.count)
        evaluation.scores.withUnsafeBufferPointer { scores in
            evaluation.papers.withUnsafeBufferPointer { papers in
                lastSeen.withUnsafeBufferPointer { days in
                    for index in 0..<papers.count where keeps(Int(papers[index])) {
                        keys.append(
                            Self.rankKey(score: scores[index], lastSeen: days[Int(papers[index])], index: index))
                    }
                }
            }
        }
        return keys
    }

    /// Ascending keys put the best match first: the score descending (its bits made to order as unsigned
    /// integers, then inverted), then the last day descending, then the index ascending.
    static func rankKey(score: Double, lastSeen: Int32, index: Int) -> UInt128 {
        // -0 and 0 are one score, as `==` has them.
        let bits = (score + 0.0).bitPattern
        let ascendingScore = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
        let ascendingDay = UInt32(bitPattern: lastSeen) ^ 0x8000_0000
        return UInt128(~ascendingScore) << 64 | UInt128(~ascendingDay) << 32 | UInt128(UInt32(index))
    }

    /// Moves the `limit` smallest keys to the front, ascending; the others follow, in no order. A heap of the best
    /// so far, the worst of them on top: a key that beats it swaps places with it.
    static func moveSmallestToFront(_ limit: Int, of keys: inout [UInt128]) {
        guard limit > 0 else { return }
        guard limit < keys.count else { return keys.sort() }
        keys.withUnsafeMutableBufferPointer { keys in
            func siftDown(_ start: Int) {
                var parent = start
                while true {
                    var largest = parent
                    let left = 2 * parent + 1, right = left + 1
                    if left < limit, keys[left] > keys[largest] { largest = left }
                    if right < limit, keys[right] > keys[largest] { largest = right }
                    if largest == parent { return }
                    keys.swapAt(parent, largest)
                    parent = largest
                }
            }
            for index in stride(from: limit / 2 - 1, through: 0, by: -1) { siftDown(index) }
            for index in limit..<keys.count where keys[index] < keys[0] {
                keys.swapAt(0, index)
                siftDown(0)
            }
            keys[0..<limit].sort()
        }
    }
}
