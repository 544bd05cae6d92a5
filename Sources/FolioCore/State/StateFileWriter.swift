import Foundation

/// Writes the file into memory sized beforehand. Every write checks the room left, so a size misjudged stops
/// the program rather than overrunning the buffer.
struct StateFileWriter {
    /// The most a paper's entry takes besides its key and title.
    static let entryOverhead = 256
    /// The most a tag takes besides its name, and a note besides its text and earlier dates.
    static let tagOverhead = 96
    static let noteOverhead = 160
    /// A date written in a list, with its separator.
    static let dateRoom = dateLength + 2
    private static let dateLength = 28

    private let start: UnsafeMutablePointer<UInt8>
    private let end: UnsafeMutablePointer<UInt8>
    private var cursor: UnsafeMutablePointer<UInt8>

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        start = buffer.baseAddress!
        end = start + buffer.count
        cursor = start
    }

    var count: Int { cursor - start }

    /// The most a string can take, quoted and escaped.
    static func room(for text: String) -> Int { JSONStringEscapes.maximumWrittenCount(utf8Count: text.utf8.count) }

    @inline(__always)
    private func need(_ count: Int) {
        precondition(end - cursor >= count, "state file writer: the buffer was sized too small")
    }

    mutating func raw(_ text: StaticString) {
        let count = text.utf8CodeUnitCount
        need(count)
        cursor.update(from: text.utf8Start, count: count)
        cursor += count
    }

    mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { string($0) }
    }

    /// A quoted JSON string from UTF-8, by the one writer of JSON strings.
    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        need(JSONStringEscapes.maximumWrittenCount(utf8Count: utf8.count))
        cursor += JSONStringEscapes.writeQuoted(utf8, to: cursor)
    }

    /// The day of the last date written: dates of one save are mostly a few days, and the calendar sums add up.
    private var lastDay: (days: Int64, year: Int64, month: Int64, day: Int64)?

    /// `"2026-11-23T10:00:00Z"`, with `.250` before the `Z` when there are milliseconds.
    mutating func date(_ date: Date) {
        need(Self.dateLength)
        let milliseconds = StateTime.milliseconds(date)
        let (days, dayMilliseconds) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, inDay) = dayMilliseconds < 0 ? (days - 1, dayMilliseconds + 86_400_000) : (days, dayMilliseconds)
        let civil =
            lastDay.flatMap { $0.days == day ? $0 : nil }
            ?? {
                let (year, month, dayOfMonth) = CivilDate.from(days: day)
                return (day, year, month, dayOfMonth)
            }()
        lastDay = civil
        let (_, year, month, dayOfMonth) = civil
        cursor.pointee = UInt8(ascii: "\"")
        cursor += 1
        digits(year / 100, 2)
        digits(year % 100, 2)
        cursor.pointee = UInt8(ascii: "-")
        cursor += 1
        digits(month, 2)
        cursor.pointee = UInt8(ascii: "-")
        cursor += 1
        digits(dayOfMonth, 2)
        cursor.pointee = UInt8(ascii: "T")
        cursor += 1
        digits(inDay / 3_600_000, 2)
        cursor.pointee = UInt8(ascii: ":")
        cursor += 1
        digits(inDay / 60_000 % 60, 2)
        cursor.pointee = UInt8(ascii: ":")
        cursor += 1
        digits(inDay / 1000 % 60, 2)
        if inDay % 1000 != 0 {
            cursor.pointee = UInt8(ascii: ".")
            cursor += 1
            digits(inDay % 1000, 3)
        }
        cursor[0] = UInt8(ascii: "Z")
        cursor[1] = UInt8(ascii: "\"")
        cursor += 2
    }

    /// `value` (0 ..< 10^width) in exactly `width` digits; room already checked.
    @inline(__always)
    private mutating func digits(_ value: Int64, _ width: Int) {
        var value = value
        for offset in stride(from: width - 1, through: 0, by: -1) {
            cursor[offset] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10)
            value /= 10
        }
        cursor += width
    }
}
