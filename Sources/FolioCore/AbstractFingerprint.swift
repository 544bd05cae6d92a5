/// The opening words of an abstract, as a hash, for joining a paper renamed between arXiv versions to its earlier
/// title (`Library.abstractFingerprint` is the same words as text, made only to confirm a hit).
///
/// The fingerprint is the sequence of complete words (letters and digits, ASCII letters lower-cased, bytes of
/// multi-byte characters as they are) in the first 160 bytes of an abstract of at least 400, when there are at
/// least 12; a word running past byte 160 may be cut, so it is left out. Every paper loaded needs one, so this
/// reads eight bytes a step: each step folds the case and marks which bytes belong to words, and the hash then
/// takes each word whole, with no pass over the bytes one at a time.
enum AbstractFingerprint {
    static let window = 160
    static let minimumLength = 400
    static let minimumWords = 12

    static func hash(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard utf8.count >= minimumLength, let base = utf8.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        // 160 folded bytes, and 8 to spare: a word is read eight bytes at a time, masked to its length.
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: window / 8 + 1) { folded -> UInt64? in
            let output = folded.baseAddress!
            // Bit i set: byte i belongs to a word. Bits past the window are set, so a word running into it
            // never ends: it may be cut.
            var masks: (UInt64, UInt64, UInt64) = (0, 0, ~0 << 32)
            for chunk in 0..<(window / 8) {
                let bytes = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: chunk * 8, as: UInt64.self))
                let (letters, kept) = WordBytes.classify(bytes)
                output[chunk] = bytes | (letters >> 2)   // 0x80 >> 2: the case bit of an upper-case letter
                let bits = WordBytes.gatherHighBits(kept) << UInt64((chunk % 8) * 8)
                switch chunk / 8 {
                case 0: masks.0 |= bits
                case 1: masks.1 |= bits
                default: masks.2 |= bits
                }
            }
            output[window / 8] = 0
            var hasher = WordsHasher()
            let foldedBytes = UnsafeRawPointer(output)
            var position = 0
            while let start = WordBytes.nextBit(in: masks, from: position, set: true),
                  let end = WordBytes.nextBit(in: masks, from: start, set: false) {
                hasher.add(foldedBytes + start, count: end - start)
                position = end
            }
            return hasher.words >= minimumWords ? hasher.value : nil
        }
    }
}

/// Eight bytes at a time: which are upper-case ASCII letters and which belong to words, as the high bit of each
/// byte (no carry crosses a byte: each is at most 0x7F where a constant is taken from it).
enum WordBytes {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    static func classify(_ bytes: UInt64) -> (upperCase: UInt64, inWord: UInt64) {
        let high = bytes & highBits
        let low = bytes & ~highBits
        @inline(__always) func atLeast(_ value: UInt64) -> UInt64 { ((low | highBits) &- value &* ones) & highBits }
        let upper = atLeast(0x41) & ~atLeast(0x5B) & ~high
        let lower = atLeast(0x61) & ~atLeast(0x7B)
        let digit = atLeast(0x30) & ~atLeast(0x3A)
        return (upper, high | upper | lower | digit)
    }

    /// The high bit of each of the eight bytes, as eight bits (byte 0 in bit 0).
    @inline(__always)
    static func gatherHighBits(_ value: UInt64) -> UInt64 {
        ((value >> 7) &* 0x0102_0408_1020_4080) >> 56
    }

    /// The first position at or after `from` whose bit is `set` (or clear), in a 192-bit mask.
    @inline(__always)
    static func nextBit(in masks: (UInt64, UInt64, UInt64), from position: Int, set: Bool) -> Int? {
        var limb = position >> 6
        guard limb < 3 else { return nil }
        func bits(_ limb: Int) -> UInt64 {
            let value = limb == 0 ? masks.0 : limb == 1 ? masks.1 : masks.2
            return set ? value : ~value
        }
        var remaining = bits(limb) & (~0 << UInt64(position & 63))
        while remaining == 0 {
            limb += 1
            guard limb < 3 else { return nil }
            remaining = bits(limb)
        }
        return limb * 64 + remaining.trailingZeroBitCount
    }
}

/// A hash of a sequence of words, the same whether the words are read from folded bytes or split from text.
///
/// Each eight bytes cost a rotate, an xor and a multiply (FxHash's step) and the whole one finishing mix: a
/// collision only costs a comparison of the words, and the finished hash spreads well over the table.
struct WordsHasher {
    private var state: UInt64 = 0
    private(set) var words = 0

    var value: UInt64 { IdentityHash.mix(state ^ UInt64(truncatingIfNeeded: words)) }

    /// Adds the word of `count` bytes at `start`; eight bytes past it must be readable.
    @inline(__always)
    mutating func add(_ start: UnsafeRawPointer, count: Int) {
        var offset = 0
        while count - offset > 8 {
            step(UInt64(littleEndian: start.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        let tail = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        step(count - offset == 8 ? tail : tail & ((1 << UInt64((count - offset) * 8)) - 1))
        // The length too: "ab c" and "a bc" are other words.
        state ^= UInt64(truncatingIfNeeded: count)
        words += 1
    }

    @inline(__always)
    private mutating func step(_ bytes: UInt64) {
        state = (state.rotatedLeft(by: 5) ^ bytes) &* 0x517C_C1B7_2722_0A95
    }

    /// The hash of the words of `text`, which holds folded words separated by single spaces.
    static func hash(wordsOf text: String) -> UInt64 {
        var hasher = WordsHasher()
        var padded = Array(text.utf8) + [UInt8](repeating: 0, count: 8)
        padded.withUnsafeMutableBytes { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress!)
            var start = 0
            for index in 0...(bytes.count - 8) where index == bytes.count - 8 || bytes[index] == 32 {
                if index > start { hasher.add(base + start, count: index - start) }
                start = index + 1
            }
        }
        return hasher.value
    }
}

extension UInt64 {
    @inline(__always)
    func rotatedLeft(by count: UInt64) -> UInt64 { self << count | self >> (64 - count) }
}
