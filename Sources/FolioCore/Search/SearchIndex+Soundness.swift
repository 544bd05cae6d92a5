import Foundation

extension SearchIndex.Builder.Parts {
    /// Whether these arrays, read from outside (a stored index), hold together as a builder makes them: every
    /// offset and paper number within its array, every list in the order the search's loops assume. The search
    /// reads the arrays through unchecked pointers, so this must hold before they become an index; it costs one
    /// pass over the postings.
    ///
    /// Checked: each start array begins at 0, never decreases and ends at its array's count; the terms are in
    /// strictly ascending byte order; a term's papers are strictly ascending and below `paperCount`, and its
    /// postings' position counts add up to its positions; every per-paper array has `paperCount` entries.
    /// Not checked (a wrong value there gives a wrong score, never a read out of bounds): that positions ascend
    /// within a posting and that the lengths agree with them.
    func isSound(paperCount: Int, termCount: Int) -> Bool {
        guard titleLengths.count == paperCount, abstractLengths.count == paperCount, lastSeen.count == paperCount,
            positionCounts.count == postingPapers.count,
            Self.isStartArray(termOffsets, entries: termCount, ending: termBytes.count),
            Self.isStartArray(postingStart, entries: termCount, ending: postingPapers.count),
            Self.isStartArray(termPositionStart, entries: termCount, ending: positions.count)
        else { return false }
        return termsAscend(termCount) && postingsHoldTogether(paperCount: paperCount, termCount: termCount)
    }

    /// `entries + 1` starts: 0 first, never decreasing, `ending` last.
    static func isStartArray(_ starts: [UInt32], entries: Int, ending: Int) -> Bool {
        guard starts.count == entries + 1, starts.first == 0, Int(starts[entries]) == ending else { return false }
        return starts.withUnsafeBufferPointer { starts in
            var previous: UInt32 = 0
            for start in starts {
                guard start >= previous else { return false }
                previous = start
            }
            return true
        }
    }

    /// Each term's bytes after the one before, byte by byte (a prefix first): the binary searches rely on it.
    private func termsAscend(_ termCount: Int) -> Bool {
        termBytes.withUnsafeBytes { bytes in
            termOffsets.withUnsafeBufferPointer { offsets in
                for term in stride(from: 1, to: termCount, by: 1) {
                    let previous = Int(offsets[term - 1]), start = Int(offsets[term]), end = Int(offsets[term + 1])
                    let common = min(start - previous, end - start)
                    let order =
                        common == 0 ? 0 : memcmp(bytes.baseAddress! + previous, bytes.baseAddress! + start, common)
                    guard order < 0 || (order == 0 && start - previous < end - start) else { return false }
                }
                return true
            }
        }
    }

    private func postingsHoldTogether(paperCount: Int, termCount: Int) -> Bool {
        postingPapers.withUnsafeBufferPointer { papers in
            positionCounts.withUnsafeBufferPointer { counts in
                postingStart.withUnsafeBufferPointer { postingStart in
                    termPositionStart.withUnsafeBufferPointer { positionStart in
                        for term in 0..<termCount {
                            var positions = 0
                            var previous = -1
                            for posting in Int(postingStart[term])..<Int(postingStart[term + 1]) {
                                let paper = Int(papers[posting])
                                guard paper > previous, paper < paperCount else { return false }
                                previous = paper
                                positions += Int(counts[posting])
                            }
                            guard positions == Int(positionStart[term + 1] - positionStart[term]) else { return false }
                        }
                        return true
                    }
                }
            }
        }
    }
}
