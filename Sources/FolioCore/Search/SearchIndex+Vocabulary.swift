import Foundation

extension SearchIndex {
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
