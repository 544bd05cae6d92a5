import Foundation
import Synchronization

/// A paper found by a search, with its score: higher is better; only the order means anything.
public struct SearchResult: Sendable, Equatable {
    public var paper: PaperID
    public var score: Double

    public init(paper: PaperID, score: Double) {
        self.paper = paper
        self.score = score
    }
}

/// Every word of every paper's title and abstract, for searching as you type.
///
/// An inverted index: each folded word (a term) has postings, the papers it occurs in (ascending ids), and for
/// each posting the word's positions in the paper. Title words take positions 0..<titleLength, abstract words
/// start one past that, so a phrase never runs from the title into the abstract and a position tells its field.
/// Terms are sorted by their UTF-8 bytes, so the words starting with a prefix are one range found by binary
/// search. A query starts from its rarest word's postings and narrows them with each other term.
///
/// Positions are 16 bits, and a posting keeps at most 255 of them: in a paper of more than 65,535 words the words
/// past that are still found, but phrases are matched only before it, and a word's 256th and later occurrences in
/// one paper add nothing (its score has long saturated). A prefix that starts very many words ("s") expands to its
/// most frequent words, up to `prefixPostingBudget` postings, so that one typed letter stays fast; the count is
/// then a lower bound.
public final class SearchIndex: Sendable {
    public let paperCount: Int
    public let termCount: Int

    /// Term t's bytes: termBytes[termOffsets[t]..<termOffsets[t + 1]].
    let termBytes: [UInt8]
    let termOffsets: [UInt32]
    /// Term t's postings: postingStart[t]..<postingStart[t + 1], indices into postingPapers.
    let postingStart: [UInt32]
    let postingPapers: [UInt32]
    /// Term t's positions start at positions[termPositionStart[t]], posting after posting; posting i has
    /// positionCounts[i] of them (at most 255), ascending. One byte a posting instead of a four-byte start: the
    /// start is summed from the counts while walking the postings.
    let termPositionStart: [UInt32]
    let positionCounts: [UInt8]
    let positions: [UInt16]
    /// Per paper: words in the title and the abstract (at most 65,535), and the day last listed (ties: newest first).
    let titleLengths: [UInt16]
    let abstractLengths: [UInt16]
    let lastSeen: [Int32]
    let averageTitleLength: Double
    let averageAbstractLength: Double

    /// The UI asks for the results and then the count of one query on each keystroke: the second is free.
    private let lastEvaluation = Mutex<(query: SearchQuery, evaluation: Evaluation)?>(nil)

    /// At most this many postings are read to expand one prefix (the most frequent words first).
    public static let prefixPostingBudget = 150_000
    /// A word that only starts with the prefix counts this much of a whole-word match.
    static let completionWeight = 0.7
    /// BM25 per field, the title weighing more: a title match outweighs any number in the abstract unless the
    /// title is several times longer than most.
    static let titleBoost = 4.0
    static let k1 = 1.2
    static let titleLengthWeight = 0.5
    static let abstractLengthWeight = 0.75

    public convenience init(library: Library) {
        self.init(Builder(papers: library.papers).build())
    }

    private init(_ parts: Builder.Parts) {
        paperCount = parts.titleLengths.count
        termCount = parts.termOffsets.count - 1
        termBytes = parts.termBytes
        termOffsets = parts.termOffsets
        postingStart = parts.postingStart
        postingPapers = parts.postingPapers
        termPositionStart = parts.termPositionStart
        positionCounts = parts.positionCounts
        positions = parts.positions
        titleLengths = parts.titleLengths
        abstractLengths = parts.abstractLengths
        lastSeen = parts.lastSeen
        averageTitleLength = max(1, Double(parts.titleLengths.reduce(0) { $0 + Int($1) }) / Double(max(1, paperCount)))
        averageAbstractLength = max(1, Double(parts.abstractLengths.reduce(0) { $0 + Int($1) }) / Double(max(1, paperCount)))
    }

    /// The index's arrays, in bytes.
    public var approximateBytes: Int {
        termBytes.capacity + positionCounts.capacity + 4 * (termOffsets.capacity + postingStart.capacity
            + termPositionStart.capacity + postingPapers.capacity + lastSeen.capacity)
            + 2 * (positions.capacity + titleLengths.capacity + abstractLengths.capacity)
    }

    // MARK: - Searching

    /// Papers matching every positive term and no excluded one, best first: title matches above abstract
    /// matches, rarer words above common ones, ties newest first (then lower id).
    public func search(_ query: SearchQuery, limit: Int = 200) -> [SearchResult] {
        let evaluation = evaluate(query)
        return top(evaluation, limit: limit).map {
            SearchResult(paper: PaperID(evaluation.papers[$0]), score: evaluation.scores[$0])
        }
    }

    /// How many papers match in all.
    public func count(_ query: SearchQuery) -> Int {
        evaluate(query).papers.count
    }

    /// How many of the papers in `set` match.
    public func count(_ query: SearchQuery, within set: PaperSet) -> Int {
        evaluate(query).papers.reduce(0) { $0 + (set.contains(Int($1)) ? 1 : 0) }
    }

    /// The matching papers (ascending) and their scores.
    struct Evaluation: Sendable {
        var papers: [UInt32] = []
        var scores: [Double] = []
    }

    func evaluate(_ query: SearchQuery) -> Evaluation {
        if let cached = lastEvaluation.withLock({ $0 }), cached.query == query { return cached.evaluation }
        let evaluation = computeEvaluation(query)
        lastEvaluation.withLock { $0 = (query, evaluation) }
        return evaluation
    }

    /// Every paper matching the query, ascending, with no cap on how many words a prefix expands to: for topic
    /// keywords and filters, which must be exact, not quick.
    public func matchingPapers(_ query: SearchQuery) -> [UInt32] {
        // One whole word anywhere (a topic keyword, a filter word): its postings are the answer, no scoring.
        if query.terms.count == 1, let term = query.terms.first, !term.isExcluded, !term.isPrefix,
           term.field == .any, term.words.count == 1 {
            guard let id = lookup(term.words[0]) else { return [] }
            return Array(postingPapers[postings(id)])
        }
        return computeEvaluation(query, prefixBudget: .max).papers
    }

    private func computeEvaluation(_ query: SearchQuery, prefixBudget: Int = SearchIndex.prefixPostingBudget) -> Evaluation {
        guard !query.isEmpty else { return Evaluation() }
        var positive: [ResolvedTerm] = []
        var excluded: [ResolvedTerm] = []
        for term in query.terms {
            if let resolved = resolve(term, prefixBudget: prefixBudget) {
                if term.isExcluded { excluded.append(resolved) } else { positive.append(resolved) }
            } else if !term.isExcluded {
                return Evaluation()  // a word no paper has
            }
        }
        positive.sort { $0.cost < $1.cost }
        var evaluation = Evaluation()
        evaluation.papers = candidates(positive[0])
        evaluation.scores = Array(repeating: 0, count: evaluation.papers.count)
        for term in positive where !evaluation.papers.isEmpty {
            let counts = occurrences(term, in: evaluation.papers)
            keep(&evaluation) { index, paper in
                let title = term.field == .abstract ? 0 : Double(counts.title[index])
                let abstract = term.field == .title ? 0 : Double(counts.abstract[index])
                guard title + abstract > 0 else { return nil }
                return term.idf * (Self.titleBoost * saturation(title, length: titleLengths[paper],
                                                                average: averageTitleLength,
                                                                weight: Self.titleLengthWeight)
                    + saturation(abstract, length: abstractLengths[paper], average: averageAbstractLength,
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
    private func keep(_ evaluation: inout Evaluation, _ score: (Int, Int) -> Double?) {
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
    private func saturation(_ frequency: Double, length: UInt16, average: Double, weight: Double) -> Double {
        guard frequency > 0 else { return 0 }
        let norm = 1 - weight + weight * Double(length) / average
        return frequency / (frequency + Self.k1 * norm)
    }

    private func idf(_ documentFrequency: Int) -> Double {
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
    }

    /// nil when a whole word of the term is in no paper, or its prefix starts none.
    private func resolve(_ term: SearchQuery.Term, prefixBudget: Int) -> ResolvedTerm? {
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
        if term.isPrefix {
            let (expanded, total) = expansions(of: lastWord, budget: prefixBudget)
            guard !expanded.isEmpty else { return nil }
            last = expanded
            idfSum += idf(total)
            cost = min(cost, expanded.reduce(0) { $0 + frequency($1.term) })
        } else {
            guard let id = lookup(lastWord) else { return nil }
            last = [(id, 1)]
            idfSum += idf(frequency(id))
            cost = min(cost, frequency(id))
        }
        return ResolvedTerm(leading: leading, last: last, field: term.field, idf: idfSum, cost: cost)
    }

    private func frequency(_ term: Int) -> Int {
        Int(postingStart[term + 1] - postingStart[term])
    }

    /// The words starting with `prefix`, each with its weight (a whole word 1), the most frequent first when there
    /// are more than the budget allows; and the postings of all of them.
    private func expansions(of prefix: String, budget: Int) -> (terms: [(term: Int, weight: Double)], total: Int) {
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

    private func termBytes(_ term: Int) -> ArraySlice<UInt8> {
        termBytes[Int(termOffsets[term])..<Int(termOffsets[term + 1])]
    }

    /// Byte order of term against `bytes`; with `prefixOnly`, a term that starts with `bytes` is equal.
    private func compare(_ term: Int, _ bytes: [UInt8], prefixOnly: Bool) -> Int {
        let word = termBytes(term)
        let common = min(word.count, bytes.count)
        var offset = 0
        var index = word.startIndex
        while offset < common {
            let a = word[index], b = bytes[offset]
            if a != b { return a < b ? -1 : 1 }
            offset += 1
            index += 1
        }
        if word.count == bytes.count || (prefixOnly && word.count > bytes.count) { return 0 }
        return word.count < bytes.count ? -1 : 1
    }

    /// The first term not ordered before `bytes` (as `compare` orders them).
    private func firstTerm(notBefore bytes: [UInt8], prefixOnly: Bool, orAfter: Bool) -> Int {
        var low = 0
        var high = termCount
        while low < high {
            let middle = (low + high) / 2
            let order = compare(middle, bytes, prefixOnly: prefixOnly)
            if order < 0 || (orAfter && order == 0) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    func lookup(_ word: String) -> Int? {
        let bytes = Array(word.utf8)
        let index = firstTerm(notBefore: bytes, prefixOnly: false, orAfter: false)
        return index < termCount && compare(index, bytes, prefixOnly: false) == 0 ? index : nil
    }

    func termRange(startingWith bytes: [UInt8]) -> Range<Int> {
        let start = firstTerm(notBefore: bytes, prefixOnly: true, orAfter: false)
        let end = firstTerm(notBefore: bytes, prefixOnly: true, orAfter: true)
        return start..<max(start, end)
    }

    // MARK: - Postings

    /// The papers with the term's rarest word (any of the expansions, when that is the prefix), ascending.
    private func candidates(_ term: ResolvedTerm) -> [UInt32] {
        if let rarest = term.leading.min(by: { frequency($0) < frequency($1) }), frequency(rarest) == term.cost {
            return Array(postingPapers[postings(rarest)])
        }
        if term.last.count == 1 { return Array(postingPapers[postings(term.last[0].term)]) }
        var bits = [UInt64](repeating: 0, count: (paperCount + 63) / 64)
        for (expansion, _) in term.last {
            for paper in postingPapers[postings(expansion)] { bits[Int(paper) >> 6] |= 1 << (UInt64(paper) & 63) }
        }
        var papers: [UInt32] = []
        papers.reserveCapacity(term.cost)
        for (word, value) in bits.enumerated() {
            var value = value
            while value != 0 {
                papers.append(UInt32(word << 6 + value.trailingZeroBitCount))
                value &= value - 1
            }
        }
        return papers
    }

    private func postings(_ term: Int) -> Range<Int> {
        Int(postingStart[term])..<Int(postingStart[term + 1])
    }

    /// How often the term occurs in each candidate's title and abstract (whole phrases, for a phrase).
    private func occurrences(_ term: ResolvedTerm, in candidates: [UInt32]) -> (title: [Float], abstract: [Float]) {
        var title = [Float](repeating: 0, count: candidates.count)
        var abstract = [Float](repeating: 0, count: candidates.count)
        let chain = term.leading.isEmpty ? nil : phraseChains(term.leading, candidates)
        withStorage { storage in
            candidates.withUnsafeBufferPointer { candidates in
                title.withUnsafeMutableBufferPointer { title in
                    abstract.withUnsafeMutableBufferPointer { abstract in
                        for (expansion, weight) in term.last {
                            let weight = Float(weight)
                            intersect(expansion, storage, candidates) { index, found in
                                let titleLength = storage.titleLengths[Int(candidates[index])]
                                var inTitle = 0
                                var inAbstract = 0
                                if let chain {
                                    // The phrase ends here when its words before the last end just before.
                                    var cursor = chain.start[index]
                                    let end = chain.start[index + 1]
                                    for position in found where position > 0 {
                                        while cursor < end, chain.positions[cursor] < position - 1 { cursor += 1 }
                                        guard cursor < end else { break }
                                        if chain.positions[cursor] == position - 1 {
                                            if position < titleLength { inTitle += 1 } else { inAbstract += 1 }
                                        }
                                    }
                                } else {
                                    for position in found {
                                        if position < titleLength { inTitle += 1 } else { break }
                                    }
                                    inAbstract = found.count - inTitle
                                }
                                title[index] += weight * Float(inTitle)
                                abstract[index] += weight * Float(inAbstract)
                            }
                        }
                    }
                }
            }
        }
        return (title, abstract)
    }

    /// For each candidate, the positions where the phrase's leading words occur in order, one after another:
    /// candidate i's are positions[start[i]..<start[i + 1]] (the position of the last leading word).
    private func phraseChains(_ words: [Int], _ candidates: [UInt32]) -> (start: [Int], positions: [UInt16]) {
        var start = [Int](repeating: 0, count: candidates.count + 1)
        var chained: [UInt16] = []
        var current: [UInt16] = []
        var next: [UInt16] = []
        // Each word's next posting, and where its positions start.
        var cursors = words.map { (posting: Int(postingStart[$0]), position: Int(termPositionStart[$0])) }
        withStorage { storage in
            let papers = storage.papers, counts = storage.counts
            for (index, paper) in candidates.enumerated() {
                start[index] = chained.count
                current.removeAll(keepingCapacity: true)
                for (slot, word) in words.enumerated() {
                    let end = Int(postingStart[word + 1])
                    let posting = Self.lowerBound(papers, paper, from: cursors[slot].posting, to: end)
                    cursors[slot].position += Self.sum(counts, cursors[slot].posting..<posting)
                    cursors[slot].posting = posting
                    guard posting < end, papers[posting] == paper else {
                        current.removeAll(keepingCapacity: true)
                        break
                    }
                    let found = UnsafeBufferPointer(rebasing: storage.positions[
                        cursors[slot].position..<cursors[slot].position + Int(counts[posting])])
                    if slot == 0 {
                        current.append(contentsOf: found)
                    } else {
                        next.removeAll(keepingCapacity: true)
                        var cursor = 0
                        for position in found where position > 0 {
                            while cursor < current.count, current[cursor] < position - 1 { cursor += 1 }
                            guard cursor < current.count else { break }
                            if current[cursor] == position - 1 { next.append(position) }
                        }
                        swap(&current, &next)
                    }
                    if current.isEmpty { break }
                }
                chained.append(contentsOf: current)
            }
        }
        start[candidates.count] = chained.count
        return (start, chained)
    }

    /// The arrays the search loops read, without a retain or a bounds check on every element.
    private struct Storage {
        var papers: UnsafeBufferPointer<UInt32>
        var counts: UnsafeBufferPointer<UInt8>
        var positions: UnsafeBufferPointer<UInt16>
        var titleLengths: UnsafeBufferPointer<UInt16>
    }

    private func withStorage<Result>(_ body: (Storage) -> Result) -> Result {
        postingPapers.withUnsafeBufferPointer { papers in
            positionCounts.withUnsafeBufferPointer { counts in
                positions.withUnsafeBufferPointer { positions in
                    titleLengths.withUnsafeBufferPointer { titleLengths in
                        body(Storage(papers: papers, counts: counts, positions: positions, titleLengths: titleLengths))
                    }
                }
            }
        }
    }

    /// Calls `body` with (candidate index, the word's positions in it) for each candidate in the term's postings;
    /// walks the shorter list and gallops through the longer.
    private func intersect(_ term: Int, _ storage: Storage, _ candidates: UnsafeBufferPointer<UInt32>,
                           _ body: (Int, UnsafeBufferPointer<UInt16>) -> Void) {
        let papers = storage.papers, counts = storage.counts
        let postings = postings(term)
        var position = Int(termPositionStart[term])
        if postings.count <= candidates.count {
            var index = 0
            for posting in postings {
                let count = Int(counts[posting])
                index = Self.lowerBound(candidates, papers[posting], from: index, to: candidates.count)
                if index == candidates.count { return }
                if candidates[index] == papers[posting] {
                    body(index, UnsafeBufferPointer(rebasing: storage.positions[position..<position + count]))
                    index += 1
                }
                position += count
            }
        } else {
            var posting = postings.lowerBound
            for index in 0..<candidates.count {
                let found = Self.lowerBound(papers, candidates[index], from: posting, to: postings.upperBound)
                position += Self.sum(counts, posting..<found)
                posting = found
                if posting == postings.upperBound { return }
                if papers[posting] == candidates[index] {
                    let count = Int(counts[posting])
                    body(index, UnsafeBufferPointer(rebasing: storage.positions[position..<position + count]))
                    position += count
                    posting += 1
                }
            }
        }
    }

    private static func sum(_ counts: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var total = 0
        for index in range { total &+= Int(counts[index]) }
        return total
    }

    /// The first index in start..<end whose value is not below `value`: exponential steps, then halving.
    private static func lowerBound(_ values: UnsafeBufferPointer<UInt32>, _ value: UInt32, from start: Int, to end: Int) -> Int {
        guard start < end, values[start] < value else { return start }
        var below = start
        var step = 1
        var probe = start + 1
        while probe < end, values[probe] < value {
            below = probe
            step <<= 1
            probe = below + step
        }
        var low = below + 1
        var high = min(probe, end)
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    // MARK: - Ranking

    /// Indices into the evaluation of its best `limit` papers, best first.
    private func top(_ evaluation: Evaluation, limit: Int) -> [Int] {
        let count = evaluation.papers.count
        guard limit > 0, count > 0 else { return [] }
        func better(_ a: Int, _ b: Int) -> Bool {
            let scoreA = evaluation.scores[a], scoreB = evaluation.scores[b]
            if scoreA != scoreB { return scoreA > scoreB }
            let paperA = Int(evaluation.papers[a]), paperB = Int(evaluation.papers[b])
            if lastSeen[paperA] != lastSeen[paperB] { return lastSeen[paperA] > lastSeen[paperB] }
            return paperA < paperB
        }
        guard limit < count else { return (0..<count).sorted(by: better) }
        // A heap of the best so far, the worst of them on top.
        var heap = Array(0..<limit)
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                var worst = parent
                for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count && better(heap[worst], heap[child]) {
                    worst = child
                }
                if worst == parent { return }
                heap.swapAt(parent, worst)
                parent = worst
            }
        }
        for index in stride(from: limit / 2 - 1, through: 0, by: -1) { siftDown(index) }
        for index in limit..<count where better(index, heap[0]) {
            heap[0] = index
            siftDown(0)
        }
        return heap.sorted(by: better)
    }
}

// MARK: - Building

extension SearchIndex {
    /// Builds the index in two passes over the papers' words: each core folds its share of the papers into word
    /// ids of its own; the vocabularies are then merged and sorted, and the postings filled in paper order.
    struct Builder {
        let papers: [Paper]

        struct Parts {
            var termBytes: [UInt8] = []
            var termOffsets: [UInt32] = [0]
            var postingStart: [UInt32] = [0]
            var postingPapers: [UInt32] = []
            var termPositionStart: [UInt32] = [0]
            var positionCounts: [UInt8] = []
            var positions: [UInt16] = []
            var titleLengths: [UInt16] = []
            var abstractLengths: [UInt16] = []
            var lastSeen: [Int32] = []
        }

        /// One share of the papers: their words as ids into its own vocabulary, title then abstract, paper after paper.
        struct Chunk: Sendable {
            var papers: Range<Int>
            var vocabulary = Vocabulary()
            var words: [UInt32] = []
            var titleCounts: [Int] = []
            var abstractCounts: [Int] = []
        }

        func build() -> Parts {
            let papers = self.papers
            let chunkCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, papers.count / 2_000))
            let bounds = (0...chunkCount).map { papers.count * $0 / chunkCount }
            let results = Mutex<[Chunk?]>(Array(repeating: nil, count: chunkCount))
            DispatchQueue.concurrentPerform(iterations: chunkCount) { index in
                let chunk = Self.fold(papers, bounds[index]..<bounds[index + 1])
                results.withLock { $0[index] = chunk }
            }
            var chunks = results.withLock { $0.compactMap { $0 } }

            // One vocabulary, sorted by bytes; each chunk's word ids become its ids.
            var merged = chunks[0].vocabulary
            var toMerged: [[UInt32]] = [Array(0..<UInt32(merged.count))]
            for chunk in chunks.dropFirst() {
                toMerged.append((0..<chunk.vocabulary.count).map { merged.intern(chunk.vocabulary.word($0)) })
            }
            let order = merged.sortedIDs()
            var rank = [UInt32](repeating: 0, count: order.count)
            var parts = Parts()
            parts.termBytes.reserveCapacity(merged.byteCount)
            parts.termOffsets.reserveCapacity(order.count + 1)
            for (sorted, id) in order.enumerated() {
                rank[Int(id)] = UInt32(sorted)
                merged.word(Int(id)).withUnsafeBufferPointer { parts.termBytes.append(contentsOf: $0) }
                parts.termOffsets.append(UInt32(parts.termBytes.count))
            }
            for index in chunks.indices {
                let map = toMerged[index].map { rank[Int($0)] }
                chunks[index].words.withUnsafeMutableBufferPointer { words in
                    for position in words.indices { words[position] = map[Int(words[position])] }
                }
                chunks[index].vocabulary = Vocabulary()
            }
            fillPostings(chunks, termCount: order.count, into: &parts)
            parts.lastSeen = papers.map { Int32(clamping: $0.lastSeen.ordinal) }
            return parts
        }

        /// Counts each term's postings and positions, then fills them in paper order, so each list is ascending.
        /// A posting keeps its word's first 255 positions in the paper.
        private func fillPostings(_ chunks: [Chunk], termCount: Int, into parts: inout Parts) {
            var postingStart = [UInt32](repeating: 0, count: termCount + 1)
            var positionStart = [UInt32](repeating: 0, count: termCount + 1)
            var lastPaper = [Int32](repeating: -1, count: termCount)
            var kept = [UInt8](repeating: 0, count: termCount)
            forEachWord(chunks) { paper, term, _ in
                if lastPaper[term] != paper {
                    lastPaper[term] = paper
                    kept[term] = 0
                    postingStart[term] += 1
                }
                if kept[term] < .max {
                    kept[term] += 1
                    positionStart[term] += 1
                }
            }
            // Counts become starts.
            var postingTotal: UInt32 = 0
            var positionTotal: UInt32 = 0
            for term in 0...termCount {
                (postingStart[term], postingTotal) = (postingTotal, postingTotal + postingStart[term])
                (positionStart[term], positionTotal) = (positionTotal, positionTotal + positionStart[term])
            }
            var nextPosting = postingStart
            var nextPosition = positionStart
            var postingPapers = [UInt32](repeating: 0, count: Int(postingTotal))
            var positionCounts = [UInt8](repeating: 0, count: Int(postingTotal))
            var positions = [UInt16](repeating: 0, count: Int(positionTotal))
            lastPaper = [Int32](repeating: -1, count: termCount)
            forEachWord(chunks) { paper, term, position in
                if lastPaper[term] != paper {
                    lastPaper[term] = paper
                    postingPapers[Int(nextPosting[term])] = UInt32(paper)
                    nextPosting[term] += 1
                }
                let posting = Int(nextPosting[term]) - 1
                if positionCounts[posting] < .max {
                    positionCounts[posting] += 1
                    positions[Int(nextPosition[term])] = position
                    nextPosition[term] += 1
                }
            }
            parts.postingStart = postingStart
            parts.termPositionStart = positionStart
            parts.postingPapers = postingPapers
            parts.positionCounts = positionCounts
            parts.positions = positions
            for chunk in chunks {
                parts.titleLengths += chunk.titleCounts.map { UInt16(clamping: $0) }
                parts.abstractLengths += chunk.abstractCounts.map { UInt16(clamping: $0) }
            }
        }

        /// Every word of every paper, in paper order: (paper, term, position).
        private func forEachWord(_ chunks: [Chunk], _ body: (Int32, Int, UInt16) -> Void) {
            for chunk in chunks {
                chunk.words.withUnsafeBufferPointer { words in
                    var next = 0
                    for (offset, paper) in chunk.papers.enumerated() {
                        let titleCount = chunk.titleCounts[offset]
                        let total = titleCount + chunk.abstractCounts[offset]
                        for index in 0..<total {
                            // Abstract words start one past the title's, so no phrase spans both.
                            let position = UInt16(clamping: index < titleCount ? index : index + 1)
                            body(Int32(paper), Int(words[next + index]), position)
                        }
                        next += total
                    }
                }
            }
        }

        /// Folds the titles and abstracts of papers[range].
        private static func fold(_ papers: [Paper], _ range: Range<Int>) -> Chunk {
            var chunk = Chunk(papers: range)
            chunk.words.reserveCapacity(range.count * 100)
            chunk.titleCounts.reserveCapacity(range.count)
            chunk.abstractCounts.reserveCapacity(range.count)
            var scratch: [UInt8] = []
            for paper in papers[range] {
                chunk.titleCounts.append(addWords(of: paper.title, to: &chunk, scratch: &scratch))
                chunk.abstractCounts.append(addWords(of: paper.abstract, to: &chunk, scratch: &scratch))
            }
            return chunk
        }

        /// Appends the text's folded words; returns how many. ASCII text is folded here byte by byte, exactly as
        /// `TextFolding.forEachWord` folds it, without a String per word; any other text goes through it.
        private static func addWords(of text: String, to chunk: inout Chunk, scratch: inout [UInt8]) -> Int {
            let before = chunk.words.count
            var text = text
            let isASCII = text.withUTF8 { bytes -> Bool in
                scratch.removeAll(keepingCapacity: true)
                for byte in bytes {
                    switch byte {
                    case 0x30...0x39, 0x61...0x7A: scratch.append(byte)
                    case 0x41...0x5A: scratch.append(byte + 32)
                    case 0x80...: return false
                    default:
                        if !scratch.isEmpty {
                            chunk.words.append(chunk.vocabulary.intern(scratch[...]))
                            scratch.removeAll(keepingCapacity: true)
                        }
                    }
                }
                if !scratch.isEmpty { chunk.words.append(chunk.vocabulary.intern(scratch[...])) }
                return true
            }
            if !isASCII {
                chunk.words.removeLast(chunk.words.count - before)
                TextFolding.forEachWord(in: text) { word, _ in
                    chunk.words.append(chunk.vocabulary.intern(Array(word.utf8)[...]))
                }
            }
            return chunk.words.count - before
        }
    }

    /// Distinct byte strings, each given the next id: an open-addressing hash table over one byte buffer.
    struct Vocabulary: Sendable {
        private var bytes: [UInt8] = []
        private var offsets: [UInt32] = [0]
        private var hashes: [UInt64] = []
        /// Slot → id + 1; 0 is empty.
        private var slots = [UInt32](repeating: 0, count: 1 << 12)

        var count: Int { hashes.count }
        var byteCount: Int { bytes.count }

        func word(_ id: Int) -> ArraySlice<UInt8> {
            bytes[Int(offsets[id])..<Int(offsets[id + 1])]
        }

        mutating func intern(_ word: ArraySlice<UInt8>) -> UInt32 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in word {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 {
                let id = Int(slots[slot] - 1)
                if hashes[id] == hash, self.word(id).elementsEqual(word) { return UInt32(id) }
                slot = (slot + 1) & mask
            }
            let id = UInt32(hashes.count)
            bytes.append(contentsOf: word)
            offsets.append(UInt32(bytes.count))
            hashes.append(hash)
            slots[slot] = id + 1
            if hashes.count * 2 > slots.count { grow() }
            return id
        }

        private mutating func grow() {
            slots = [UInt32](repeating: 0, count: slots.count * 2)
            let mask = slots.count - 1
            for (id, hash) in hashes.enumerated() {
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = UInt32(id + 1)
            }
        }

        /// Ids in the byte order of their words.
        func sortedIDs() -> [UInt32] {
            bytes.withUnsafeBufferPointer { bytes in
                offsets.withUnsafeBufferPointer { offsets in
                    (0..<UInt32(count)).sorted { a, b in
                        let startA = Int(offsets[Int(a)]), endA = Int(offsets[Int(a) + 1])
                        let startB = Int(offsets[Int(b)]), endB = Int(offsets[Int(b) + 1])
                        let common = min(endA - startA, endB - startB)
                        let order = memcmp(bytes.baseAddress! + startA, bytes.baseAddress! + startB, common)
                        return order != 0 ? order < 0 : endA - startA < endB - startB
                    }
                }
            }
        }
    }
}
