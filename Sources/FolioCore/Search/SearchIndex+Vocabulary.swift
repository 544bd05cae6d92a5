import Foundation

extension SearchIndex {
    /// Distinct byte strings, each given the next id: their bytes in one buffer, found by their FNV-1a hash in
    /// an `OpenAddressingTable`, which tells two words of one hash apart by comparing their bytes.
    struct Vocabulary: Sendable {
        private var bytes: [UInt8] = []
        private var offsets: [UInt32] = [0]
        private var table = OpenAddressingTable(capacity: 2_048)

        var count: Int { offsets.count - 1 }
        var byteCount: Int { bytes.count }

        func word(_ id: Int) -> ArraySlice<UInt8> {
            bytes[Int(offsets[id])..<Int(offsets[id + 1])]
        }

        @inline(__always)
        mutating func intern(_ word: ArraySlice<UInt8>) -> UInt32 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in word {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            let probe = table.probe(hash) { self.word($0).elementsEqual(word) }
            if let id = probe.value { return UInt32(id) }
            let id = count
            bytes.append(contentsOf: word)
            offsets.append(UInt32(bytes.count))
            table.insert(id, at: probe)
            return UInt32(id)
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
