import Foundation
import Synchronization

extension StreamingSearch {
    /// The one pass: every paper's words folded as the index folds them, counted, and those the terms name kept
    /// for the paper being read; papers that match are kept with their occurrence counts per term.
    struct Scan {
        /// A term's occurrences in one paper, as `SearchIndex.occurrences` sums them.
        struct Counts {
            var title: Float = 0
            var abstract: Float = 0
        }

        /// Sums over every paper of the clamped title and abstract lengths, for their averages.
        var titleWords = 0
        var abstractWords = 0
        /// Per term, its slots (one per word, in order); per slot, how many papers hold its word (for a prefix:
        /// the sum over the words it starts, as the index sums their postings).
        var slots: [[Int]] = []
        var documentFrequency: [Int] = []
        /// The papers kept, ascending, with per term their counts (`counts[match * terms + term]`) and lengths.
        var matches: [PaperID] = []
        var counts: [Counts] = []
        var titleLengths: [UInt16] = []
        var abstractLengths: [UInt16] = []

        /// `keepAny`: keep a paper that any term matches (each term read as positive and alone), for filters;
        /// else those every positive term matches and no excluded one, as a search.
        static func run(_ terms: [SearchQuery.Term], over papers: [Paper], keepAny: Bool = false) -> Scan {
            var slotWords: [(bytes: [UInt8], isPrefix: Bool)] = []
            var slots: [[Int]] = []
            for term in terms {
                var own: [Int] = []
                for (index, word) in term.words.enumerated() {
                    own.append(slotWords.count)
                    slotWords.append((Array(word.utf8), term.isPrefix && index == term.words.count - 1))
                }
                slots.append(own)
            }
            let (wordSlots, words) = (slots, slotWords)
            let chunkCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, papers.count / 2_000))
            let bounds = (0...chunkCount).map { papers.count * $0 / chunkCount }
            let results = Mutex<[Scan?]>(Array(repeating: nil, count: chunkCount))
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                var reader = Reader(terms: terms, slots: wordSlots, slotWords: words, keepAny: keepAny)
                papers.withUnsafeBufferPointer { papers in
                    for id in bounds[chunk]..<bounds[chunk + 1] { reader.read(papers[id], id: id) }
                }
                results.withLock { $0[chunk] = reader.scan }
            }
            var scan = Scan()
            scan.slots = slots
            scan.documentFrequency = Array(repeating: 0, count: slotWords.count)
            for part in results.withLock({ $0 }) {
                guard let part else { continue }
                scan.titleWords += part.titleWords
                scan.abstractWords += part.abstractWords
                for slot in scan.documentFrequency.indices {
                    scan.documentFrequency[slot] += part.documentFrequency[slot]
                }
                scan.matches += part.matches
                scan.counts += part.counts
                scan.titleLengths += part.titleLengths
                scan.abstractLengths += part.abstractLengths
            }
            return scan
        }
    }

    /// Reads papers one at a time into a `Scan`, reusing its buffers.
    struct Reader {
        let terms: [SearchQuery.Term]
        let slots: [[Int]]
        let slotWords: [(bytes: [UInt8], isPrefix: Bool)]
        let keepAny: Bool
        /// Whether any slot's word starts with the byte: most words are passed over on their first byte.
        var firstBytes = [Bool](repeating: false, count: 256)
        var scan = Scan()

        /// The words of the paper being read that some slot may want: their bytes and positions, in text order.
        var hitBytes: [UInt8] = []
        var hits: [(start: Int, count: Int, position: UInt16)] = []
        var word: [UInt8] = []
        /// Per distinct word kept: its bytes (a range of `hitBytes`) and its first 255 positions.
        var distinct: [(start: Int, count: Int, positions: [UInt16])] = []

        init(terms: [SearchQuery.Term], slots: [[Int]], slotWords: [(bytes: [UInt8], isPrefix: Bool)], keepAny: Bool) {
            self.terms = terms
            self.slots = slots
            self.slotWords = slotWords
            self.keepAny = keepAny
            for slot in slotWords { firstBytes[Int(slot.bytes[0])] = true }
            scan.documentFrequency = Array(repeating: 0, count: slotWords.count)
            word.reserveCapacity(64)
        }

        mutating func read(_ paper: Paper, id: PaperID) {
            if !hits.isEmpty {
                hits.removeAll(keepingCapacity: true)
                hitBytes.removeAll(keepingCapacity: true)
            }
            let titleCount = fold(paper.title, firstIndex: 0, titleCount: nil)
            let abstractCount = fold(paper.abstract, firstIndex: titleCount, titleCount: titleCount)
            let titleLength = UInt16(clamping: titleCount)
            let abstractLength = UInt16(clamping: abstractCount)
            scan.titleWords += Int(titleLength)
            scan.abstractWords += Int(abstractLength)
            guard !hits.isEmpty else { return }
            collectDistinct()
            // Document frequencies: an exact word once a paper; a prefix once per distinct word it starts.
            var present = [Bool](repeating: false, count: slotWords.count)
            for entry in distinct {
                for slot in slotWords.indices where matches(slot, entry.start, entry.count) {
                    if slotWords[slot].isPrefix { scan.documentFrequency[slot] += 1 } else { present[slot] = true }
                }
            }
            for slot in present.indices where present[slot] { scan.documentFrequency[slot] += 1 }

            var counts: [Scan.Counts] = []
            counts.reserveCapacity(terms.count)
            var keep = !keepAny
            for (index, term) in terms.enumerated() {
                let found = occurrences(index, titleLength: titleLength)
                counts.append(found)
                let holds = StreamingSearch.holds(found, field: term.field)
                if keepAny {
                    keep = keep || holds
                } else if holds == term.isExcluded {
                    keep = false
                }
            }
            guard keep else { return }
            scan.matches.append(id)
            scan.counts += counts
            scan.titleLengths.append(titleLength)
            scan.abstractLengths.append(abstractLength)
        }

        /// Folds the text's words as `SearchIndex.Builder` does (ASCII a byte at a time, other text through
        /// `TextFolding.forEachWord`), keeping the words a slot may want with their positions; returns how many
        /// words. Word i of the paper (title first) has position i in the title, i + 1 in the abstract. An ASCII
        /// word is only stepped over unless a slot's word starts with its first letter: most are never copied.
        private mutating func fold(_ text: String, firstIndex: Int, titleCount: Int?) -> Int {
            let shift = firstIndex + (titleCount == nil ? 0 : 1)
            let hitsBefore = hits.count, bytesBefore = hitBytes.count
            var text = text
            let asciiCount = text.withUTF8 { bytes -> Int? in
                var count = 0
                var index = 0
                let end = bytes.count
                while index < end {
                    let first: UInt8
                    switch TextFolding.foldASCII(bytes[index]) {
                    case .notASCII: return nil
                    case .separator:
                        index += 1
                        continue
                    case .word(let folded): first = folded
                    }
                    let start = index
                    index += 1
                    word: while index < end {
                        switch TextFolding.foldASCII(bytes[index]) {
                        case .word: index += 1
                        case .separator: break word
                        case .notASCII: return nil
                        }
                    }
                    if firstBytes[Int(first)] {
                        word.removeAll(keepingCapacity: true)
                        for byte in bytes[start..<index] {
                            if case .word(let folded) = TextFolding.foldASCII(byte) { word.append(folded) }
                        }
                        keepIfWanted(UInt16(clamping: shift + count))
                    }
                    count += 1
                }
                return count
            }
            if let asciiCount { return asciiCount }
            // Not ASCII: the words kept from the ASCII part are dropped and the whole text folded again.
            hits.removeLast(hits.count - hitsBefore)
            hitBytes.removeLast(hitBytes.count - bytesBefore)
            var count = 0
            TextFolding.forEachWord(in: text) { folded, _ in
                word.removeAll(keepingCapacity: true)
                word.append(contentsOf: folded.utf8)
                if firstBytes[Int(word[0])] { keepIfWanted(UInt16(clamping: shift + count)) }
                count += 1
            }
            return count
        }

        @inline(__always)
        private mutating func keepIfWanted(_ position: UInt16) {
            var wanted = false
            for slot in slotWords.indices where Self.starts(word, with: slotWords[slot]) {
                wanted = true
                break
            }
            guard wanted else { return }
            hits.append((hitBytes.count, word.count, position))
            hitBytes.append(contentsOf: word)
        }

        private static func starts(_ word: [UInt8], with slot: (bytes: [UInt8], isPrefix: Bool)) -> Bool {
            let bytes = slot.bytes
            guard slot.isPrefix ? word.count >= bytes.count : word.count == bytes.count else { return false }
            for index in bytes.indices where word[index] != bytes[index] { return false }
            return true
        }

        private func matches(_ slot: Int, _ start: Int, _ count: Int) -> Bool {
            let bytes = slotWords[slot].bytes
            guard slotWords[slot].isPrefix ? count >= bytes.count : count == bytes.count else { return false }
            for index in bytes.indices where hitBytes[start + index] != bytes[index] { return false }
            return true
        }

        private func equal(_ start: Int, _ count: Int, _ bytes: [UInt8]) -> Bool {
            count == bytes.count && bytes.indices.allSatisfy { hitBytes[start + $0] == bytes[$0] }
        }

        /// The paper's kept words once each, in the byte order of the index's terms, with their first 255
        /// positions (a posting keeps no more).
        private mutating func collectDistinct() {
            distinct.removeAll(keepingCapacity: true)
            let order = hits.indices.sorted { a, b in
                let order = compare(hits[a], hits[b])
                return order != 0 ? order < 0 : a < b
            }
            var previous: (start: Int, count: Int, position: UInt16)?
            for index in order {
                let hit = hits[index]
                if let last = previous, compare(last, hit) == 0 {
                    if distinct[distinct.count - 1].positions.count < 255 {
                        distinct[distinct.count - 1].positions.append(hit.position)
                    }
                } else {
                    distinct.append((hit.start, hit.count, [hit.position]))
                }
                previous = hit
            }
        }

        private func compare(
            _ a: (start: Int, count: Int, position: UInt16), _ b: (start: Int, count: Int, position: UInt16)
        ) -> Int {
            let common = min(a.count, b.count)
            for offset in 0..<common {
                let x = hitBytes[a.start + offset], y = hitBytes[b.start + offset]
                if x != y { return x < y ? -1 : 1 }
            }
            return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
        }

        /// The term's occurrences in the paper, as `SearchIndex.occurrences` counts them.
        private func occurrences(_ term: Int, titleLength: UInt16) -> Scan.Counts {
            let own = slots[term]
            var chain: [UInt16]?
            if own.count > 1 {
                // The positions where the leading words occur one after another (the last leading word's).
                var current: [UInt16] = []
                for (offset, slot) in own.dropLast().enumerated() {
                    guard let entry = distinct.first(where: { equal($0.start, $0.count, slotWords[slot].bytes) })
                    else { return Scan.Counts() }
                    if offset == 0 {
                        current = entry.positions
                    } else {
                        current = entry.positions.filter { $0 > 0 && Self.contains(current, $0 - 1) }
                    }
                    if current.isEmpty { return Scan.Counts() }
                }
                chain = current
            }
            let last = own[own.count - 1]
            let lastBytes = slotWords[last].bytes
            var counts = Scan.Counts()
            for entry in distinct where matches(last, entry.start, entry.count) {
                let weight = Float(equal(entry.start, entry.count, lastBytes) ? 1 : SearchIndex.completionWeight)
                var inTitle = 0
                var inAbstract = 0
                if let chain {
                    for position in entry.positions where position > 0 && Self.contains(chain, position - 1) {
                        if position < titleLength { inTitle += 1 } else { inAbstract += 1 }
                    }
                } else {
                    for position in entry.positions {
                        if position < titleLength { inTitle += 1 } else { break }
                    }
                    inAbstract = entry.positions.count - inTitle
                }
                counts.title += weight * Float(inTitle)
                counts.abstract += weight * Float(inAbstract)
            }
            return counts
        }

        /// Whether the ascending positions hold the value.
        private static func contains(_ positions: [UInt16], _ value: UInt16) -> Bool {
            var low = 0, high = positions.count
            while low < high {
                let middle = (low + high) / 2
                if positions[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low < positions.count && positions[low] == value
        }
    }
}
