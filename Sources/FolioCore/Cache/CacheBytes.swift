/// The little-endian encoding of the library cache: numbers of fixed width, texts and lists as a 32-bit count
/// then their bytes. Written by `CacheBytesWriter`, read back by `CacheBytesReader`, whose every read is checked
/// against the end of its bytes: a cache cut short or damaged reads as `nil`, never past its end.
struct CacheBytesWriter {
    var bytes: [UInt8] = []

    mutating func append<Integer: FixedWidthInteger>(_ value: Integer) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ flag: Bool) { bytes.append(flag ? 1 : 0) }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            append(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func append(_ text: String?) {
        append(text != nil)
        if let text { append(text) }
    }

    mutating func append(_ value: Int?) {
        append(value != nil)
        if let value { append(Int64(value)) }
    }

    mutating func append(_ texts: [String]) {
        append(UInt32(texts.count))
        for text in texts { append(text) }
    }

    /// Writes `value` at `offset`, over bytes appended before (a length or checksum known only later).
    mutating func overwrite<Integer: FixedWidthInteger>(_ value: Integer, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
        }
    }
}

/// Reads what `CacheBytesWriter` wrote, from bytes it does not own (a mapped cache file). Each read returns nil
/// once the bytes run out, and leaves `failed` set: the caller checks it once, at the end of a record.
struct CacheBytesReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int
    private(set) var failed = false

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset == bytes.count }

    /// Reserves the next `count` bytes; nil (and `failed`) when fewer are left.
    private mutating func take(_ count: Int) -> Int? {
        guard !failed, count >= 0, count <= bytes.count - offset else {
            failed = true
            return nil
        }
        defer { offset += count }
        return offset
    }

    mutating func integer<Integer: FixedWidthInteger>(_: Integer.Type = Integer.self) -> Integer? {
        guard let at = take(MemoryLayout<Integer>.size) else { return nil }
        return Integer(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Integer.self))
    }

    /// A 64-bit number that must fit an `Int` of this program's (it always does on 64-bit hosts).
    mutating func int() -> Int? { integer(Int64.self).map { Int(truncatingIfNeeded: $0) } }

    mutating func flag() -> Bool? {
        guard let byte = integer(UInt8.self) else { return nil }
        guard byte <= 1 else {
            failed = true
            return nil
        }
        return byte == 1
    }

    /// The next `count` bytes, in place.
    mutating func raw(_ count: Int) -> UnsafeRawBufferPointer? {
        guard let at = take(count) else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[at..<at + count])
    }

    mutating func text() -> String? {
        guard let count = integer(UInt32.self), let at = take(Int(count)) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at..<at + Int(count)]), as: UTF8.self)
    }

    /// An optional's presence flag, then the value; nil for a missing value is `.some(nil)`.
    mutating func optionalText() -> String?? {
        guard let present = flag() else { return nil }
        guard present else { return .some(nil) }
        guard let text = text() else { return nil }
        return .some(text)
    }

    mutating func optionalInt() -> Int?? {
        guard let present = flag() else { return nil }
        guard present else { return .some(nil) }
        guard let value = int() else { return nil }
        return .some(value)
    }

    mutating func texts() -> [String]? {
        guard let count = integer(UInt32.self) else { return nil }
        // Each text needs four bytes at least: a count past what is left is damage, not a reason to allocate.
        guard Int(count) <= (bytes.count - offset) / 4 else {
            failed = true
            return nil
        }
        var texts: [String] = []
        texts.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let text = text() else { return nil }
            texts.append(text)
        }
        return texts
    }
}
