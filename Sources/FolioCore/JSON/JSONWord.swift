/// Eight bytes of JSON at a time (SWAR): most strings and indentation need no look at each byte.
enum JSONWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Eight bytes from `pointer`, the first in the lowest bits.
    @inline(__always)
    static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of each byte that is `"`, `\\` or below 0x20. The lowest flag is exact; a flag above it may be
    /// false (a borrow), so callers go on byte by byte from the lowest.
    @inline(__always)
    static func needingEscape(_ word: UInt64) -> UInt64 {
        zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C)) | ((word &- ones &* 0x20) & ~word & highBits)
    }

    /// The high bit of each zero byte, with the same caveat.
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highBits }
}
