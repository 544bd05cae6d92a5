import CPlatform

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
/// Most lookups are for keys not there (a new paper), in tables of megabytes read in random order: each misses
/// the cache. So a slot holds its key and paper side by side, and a lookup says where the key would go: the
/// insert that follows it writes there, to a line in cache, with no second search.
struct IdentityTable {
    private struct Slot {
        /// 0 for an empty slot; a key of 0 is stored as 1.
        var key: UInt64
        var value: Int32
    }

    /// What a lookup found: the key's paper, or the empty slot where the key would go.
    struct Probe {
        var value: Int?
        fileprivate var slot: Int
        fileprivate var key: UInt64
    }

    private var slots: [Slot]
    private var count = 0

    init(capacity: Int) {
        // At most 60% full; any size, the slot from the hash's high bits (multiplied, not masked).
        let size = max(64, capacity * 5 / 3 + 1)
        slots = [Slot](repeating: Slot(key: 0, value: 0), count: size)
    }

    subscript(key: UInt64) -> Int? { probe(key).value }

    /// Starts loading the slot where a search for `key` begins, so that the search, a few entries later, finds
    /// it in cache.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            let index = Int(Self.stored(key).multipliedFullWidth(by: UInt64(slots.count)).high)
            folio_prefetch(slots.baseAddress! + index)
        }
    }

    func probe(_ key: UInt64) -> Probe {
        let key = Self.stored(key)
        return slots.withUnsafeBufferPointer { slots -> Probe in
            var index = Int(key.multipliedFullWidth(by: UInt64(slots.count)).high)
            while true {
                let found = slots[index].key
                if found == key { return Probe(value: Int(slots[index].value), slot: index, key: key) }
                if found == 0 { return Probe(value: nil, slot: index, key: key) }
                index = index + 1 == slots.count ? 0 : index + 1
            }
        }
    }

    /// Records `value` for `key` unless the key is already there (the first paper with a key keeps it).
    mutating func insertIfAbsent(_ key: UInt64, _ value: Int) {
        insert(value, at: probe(key))
    }

    /// Records `value` for the key of `probe`, the last lookup in this table, unless the key was there.
    mutating func insert(_ value: Int, at probe: Probe) {
        guard probe.value == nil else { return }
        if (count + 1) * 5 > slots.count * 3 {
            grow()
            insertIfAbsent(probe.key, value)
            return
        }
        slots[probe.slot] = Slot(key: probe.key, value: Int32(value))
        count += 1
    }

    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    private mutating func grow() {
        var larger = IdentityTable(capacity: slots.count)
        for slot in slots where slot.key != 0 {
            larger.insertIfAbsent(slot.key, Int(slot.value))
        }
        self = larger
    }
}
