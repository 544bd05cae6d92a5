/// 64-bit hashes of the identity keys (normalised title, abstract fingerprint), computed while parsing, in
/// parallel across files, so that joining 100,000 papers compares integers and touches no text.
///
/// A hit is only a candidate: the join compares the text too. Eight bytes a step, several times faster than
/// a byte-at-a-time hash on titles and fingerprints. Never stored on disk: it may change between versions.
enum IdentityHash {
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        let count = bytes.count
        var hash = UInt64(truncatingIfNeeded: count) &* 0xC2B2_AE3D_27D4_EB4F
        guard let base = bytes.baseAddress else { return mix(hash) }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            hash = (hash ^ mix(word)) &* multiplier
            offset += 8
        }
        if offset < count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while offset < count {
                word |= UInt64(base[offset]) << shift
                shift += 8
                offset += 1
            }
            hash = (hash ^ mix(word)) &* multiplier
        }
        return mix(hash)
    }

    static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { hash($0) }
    }

    /// A finaliser that spreads every input bit over the output (from MurmurHash3).
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var value = value
        value ^= value >> 33
        value &*= 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 33
        value &*= 0xC4CE_B9FE_1A85_EC53
        value ^= value >> 33
        return value
    }
}

/// A map from identity hashes to papers: open addressing, sized once, no rehashing of the keys as a
/// `Dictionary<UInt64, Int>` does on every lookup.
///
/// Most lookups are for keys not there (a new paper), and the keys (megabytes, read in random order) miss every
/// cache. So each slot also has a one-byte tag from its key, in an array small enough to stay in cache: a
/// lookup reads the tags from the key's slot on (one cache line, mostly) and a key only where its tag matches.
struct IdentityTable {
    private var tags: [UInt8]
    private var keys: [UInt64]
    private var values: [Int32]
    private var count = 0

    init(capacity: Int) {
        // At most 60% full; any size, the slot from the hash's high bits (multiplied, not masked).
        let size = max(64, capacity * 5 / 3 + 1)
        tags = [UInt8](repeating: 0, count: size)
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
    }

    subscript(key: UInt64) -> Int? {
        let tag = Self.tag(key)
        return tags.withUnsafeBufferPointer { tags -> Int? in
            var index = slot(key)
            while true {
                let found = tags[index]
                if found == 0 { return nil }
                if found == tag, keys[index] == key { return Int(values[index]) }
                index = index + 1 == tags.count ? 0 : index + 1
            }
        }
    }

    /// Records `value` for `key` unless the key is already there (the first paper with a key keeps it).
    mutating func insertIfAbsent(_ key: UInt64, _ value: Int) {
        if (count + 1) * 5 > tags.count * 3 { grow() }
        let tag = Self.tag(key)
        var index = slot(key)
        while true {
            let found = tags[index]
            if found == 0 { break }
            if found == tag, keys[index] == key { return }
            index = index + 1 == tags.count ? 0 : index + 1
        }
        tags[index] = tag
        keys[index] = key
        values[index] = Int32(value)
        count += 1
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(key.multipliedFullWidth(by: UInt64(tags.count)).high) }

    /// One byte of the key, never 0 (an empty slot); from the low bits, as the slot comes from the high ones.
    @inline(__always)
    private static func tag(_ key: UInt64) -> UInt8 { max(1, UInt8(truncatingIfNeeded: key)) }

    private mutating func grow() {
        var larger = IdentityTable(capacity: tags.count)
        for index in 0..<tags.count where tags[index] != 0 {
            larger.insertIfAbsent(keys[index], Int(values[index]))
        }
        self = larger
    }
}
