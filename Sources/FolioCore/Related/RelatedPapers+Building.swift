import Foundation

extension RelatedPapers {
    /// Per paper, its kept terms and their weights: terms/weights[start[p]..<start[p + 1]].
    struct Vectors {
        var start: [UInt32]
        var terms: [UInt32]
        var weights: [Float]
    }

    /// How telling each term is, log(papers / papers with it); 0 for a term that cannot say two papers are alike:
    /// one in a single paper, in most papers, a stop word, a number or a single letter.
    static func inverseFrequencies(of index: SearchIndex) -> [Float] {
        let paperCount = Double(max(1, index.paperCount))
        return (0..<index.termCount).map { term in
            let papers = index.frequency(term)
            guard papers >= 2, Double(papers) <= paperCount / 2 else { return 0 }
            let word = index.termBytes(term)
            guard word.count >= 2, !word.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return 0 }
            if word.count <= 13, TopicDiscovery.stopWords.contains(index.word(term)) { return 0 }
            return Float(log(paperCount / Double(papers)))
        }
    }

    /// Each paper's `termsPerPaper` terms of highest tf-idf, scaled to unit length. One walk over every posting:
    /// each paper keeps its best terms so far in a min-heap of its own (a slot of a flat array), so nothing per
    /// word of the library is held at once.
    static func vectors(of index: SearchIndex, termsPerPaper: Int) -> Vectors {
        let paperCount = index.paperCount
        let width = max(1, termsPerPaper)
        let idf = inverseFrequencies(of: index)
        var heapTerms = [UInt32](repeating: 0, count: paperCount * width)
        var heapWeights = [Float](repeating: 0, count: paperCount * width)
        var heapCounts = [Int](repeating: 0, count: paperCount)
        let titleLengths = (0..<paperCount).map { UInt16(clamping: index.titleLength(of: $0)) }
        // 1 + log(frequency) for every frequency a posting can have (at most 255 positions, a third in the title
        // counting thrice): one logarithm per posting was a third of the build.
        let maximumFrequency = 255 * titleWeight
        let damped = (0...maximumFrequency).map { $0 == 0 ? Float(0) : 1 + log(Float($0)) }
        heapTerms.withUnsafeMutableBufferPointer { terms in
            heapWeights.withUnsafeMutableBufferPointer { weights in
                for term in 0..<index.termCount where idf[term] > 0 {
                    let inverse = idf[term]
                    index.forEachPosting(of: term) { paper, positions in
                        let titleLength = titleLengths[paper]
                        var inTitle = 0
                        for position in positions {
                            if position < titleLength { inTitle += 1 } else { break }
                        }
                        let frequency = positions.count - inTitle + titleWeight * inTitle
                        let weight = inverse * damped[min(frequency, maximumFrequency)]
                        let base = paper * width
                        let count = heapCounts[paper]
                        if count < width {
                            terms[base + count] = UInt32(term)
                            weights[base + count] = weight
                            heapCounts[paper] = count + 1
                            siftUp(terms, weights, base: base, from: count)
                        } else if weight > weights[base] {
                            terms[base] = UInt32(term)
                            weights[base] = weight
                            siftDown(terms, weights, base: base, count: width)
                        }
                    }
                }
            }
        }
        var vectors = Vectors(start: [0], terms: [], weights: [])
        vectors.start.reserveCapacity(paperCount + 1)
        vectors.terms.reserveCapacity(heapCounts.reduce(0, +))
        vectors.weights.reserveCapacity(vectors.terms.capacity)
        for paper in 0..<paperCount {
            let slots = paper * width..<paper * width + heapCounts[paper]
            let norm = sqrt(slots.reduce(Float(0)) { $0 + heapWeights[$1] * heapWeights[$1] })
            for slot in slots {
                vectors.terms.append(heapTerms[slot])
                vectors.weights.append(heapWeights[slot] / norm)
            }
            vectors.start.append(UInt32(vectors.terms.count))
        }
        return vectors
    }

    /// Per term, the papers whose vectors hold it, ascending, with its weight there.
    static func invertedLists(_ vectors: Vectors, termCount: Int) -> (
        start: [UInt32], papers: [UInt32], weights: [Float]
    ) {
        var start = [UInt32](repeating: 0, count: termCount + 1)
        for term in vectors.terms { start[Int(term) + 1] += 1 }
        for term in 0..<termCount { start[term + 1] += start[term] }
        var next = start
        var papers = [UInt32](repeating: 0, count: vectors.terms.count)
        var weights = [Float](repeating: 0, count: vectors.terms.count)
        for paper in 0..<vectors.start.count - 1 {
            for slot in Int(vectors.start[paper])..<Int(vectors.start[paper + 1]) {
                let term = Int(vectors.terms[slot])
                papers[Int(next[term])] = UInt32(paper)
                weights[Int(next[term])] = vectors.weights[slot]
                next[term] += 1
            }
        }
        return (start, papers, weights)
    }

    // MARK: - A paper's heap of its best terms (smallest weight at the root)

    private static func siftUp(
        _ terms: UnsafeMutableBufferPointer<UInt32>, _ weights: UnsafeMutableBufferPointer<Float>, base: Int, from: Int
    ) {
        var child = from
        while child > 0 {
            let parent = (child - 1) / 2
            guard weights[base + child] < weights[base + parent] else { return }
            terms.swapAt(base + child, base + parent)
            weights.swapAt(base + child, base + parent)
            child = parent
        }
    }

    private static func siftDown(
        _ terms: UnsafeMutableBufferPointer<UInt32>, _ weights: UnsafeMutableBufferPointer<Float>, base: Int, count: Int
    ) {
        var parent = 0
        while true {
            var smallest = parent
            for child in 2 * parent + 1...2 * parent + 2 where child < count {
                if weights[base + child] < weights[base + smallest] { smallest = child }
            }
            guard smallest != parent else { return }
            terms.swapAt(base + smallest, base + parent)
            weights.swapAt(base + smallest, base + parent)
            parent = smallest
        }
    }
}
