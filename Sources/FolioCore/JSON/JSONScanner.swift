import CPlatform
import Foundation

/// A string as it stands in the text, between its quotes: offsets into the scanned bytes. Plain data, so passing
/// one costs nothing; its escapes are already checked.
struct JSONStringToken {
    var start: Int
    var end: Int
    var hasEscape: Bool
}

/// The tokens of JSON (RFC 8259) from bytes, for every reader of JSON in Folio: digests, their array fallback and
/// the state file. Readers walk the text with it and say what the values mean; what is and is not JSON, the
/// nesting limit and the line of each error are decided here once.
struct JSONScanner {
    /// How deeply objects and lists may nest. Nothing Folio reads comes near it; deeper text is refused with an
    /// error at its line rather than followed down until the stack runs out (512 is also JSONDecoder's limit).
    static let maximumDepth = 512

    /// Where the scanner stands, to come back to.
    struct Position {
        var index: Int
        var line: Int
        var depth: Int
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index = 0
    /// The line of `index`, from 1.
    private(set) var line = 1
    /// The objects and lists open at `index`.
    private(set) var depth = 0
    /// Whether strings stepped over by `skipValue` must be valid UTF-8 too, as the strings read are for a
    /// strict reader.
    private let checksSkippedUTF8: Bool

    init(_ bytes: UnsafeBufferPointer<UInt8>, checksSkippedUTF8: Bool = false) {
        self.bytes = bytes
        self.checksSkippedUTF8 = checksSkippedUTF8
    }

    var position: Position {
        get { Position(index: index, line: line, depth: depth) }
        set { (index, line, depth) = (newValue.index, newValue.line, newValue.depth) }
    }

    // MARK: Bytes

    @inline(__always)
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    @inline(__always)
    var isAtEnd: Bool { index >= bytes.count }

    @inline(__always)
    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Steps over white space, counting lines. Indentation goes eight bytes at a time: the count of spaces is the
    /// count of zero bytes at the low end of the word XOR eight spaces.
    @inline(__always)
    mutating func skipSpace() {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var i = index
        var lines = line
        while i < count {
            let byte = base[i]
            if byte == 32, i &+ 8 <= count {
                let others =
                    UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    ^ 0x2020_2020_2020_2020
                i &+= others == 0 ? 8 : others.trailingZeroBitCount >> 3
                continue
            }
            if byte == 10 { lines &+= 1 } else if byte != 32, byte != 9, byte != 13 { break }
            i &+= 1
        }
        index = i
        line = lines
    }

    /// Why the text is not JSON, at the scanner's line; the message reads after "it is not JSON: ". Thrown with
    /// the scanner at the end of the text (`isAtEnd`), it says the text was cut short rather than wrong.
    func error(_ reason: String) -> Diagnostic {
        Diagnostic(line: line, message: reason)
    }

    // MARK: Objects and lists

    /// Opens the object or list whose bracket is at `index`, counting it against `maximumDepth`.
    @inline(__always)
    mutating func enter() throws(Diagnostic) {
        guard depth < Self.maximumDepth else { throw error("it nests more than \(Self.maximumDepth) deep") }
        depth &+= 1
        index &+= 1
    }

    /// The next name of the object entered last, positioned at its value; nil at its closing `}`, which closes it.
    @inline(__always)
    mutating func nextKey(_ first: inout Bool) throws(Diagnostic) -> JSONStringToken? {
        guard try nextMember(closedBy: UInt8(ascii: "}"), &first) else { return nil }
        return try scanName()
    }

    /// Whether the list entered last has another element, positioned at it; false at its closing `]`, which
    /// closes it.
    @inline(__always)
    mutating func nextElement(_ first: inout Bool) throws(Diagnostic) -> Bool {
        try nextMember(closedBy: UInt8(ascii: "]"), &first)
    }

    /// Past the `,` before the next member of the container entered last (none before the first), at the member;
    /// false at the container's closing bracket, which closes it.
    @inline(__always)
    private mutating func nextMember(closedBy closer: UInt8, _ first: inout Bool) throws(Diagnostic) -> Bool {
        skipSpace()
        if consume(closer) {
            depth &-= 1
            return false
        }
        if first {
            first = false
        } else {
            guard consume(UInt8(ascii: ",")) else { throw missingSeparator(closedBy: closer) }
            skipSpace()
        }
        return true
    }

    private func missingSeparator(closedBy closer: UInt8) -> Diagnostic {
        if isAtEnd { return error(Self.endsEarly) }
        return error(closer == UInt8(ascii: "}") ? "expected , or } after a value" : "expected , or ] in a list")
    }

    /// A name and its `:`, positioned at the value.
    @inline(__always)
    private mutating func scanName() throws(Diagnostic) -> JSONStringToken {
        guard peek == UInt8(ascii: "\"") else { throw error(isAtEnd ? Self.endsEarly : "expected a name in quotes") }
        let name = try scanString()
        skipSpace()
        guard consume(UInt8(ascii: ":")) else {
            throw error(isAtEnd ? Self.endsEarly : "expected : after \(Self.quoted(nameText(name)))")
        }
        skipSpace()
        return name
    }

    static let endsEarly = "it ends in the middle"

    // MARK: Values

    /// Steps over one value of any kind, checking that it is JSON. Nesting is followed in a loop, one bit a level
    /// saying object or list, never by recursion.
    mutating func skipValue() throws(Diagnostic) {
        let floor = depth
        // Bit n says whether the container opened at depth floor + n + 1 is an object: the first 64 levels in a
        // word, any deeper (rare) in an array sized by the depth limit.
        var shallow: UInt64 = 0
        var deep: [UInt64] = []
        func mark(_ isObject: Bool, at level: Int) {
            if level < 64 {
                shallow = isObject ? shallow | 1 << UInt64(level) : shallow & ~(1 << UInt64(level))
                return
            }
            if deep.isEmpty { deep = Array(repeating: 0, count: Self.maximumDepth / 64 + 1) }
            let (word, bit) = (level >> 6, UInt64(1) << UInt64(level & 63))
            deep[word] = isObject ? deep[word] | bit : deep[word] & ~bit
        }
        func isObject(at level: Int) -> Bool {
            level < 64 ? shallow & 1 << UInt64(level) != 0 : deep[level >> 6] & UInt64(1) << UInt64(level & 63) != 0
        }
        value: while true {
            skipSpace()
            guard let byte = peek else { throw error(Self.endsEarly) }
            switch byte {
            case UInt8(ascii: "{"):
                try enter()
                mark(true, at: depth - floor - 1)
                skipSpace()
                if !consume(UInt8(ascii: "}")) {
                    _ = try scanName()
                    continue value
                }
                depth &-= 1
            case UInt8(ascii: "["):
                try enter()
                mark(false, at: depth - floor - 1)
                skipSpace()
                if !consume(UInt8(ascii: "]")) { continue value }
                depth &-= 1
            case UInt8(ascii: "\""):
                let token = try scanString()
                if checksSkippedUTF8 { _ = try string(token) }
            default:
                try scanScalar()
            }
            // The value is whole: close what it ends, or go on to the next element or member.
            while depth > floor {
                skipSpace()
                let inObject = isObject(at: depth - floor - 1)
                if consume(UInt8(ascii: ",")) {
                    if inObject {
                        skipSpace()
                        _ = try scanName()
                    }
                    continue value
                }
                let closer = inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard consume(closer) else { throw missingSeparator(closedBy: closer) }
                depth &-= 1
            }
            return
        }
    }

    /// A number, `true`, `false` or `null` at `index`, stepped over; anything else is not JSON.
    private mutating func scanScalar() throws(Diagnostic) {
        guard let byte = peek else { throw error(Self.endsEarly) }
        if Self.mayStartNumber(byte) {
            _ = try scanNumber()
        } else if !(scanLiteral("true") || scanLiteral("false") || scanLiteral("null")) {
            throw error("unexpected \(Self.quoted(String(decoding: [byte], as: UTF8.self)))")
        }
    }

    /// `literal` at `index`, passed over when it stands whole (a delimiter or the end follows).
    @inline(__always)
    mutating func scanLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard startsWith(literal), index + count == bytes.count || Self.isDelimiter(bytes[index + count]) else {
            return false
        }
        index += count
        return true
    }

    func startsWith(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        return index + count <= bytes.count && memcmp(bytes.baseAddress! + index, literal.utf8Start, count) == 0
    }

    /// After a number or literal: white space, a separator, a closing bracket, or the end.
    @inline(__always)
    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 32, 10, 9, 13, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"): true
        default: false
        }
    }

    // MARK: Numbers

    /// What a number looks like before it is read: a sign, a digit, or the `+` and `.` of numbers JSON does not
    /// have, so that `+1` and `.5` are called malformed numbers rather than unexpected characters.
    @inline(__always)
    static func mayStartNumber(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".")
    }

    /// A number exactly as RFC 8259 has it, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, followed by a
    /// delimiter or the end; its value when it is an integer of at most 18 digits (nil for fractions, exponents
    /// and longer integers, which no reader here needs the value of).
    mutating func scanNumber() throws(Diagnostic) -> (text: Range<Int>, integer: Int?) {
        let start = index
        let negative = consume(UInt8(ascii: "-"))
        var value = 0
        var digits = 0
        if consume(UInt8(ascii: "0")) {
            digits = 1
        } else {
            while let byte = peek, byte >= 48, byte <= 57 {
                value = value &* 10 &+ Int(byte &- 48)
                digits &+= 1
                index &+= 1
            }
            guard digits > 0 else { throw malformedNumber() }
        }
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            guard skipDigits() else { throw malformedNumber() }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            isInteger = false
            _ = consume(UInt8(ascii: "+")) || consume(UInt8(ascii: "-"))
            guard skipDigits() else { throw malformedNumber() }
        }
        if let next = peek, !Self.isDelimiter(next) { throw malformedNumber() }
        let integer = isInteger && digits < 19 ? (negative ? -value : value) : nil
        return (start..<index, integer)
    }

    private mutating func skipDigits() -> Bool {
        let start = index
        while let byte = peek, byte >= 48, byte <= 57 { index &+= 1 }
        return index > start
    }

    private func malformedNumber() -> Diagnostic { error("a malformed number") }

    // MARK: Strings

    /// The string at its opening quote, passed over: sixteen bytes at a time to the next quote, backslash or
    /// control character (`folio_json_string_stop`, SSE2). Escapes are checked here, so a token is always one
    /// that `string(_:)` can resolve; raw control characters are not JSON.
    @inline(__always)
    mutating func scanString() throws(Diagnostic) -> JSONStringToken {
        let base = bytes.baseAddress!
        let count = bytes.count
        let start = index &+ 1
        var i = start
        var hasEscape = false
        while true {
            i &+= folio_json_string_stop(base + i, count &- i)
            guard i < count else {
                index = count
                throw error("a string is not closed")
            }
            let byte = base[i]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                hasEscape = true
                i = try checkEscape(at: i)
                continue
            }
            index = i
            throw error("a control character inside a string")
        }
        index = i &+ 1
        return JSONStringToken(start: start, end: i, hasEscape: hasEscape)
    }

    /// Checks the escape whose backslash is at `at`; returns the offset past it.
    private mutating func checkEscape(at backslash: Int) throws(Diagnostic) -> Int {
        let count = bytes.count
        guard backslash + 1 < count else {
            index = count
            throw error("a string is not closed")
        }
        switch bytes[backslash + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return backslash + 2
        case UInt8(ascii: "u"):
            let escape = UnsafeBufferPointer(rebasing: bytes[(backslash + 2)...])
            do {
                return backslash + 2 + (try JSONStringEscapes.unicodeEscapeLength(escape))
            } catch {
                index = backslash
                throw self.error(error.reason)
            }
        case let escaped:
            index = backslash
            throw error("an unknown escape \\\(String(decoding: [escaped], as: UTF8.self))")
        }
    }

    /// The bytes between a string's quotes.
    @inline(__always)
    func raw(_ token: JSONStringToken) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
    }

    /// A string's text with its escapes resolved; it must be valid UTF-8 (JSON is).
    func string(_ token: JSONStringToken) throws(Diagnostic) -> String {
        let text =
            token.hasEscape ? JSONStringEscapes.unescaped(raw(token)) : String(validating: raw(token), as: UTF8.self)
        guard let text else { throw error("a string is not valid UTF-8") }
        return text
    }

    /// A string's text, invalid UTF-8 replaced by U+FFFD, for readers that keep what they can.
    func repairedString(_ token: JSONStringToken) -> String {
        if !token.hasEscape { return String(decoding: raw(token), as: UTF8.self) }
        return JSONStringEscapes.unescaped(raw(token)) ?? String(decoding: raw(token), as: UTF8.self)
    }

    /// A name for messages, whatever its bytes.
    func nameText(_ token: JSONStringToken) -> String {
        (try? string(token)) ?? String(decoding: raw(token), as: UTF8.self)
    }

    /// Whether the token's text is `name`.
    @inline(__always)
    func isName(_ token: JSONStringToken, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        if token.hasEscape {
            return (try? string(token))?.utf8.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: count))
                == true
        }
        return token.end - token.start == count && memcmp(bytes.baseAddress! + token.start, name.utf8Start, count) == 0
    }

    // MARK: Words for messages

    /// What the value at `index` is, in words for messages: "a string", "a list"…
    var kindOfValue: String {
        switch peek {
        case nil: "nothing"
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "a list"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "t") where startsWith("true"), UInt8(ascii: "f") where startsWith("false"): "true or false"
        case UInt8(ascii: "n") where startsWith("null"): "null"
        case let byte? where Self.mayStartNumber(byte): "a number"
        default: "not JSON"
        }
    }

    /// Text quoted for a message, cut to 60 characters: it comes from the file.
    static func quoted(_ text: String) -> String {
        "\"" + (text.count > 60 ? String(text.prefix(57)) + "…" : text) + "\""
    }

    // MARK: Recovery

    /// From `start` (a value's first byte), steps over the value without judging it: strings by their quotes,
    /// nesting by brackets, so that a reader can go on after a value that is not JSON. Stops before the `,` or
    /// closing bracket that ends it, back at the depth of `start`; false when the text ends first.
    mutating func skipLeniently(from start: Position) -> Bool {
        position = start
        let base = bytes.baseAddress!
        let count = bytes.count
        var nesting = 0
        var i = index
        var lines = line
        defer { (index, line) = (i, lines) }
        while i < count {
            let byte = base[i]
            switch byte {
            case UInt8(ascii: "\""):
                i &+= 1
                while i < count {
                    i &+= folio_json_string_stop(base + i, count &- i)
                    guard i < count else { break }
                    let stop = base[i]
                    i &+= 1
                    if stop == UInt8(ascii: "\"") { break }
                    if stop == 10 { lines &+= 1 }
                    if stop == UInt8(ascii: "\\"), i < count {
                        if base[i] == 10 { lines &+= 1 }
                        i &+= 1
                    }
                }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                nesting += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if nesting == 0 { return true }
                nesting -= 1
            case UInt8(ascii: ","):
                if nesting == 0 { return true }
            case 10:
                lines &+= 1
            default:
                break
            }
            i &+= 1
        }
        return false
    }
}
