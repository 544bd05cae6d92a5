import Foundation

/// A calendar day with no time zone: the date a digest was published or a paper was dated.
public struct DayDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    // Eight bytes, not three Ints: every paper, appearance and digest entry holds one (100,000 papers: 6 MB less
    // to allocate on the way to the first frame). Parts out of range are clamped.
    private let storedYear: Int32
    private let storedMonth: UInt8
    private let storedDay: UInt8

    public var year: Int { Int(storedYear) }
    public var month: Int { Int(storedMonth) }
    public var day: Int { Int(storedDay) }

    public init(year: Int, month: Int, day: Int) {
        storedYear = Int32(clamping: year)
        storedMonth = UInt8(clamping: month)
        storedDay = UInt8(clamping: day)
    }

    public static let monthAbbreviations = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun",
        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// `2025-12-09`
    public var iso: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// `Dec 9`
    public var short: String { "\(Self.monthAbbreviations[month - 1]) \(day)" }

    /// `Dec 9, 2025`
    public var long: String { "\(short), \(year)" }

    public var description: String { iso }

    /// A number that orders days and is fast to compare: 20251209.
    public var ordinal: Int { year * 10_000 + month * 100 + day }

    public static func < (lhs: DayDate, rhs: DayDate) -> Bool { lhs.ordinal < rhs.ordinal }

    /// Parses `YYYY-MM-DD` at the start of `text` (an ISO timestamp such as `2025-12-07T00:00:00.000Z` works too).
    public init?(iso text: some StringProtocol) {
        var text = String(text.prefix(10))
        guard let date = text.withUTF8({ DayDate(isoBytes: $0) }) else { return nil }
        self = date
    }

    /// `YYYY-MM-DD` at the start of the bytes (the JSON reader's dates, read without a String).
    init?(isoBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[5..<7]),
            let day = Self.number(bytes[8..<10])
        else { return nil }
        self.init(checkedYear: year, month: month, day: day)
    }

    init?(checkedYear year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...31).contains(day), (1900...2999).contains(year) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Finds a `YYYY-MM-DD` anywhere in a file name such as `2025-12-09.txt` or `papers-2025-12-09.json`.
    public init?(fileName: String) {
        let bytes = Array(fileName.utf8)
        guard bytes.count >= 10 else { return nil }
        for start in 0...(bytes.count - 10) {
            let isDigit = { (b: UInt8) in b >= 48 && b <= 57 }
            if isDigit(bytes[start]), bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
                start == 0 || !isDigit(bytes[start - 1]),
                start + 10 == bytes.count || !isDigit(bytes[start + 10]),
                let date = DayDate(iso: String(decoding: bytes[start..<start + 10], as: UTF8.self))
            {
                self = date
                return
            }
        }
        return nil
    }

    /// The day of a point in time, in the local time zone.
    public init(_ date: Date, calendar: Calendar = .current) {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// Month number 1...12 for an English three-letter abbreviation (`Dec`), case-sensitive as the site writes it.
    static func month(abbreviation bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count == 3 else { return nil }
        let key = String(decoding: bytes, as: UTF8.self)
        return monthAbbreviations.firstIndex(of: key).map { $0 + 1 }
    }

    /// The decimal number the bytes spell; nil for anything but digits, or a number past `Int.max` (a digest's
    /// `• 99999999999999999999 authors` is no count to trap on).
    static func number<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 48, byte <= 57 else { return nil }
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(Int(byte - 48))
            if overflowShift || overflowAdd { return nil }
            value = sum
        }
        return value
    }
}
