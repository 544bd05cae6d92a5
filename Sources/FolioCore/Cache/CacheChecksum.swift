/// A 64-bit checksum of the cache's bytes: four independent lanes of eight bytes a step, so that it runs at the
/// speed of memory rather than of one multiply chain (a byte-at-a-time hash such as FNV would take longer than
/// parsing the digests again). It finds damage (a flipped bit, a truncated or zeroed page), not tampering: the
/// cache is the user's own file, in their own folder.
enum CacheChecksum {
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime1: UInt64 = 0x9E37_79B9_7F4A_7C15
        let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (prime1, prime2, prime1 ^ prime2, ~prime1)
        let count = bytes.count
        var offset = 0
        @inline(__always) func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = lane &+ word &* prime2
            return ((mixed << 31) | (mixed >> 33)) &* prime1
        }
        @inline(__always) func word(_ at: Int) -> UInt64 {
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        while offset + 32 <= count {
            lanes.0 = round(lanes.0, word(offset))
            lanes.1 = round(lanes.1, word(offset + 8))
            lanes.2 = round(lanes.2, word(offset + 16))
            lanes.3 = round(lanes.3, word(offset + 24))
            offset += 32
        }
        var hash = UInt64(truncatingIfNeeded: count) &* prime1
        hash = round(hash, lanes.0)
        hash = round(hash, lanes.1)
        hash = round(hash, lanes.2)
        hash = round(hash, lanes.3)
        while offset + 8 <= count {
            hash = round(hash, word(offset))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = round(hash, tail ^ shift)
        // Every input bit reaches every output bit (MurmurHash3's finaliser).
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 33)
    }

    static func of(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { of($0) } }
}
