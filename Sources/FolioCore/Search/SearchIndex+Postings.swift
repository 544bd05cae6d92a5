extension SearchIndex {
    // MARK: - Postings

    /// The papers with the term's rarest word (any of the expansions, when that is the prefix), ascending.
    func candidates(_ term: ResolvedTerm) -> [UInt32] {
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

    func postings(_ term: Int) -> Range<Int> {
        Int(postingStart[term])..<Int(postingStart[term + 1])
    }

    /// How often the term occurs in each candidate's title and abstract (whole phrases, for a phrase).
    func occurrences(_ term: ResolvedTerm, in candidates: [UInt32]) -> (title: [Float], abstract: [Float]) {
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
    func phraseChains(_ words: [Int], _ candidates: [UInt32]) -> (start: [Int], positions: [UInt16]) {
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
                    let found = UnsafeBufferPointer(
                        rebasing: storage.positions[
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
    struct Storage {
        var papers: UnsafeBufferPointer<UInt32>
        var counts: UnsafeBufferPointer<UInt8>
        var positions: UnsafeBufferPointer<UInt16>
        var titleLengths: UnsafeBufferPointer<UInt16>
    }

    func withStorage<Result>(_ body: (Storage) -> Result) -> Result {
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
    func intersect(
        _ term: Int, _ storage: Storage, _ candidates: UnsafeBufferPointer<UInt32>,
        _ body: (Int, UnsafeBufferPointer<UInt16>) -> Void
    ) {
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

    static func sum(_ counts: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var total = 0
        for index in range { total &+= Int(counts[index]) }
        return total
    }

    /// The first index in start..<end whose value is not below `value`: exponential steps, then halving.
    static func lowerBound(_ values: UnsafeBufferPointer<UInt32>, _ value: UInt32, from start: Int, to end: Int) -> Int
    {
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
}
