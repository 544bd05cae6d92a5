import Foundation
import Synchronization

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

        /// Appends the text's folded words; returns how many. ASCII text is folded here byte by byte, by
        /// `TextFolding.foldASCII` as `forEachWord` folds it, without a String per word; any other text goes
        /// through `forEachWord`.
        private static func addWords(of text: String, to chunk: inout Chunk, scratch: inout [UInt8]) -> Int {
            let before = chunk.words.count
            var text = text
            let isASCII = text.withUTF8 { bytes -> Bool in
                scratch.removeAll(keepingCapacity: true)
                for byte in bytes {
                    switch TextFolding.foldASCII(byte) {
                    case .word(let folded): scratch.append(folded)
                    case .notASCII: return false
                    case .separator:
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
}
