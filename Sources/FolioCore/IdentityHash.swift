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
    private static func mix(_ value: UInt64) -> UInt64 {
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
/// Most lookups are for keys not there (a new paper), and the slots (megabytes, in random order) miss every
/// cache. So two bitmaps small enough to stay in cache answer first: a filter with one bit per key (a clear bit:
/// not there) and a bit per slot (where the next free one is), and the slots are read only on a likely hit.
struct IdentityTable {
    /// Keys and values in two arrays: the slots are read only on a likely hit, so keeping a key beside its value
    /// saves no miss worth the padding.
    private var keys: [UInt64]
    private var values: [Int32]
    private var occupied: [UInt64]
    private var filter: [UInt64]
    private var filterMask: Int
    private var count = 0

    init(capacity: Int) {
        // At most 60% full; any size, the slot from the hash's high bits (multiplied, not masked).
        let size = max(64, capacity * 5 / 3 + 1)
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        occupied = [UInt64](repeating: 0, count: (size + 63) / 64)
        // About eight filter bits a key: one lookup in ten or fewer of a key not there reads a slot.
        var filterBits = 1 << 12
        while filterBits < capacity * 8 { filterBits <<= 1 }
        filter = [UInt64](repeating: 0, count: filterBits / 64)
        filterMask = filterBits - 1
    }

    subscript(key: UInt64) -> Int? {
        guard Self.isSet(filter, filterBit(key)) else { return nil }
        var index = slot(key)
        while Self.isSet(occupied, index) {
            if keys[index] == key { return Int(values[index]) }
            index = index + 1 == keys.count ? 0 : index + 1
        }
        return nil
    }

    /// Records `value` for `key` unless the key is already there (the first paper with a key keeps it).
    mutating func insertIfAbsent(_ key: UInt64, _ value: Int) {
        if (count + 1) * 5 > keys.count * 3 { grow() }
        let known = Self.isSet(filter, filterBit(key))
        var index = slot(key)
        while Self.isSet(occupied, index) {
            if known, keys[index] == key { return }
            index = index + 1 == keys.count ? 0 : index + 1
        }
        keys[index] = key
        values[index] = Int32(value)
        occupied[index >> 6] |= 1 << UInt64(index & 63)
        let bit = filterBit(key)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
        count += 1
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(key.multipliedFullWidth(by: UInt64(keys.count)).high) }

    /// The filter's bit for a key, from its low bits (the slot comes from the high ones).
    @inline(__always)
    private func filterBit(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key) & filterMask }

    @inline(__always)
    private static func isSet(_ bits: [UInt64], _ index: Int) -> Bool {
        bits[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    private mutating func grow() {
        var larger = IdentityTable(capacity: keys.count)
        for index in 0..<keys.count where Self.isSet(occupied, index) {
            larger.insertIfAbsent(keys[index], Int(values[index]))
        }
        self = larger
    }
}
