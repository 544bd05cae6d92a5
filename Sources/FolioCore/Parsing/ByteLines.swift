/// The lines of a file as byte ranges, so that parsing creates Strings only for the text it keeps.
struct ByteLines {
    let bytes: [UInt8]
    /// Where each line starts. Four bytes a line, not a 16-byte range: a file of nothing but line ends (the
    /// worst case) costs four times its size here, not sixteen. A line ends where the next one starts, less its
    /// `\n`; the last at the end of the bytes (less a final `\n`). Inputs are capped far below 4 GiB
    /// (`DigestParser.maximumFileSize`); past that, bytes are not split into lines.
    private var starts: [UInt32] = []
    /// Where the last line ends, before its `\n` if it has one.
    private var lastEnd = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        starts.reserveCapacity(bytes.count / 64 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            let count = min(buffer.count, Int(UInt32.max))
            while start < count {
                let remaining = count - start
                let found = memchrNewline(base + start, remaining)
                let end = found.map { start + $0 } ?? count
                starts.append(UInt32(truncatingIfNeeded: start))
                lastEnd = end
                start = end + 1
            }
        }
    }

    /// The range of line `index` without its line terminator (`\n`, `\r\n`).
    private func lineRange(_ index: Int) -> Range<Int> {
        let start = Int(starts[index])
        var end = index + 1 < starts.count ? Int(starts[index + 1]) - 1 : lastEnd
        if end > start, bytes[end - 1] == 13 { end -= 1 }
        return start..<end
    }

    var count: Int { starts.count }

    /// The line with surrounding ASCII white space removed.
    func trimmed(_ index: Int) -> Range<Int> {
        var range = lineRange(index)
        while range.lowerBound < range.upperBound, Self.isSpace(bytes[range.lowerBound]) {
            range = (range.lowerBound + 1)..<range.upperBound
        }
        while range.lowerBound < range.upperBound, Self.isSpace(bytes[range.upperBound - 1]) {
            range = range.lowerBound..<(range.upperBound - 1)
        }
        return range
    }

    func isBlank(_ index: Int) -> Bool { trimmed(index).isEmpty }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The lines joined with `\n`, made in one piece (no String per line).
    func string(joining ranges: [Range<Int>]) -> String {
        guard ranges.count > 1 else { return ranges.first.map(string) ?? "" }
        var joined: [UInt8] = []
        joined.reserveCapacity(ranges.reduce(ranges.count) { $0 + $1.count })
        for (index, range) in ranges.enumerated() {
            if index > 0 { joined.append(10) }
            joined.append(contentsOf: bytes[range])
        }
        return String(decoding: joined, as: UTF8.self)
    }

    func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != pointer[offset] {
            return false
        }
        return true
    }

    func hasPrefix(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count >= literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<literal.utf8CodeUnitCount where bytes[range.lowerBound + offset] != pointer[offset] {
            return false
        }
        return true
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 13 || byte == 11 || byte == 12 }
}

@inline(__always)
private func memchrNewline(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> Int? {
    guard let found = memchr(pointer, 10, count) else { return nil }
    return UnsafeRawPointer(found) - UnsafeRawPointer(pointer)
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
