import CPlatform

/// A map from 64-bit hashes to small integers (papers, word ids): open addressing with linear probing, the
/// slot from the hash's high bits (multiplied, not masked, so any size will do), at most 60% full. It never
/// hashes: its keys are hashes already, made by its users (`IdentityHash`, the search vocabulary's).
///
/// Most lookups are for keys not there (a new paper, a new word), in tables of megabytes read in random order:
/// each misses the cache. So a slot holds its key and value side by side, and a lookup says where the key would
/// go: the insert that follows it writes there, to a line in cache, with no second search.
///
/// Two different things can have one hash. A user that must tell them apart (the vocabulary: two words) probes
/// with `where:`, which passes over the slots of the same hash whose value is not the one it wants; the paper
/// join takes a hit as a candidate and compares the text itself.
struct OpenAddressingTable: Sendable {
    private struct Slot: Sendable {
        /// 0 for an empty slot; a key of 0 is stored as 1.
        var key: UInt64
        var value: Int32
    }

    /// What a lookup found: the key's value, or the empty slot where the key would go.
    struct Probe {
        var value: Int?
        fileprivate var slot: Int
        fileprivate var key: UInt64
    }

    private var slots: [Slot]
    private(set) var count = 0

    init(capacity: Int) {
        let size = max(64, capacity * 5 / 3 + 1)
        slots = [Slot](repeating: Slot(key: 0, value: 0), count: size)
    }

    /// The value of the first entry with `key`.
    subscript(key: UInt64) -> Int? { probe(key).value }

    /// Starts loading the slot where a search for `key` begins, so that the search, a few entries later, finds
    /// it in cache.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            folio_prefetch(slots.baseAddress! + Self.home(Self.stored(key), slots.count))
        }
    }

    /// The first entry with `key`, or where it would go.
    func probe(_ key: UInt64) -> Probe { probe(key, where: { _ in true }) }

    /// The first entry with `key` whose value `matches`, or where such an entry would go.
    @inline(__always)
    func probe(_ key: UInt64, where matches: (Int) -> Bool) -> Probe {
        let key = Self.stored(key)
        return slots.withUnsafeBufferPointer { slots -> Probe in
            var index = Self.home(key, slots.count)
            while true {
                let found = slots[index].key
                if found == key, matches(Int(slots[index].value)) {
                    return Probe(value: Int(slots[index].value), slot: index, key: key)
                }
                if found == 0 { return Probe(value: nil, slot: index, key: key) }
                index = index + 1 == slots.count ? 0 : index + 1
            }
        }
    }

    /// Records `value` for `key` unless the key is already there (the first value with a key keeps it).
    mutating func insertIfAbsent(_ key: UInt64, _ value: Int) {
        insert(value, at: probe(key))
    }

    /// Records `value` for the key of `probe`, the last lookup in this table, unless that found an entry.
    mutating func insert(_ value: Int, at probe: Probe) {
        guard probe.value == nil else { return }
        count += 1
        if count * 5 > slots.count * 3 {
            grow()
            place(probe.key, Int32(value))
            return
        }
        slots[probe.slot] = Slot(key: probe.key, value: Int32(value))
    }

    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    @inline(__always)
    private static func home(_ key: UInt64, _ size: Int) -> Int {
        Int(key.multipliedFullWidth(by: UInt64(size)).high)
    }

    /// Puts the entry in the first empty slot from its key's home: every entry, even one whose key is there.
    private mutating func place(_ key: UInt64, _ value: Int32) {
        var index = Self.home(key, slots.count)
        while slots[index].key != 0 { index = index + 1 == slots.count ? 0 : index + 1 }
        slots[index] = Slot(key: key, value: value)
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: 0, value: 0), count: old.count * 2)
        for slot in old where slot.key != 0 { place(slot.key, slot.value) }
    }
}
