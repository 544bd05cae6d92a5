import Foundation

/// A strict JSON reader for the state file, on bytes: any JSON, with the shape checked as it goes.
struct StateFileReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var line = 1

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// A name or string as it stands in the file, between its quotes. Plain data, so passing one costs nothing.
    private struct Token {
        var start: Int
        var end: Int
        var ascii: Bool
        var escaped: Bool
    }

    private func raw(_ token: Token) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
    }

    // MARK: Shape

    /// The whole file checked as JSON, and the text of its top-level `version` number.
    mutating func readVersion() throws(StateFileError) -> String {
        try expectTopLevelObject()
        var version: String?
        var first = true
        while let key = try nextKey(&first) {
            if isName(key, "version") {
                guard peek.map(Self.isNumberStart) == true else {
                    throw fail("\"version\" is \(kindOfValue), not a number")
                }
                let start = index
                try skipValue()
                version = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            } else {
                try skipValue()
            }
        }
        try expectEnd()
        guard let version else { throw StateFileError(line: 0, message: "it has no \"version\"") }
        return version
    }

    mutating func readState() throws(StateFileError) -> ReadingState {
        var state = ReadingState()
        try expectTopLevelObject()
        var first = true
        while let key = try nextKey(&first) {
            if isName(key, "papers") {
                if readNull() { continue }
                guard peek == UInt8(ascii: "{") else { throw fail("\"papers\" is \(kindOfValue), not an object") }
                index += 1
                // About 150 bytes a paper as folio writes them: room enough to never grow while reading.
                state.papers.reserveCapacity(bytes.count / 120)
                var firstPaper = true
                while let paperKey = try nextKey(&firstPaper) {
                    let key = try string(paperKey)
                    state.papers[key] = try readMarks(key)
                }
            } else if isName(key, "place") {
                if readNull() { state.place = nil; continue }
                guard peek == UInt8(ascii: "{") else { throw fail("\"place\" is \(kindOfValue), not an object") }
                index += 1
                state.place = try readPlace()
            } else if isName(key, "placeChanged") {
                state.placeChanged = try readDate(Field(token: key, owner: .file))
            } else {
                try skipValue()
            }
        }
        return state
    }

    private mutating func readMarks(_ key: String) throws(StateFileError) -> PaperMarks {
        guard peek == UInt8(ascii: "{") else { throw fail("paper \(Self.quoted(key)) is \(kindOfValue), not an object") }
        index += 1
        var marks = PaperMarks(title: "")
        var first = true
        while let field = try nextKey(&first) {
            let what = Field(token: field, owner: .paper(key))
            if isName(field, "title") {
                marks.title = try readString(what) ?? ""
            } else if isName(field, "read") {
                marks.read = try readBool(what) ?? false
            } else if isName(field, "readChanged") {
                marks.readChanged = try readDate(what)
            } else if isName(field, "starred") {
                marks.starred = try readBool(what) ?? false
            } else if isName(field, "starredChanged") {
                marks.starredChanged = try readDate(what)
            } else {
                try skipValue()
            }
        }
        return marks
    }

    private mutating func readPlace() throws(StateFileError) -> LastPlace {
        var place = LastPlace()
        var first = true
        while let field = try nextKey(&first) {
            let what = Field(token: field, owner: .place)
            if isName(field, "day") {
                place.day = try readString(what)
            } else if isName(field, "allDays") {
                place.allDays = try readBool(what) ?? false
            } else if isName(field, "paperKey") {
                place.paperKey = try readString(what)
            } else if isName(field, "sort") {
                place.sort = try readString(what)
            } else if isName(field, "latestDay") {
                place.latestDay = try readString(what)
            } else {
                try skipValue()
            }
        }
        return place
    }

    // MARK: Typed values (null reads as absent)

    /// Where a value stands, for messages.
    private struct Field {
        enum Owner { case file, place, paper(String) }
        var token: Token
        var owner: Owner
    }

    private func describe(_ field: Field) -> String {
        let name = "\"\(name(field.token))\""
        switch field.owner {
        case .file: return name
        case .place: return "\(name) of \"place\""
        case .paper(let key): return "\(name) of paper \(Self.quoted(key))"
        }
    }

    private mutating func readBool(_ field: Field) throws(StateFileError) -> Bool? {
        if readNull() { return nil }
        if readLiteral("true") { return true }
        if readLiteral("false") { return false }
        throw fail("\(describe(field)) is \(kindOfValue), not true or false")
    }

    private mutating func readString(_ field: Field) throws(StateFileError) -> String? {
        if readNull() { return nil }
        guard peek == UInt8(ascii: "\"") else { throw fail("\(describe(field)) is \(kindOfValue), not a string") }
        return try string(scanString())
    }

    private mutating func readDate(_ field: Field) throws(StateFileError) -> Date? {
        if readNull() { return nil }
        guard peek == UInt8(ascii: "\"") else { throw fail("\(describe(field)) is \(kindOfValue), not a date in a string") }
        let token = try scanString()
        let milliseconds: Int64?
        if token.escaped {
            milliseconds = Array(try string(token).utf8).withUnsafeBufferPointer { Self.parseDate($0) }
        } else {
            milliseconds = Self.parseDate(raw(token))
        }
        guard let milliseconds else {
            throw fail("\(describe(field)) is \(Self.quoted(try string(token))), not a date such as \"2026-11-23T10:00:00Z\"")
        }
        return StateTime.date(milliseconds: milliseconds)
    }

    /// `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±HH:MM`; milliseconds since 1970.
    static func parseDate(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        func number(_ start: Int, _ count: Int) -> Int64? {
            guard start + count <= text.count else { return nil }
            var value: Int64 = 0
            for byte in text[start..<start + count] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        func at(_ position: Int, _ characters: StaticString) -> Bool {
            guard position < text.count else { return false }
            return UnsafeBufferPointer(start: characters.utf8Start, count: characters.utf8CodeUnitCount).contains(text[position])
        }
        guard let year = number(0, 4), at(4, "-"), let month = number(5, 2), at(7, "-"), let day = number(8, 2),
              at(10, "Tt "), let hour = number(11, 2), at(13, ":"), let minute = number(14, 2), at(16, ":"),
              let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60 else { return nil }
        var position = 19
        var milliseconds: Int64 = 0
        if at(position, ".") {
            position += 1
            var scale: Int64 = 100
            let start = position
            while position < text.count, text[position] >= 48, text[position] <= 57 {
                milliseconds += Int64(text[position] - 48) * scale
                scale /= 10
                position += 1
            }
            guard position > start else { return nil }
        }
        var offset: Int64 = 0
        if at(position, "Zz") {
            position += 1
        } else if at(position, "+-") {
            let sign: Int64 = text[position] == UInt8(ascii: "-") ? -1 : 1
            guard let hours = number(position + 1, 2) else { return nil }
            position += 3
            if at(position, ":") { position += 1 }
            guard let minutes = number(position, 2), hours < 24, minutes < 60 else { return nil }
            position += 2
            offset = sign * (hours * 60 + minutes) * 60_000
        } else {
            return nil
        }
        guard position == text.count else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + milliseconds - offset
    }

    // MARK: JSON

    private mutating func expectTopLevelObject() throws(StateFileError) {
        skipSpace()
        guard peek == UInt8(ascii: "{") else {
            guard let byte = peek else { throw StateFileError(line: 0, message: "it is empty") }
            if kindOfValue == "not JSON" {
                throw fail("it is not JSON: it starts with \(Self.quoted(String(decoding: [byte], as: UTF8.self)))")
            }
            throw fail("it is \(kindOfValue), not a JSON object")
        }
        index += 1
    }

    private mutating func expectEnd() throws(StateFileError) {
        skipSpace()
        guard index == bytes.count else { throw fail("it is not JSON: more text follows the end of the object") }
    }

    /// The next name of an object whose `{` is consumed, positioned at its value; nil at the closing `}`.
    private mutating func nextKey(_ first: inout Bool) throws(StateFileError) -> Token? {
        skipSpace()
        if consume(UInt8(ascii: "}")) { return nil }
        if first {
            first = false
        } else {
            guard consume(UInt8(ascii: ",")) else { throw fail("it is not JSON: expected , or } after a value") }
            skipSpace()
        }
        guard peek == UInt8(ascii: "\"") else { throw fail("it is not JSON: expected a name in quotes") }
        let key = try scanString()
        skipSpace()
        guard consume(UInt8(ascii: ":")) else { throw fail("it is not JSON: expected : after \(Self.quoted(name(key)))") }
        skipSpace()
        return key
    }

    private func isName(_ token: Token, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        if token.escaped {
            return (try? string(token))?.utf8.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: count)) == true
        }
        return token.end - token.start == count && memcmp(bytes.baseAddress! + token.start, name.utf8Start, count) == 0
    }

    /// A name for messages, whatever its bytes.
    private func name(_ token: Token) -> String {
        (try? string(token)) ?? String(decoding: raw(token), as: UTF8.self)
    }

    private func string(_ token: Token) throws(StateFileError) -> String {
        let text: String?
        if token.escaped {
            text = try unescape(raw(token))
        } else if token.ascii {
            text = String(decoding: raw(token), as: UTF8.self)
        } else {
            text = String(validating: raw(token), as: UTF8.self)
        }
        guard let text else { throw fail("a string is not valid UTF-8") }
        return text
    }

    private mutating func skipValue(depth: Int = 0) throws(StateFileError) {
        guard depth < 512 else { throw fail("it nests too deeply") }
        skipSpace()
        guard let byte = peek else { throw fail("it is not JSON: it ends in the middle") }
        switch byte {
        case UInt8(ascii: "{"):
            index += 1
            var first = true
            while try nextKey(&first) != nil { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            index += 1
            skipSpace()
            if consume(UInt8(ascii: "]")) { return }
            while true {
                try skipValue(depth: depth + 1)
                skipSpace()
                if consume(UInt8(ascii: "]")) { return }
                guard consume(UInt8(ascii: ",")) else { throw fail("it is not JSON: expected , or ] in a list") }
            }
        case UInt8(ascii: "\""):
            let token = try scanString()
            if !token.ascii { _ = try string(token) }
        case _ where Self.isNumberStart(byte):
            try skipNumber()
        default:
            guard readLiteral("true") || readLiteral("false") || readNull() else {
                throw fail("it is not JSON: unexpected \(Self.quoted(String(decoding: [byte], as: UTF8.self)))")
            }
        }
    }

    private mutating func skipNumber() throws(StateFileError) {
        let bad = fail("it is not JSON: a malformed number")
        _ = consume(UInt8(ascii: "-"))
        if !consume(UInt8(ascii: "0")) { guard skipDigits() else { throw bad } }
        if consume(UInt8(ascii: ".")) { guard skipDigits() else { throw bad } }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            _ = consume(UInt8(ascii: "+")) || consume(UInt8(ascii: "-"))
            guard skipDigits() else { throw bad }
        }
    }

    private mutating func skipDigits() -> Bool {
        let start = index
        while let byte = peek, byte >= 48, byte <= 57 { index += 1 }
        return index > start
    }

    private mutating func readNull() -> Bool { readLiteral("null") }

    private mutating func readLiteral(_ literal: StaticString) -> Bool {
        guard startsWith(literal) else { return false }
        index += literal.utf8CodeUnitCount
        return true
    }

    private func startsWith(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        return index + count <= bytes.count && memcmp(bytes.baseAddress! + index, literal.utf8Start, count) == 0
    }

    /// The string at `"`, passed over; escapes are resolved at once (they are rare), UTF-8 checked when asked.
    private mutating func scanString() throws(StateFileError) -> Token {
        let base = bytes.baseAddress!
        let count = bytes.count
        let start = index + 1
        var i = start
        var escaped = false
        var high: UInt8 = 0
        scan: while true {
            // Eight bytes at a time until one may be special: `"`, `\`, a control character or non-ASCII. The
            // lowest byte flagged is exact; a flag above it may be false, and is then read as a plain byte.
            while i &+ 8 <= count {
                let word = JSONWord.load(base + i)
                let special = JSONWord.needingEscape(word) | (word & JSONWord.highBits)
                if special != 0 {
                    i &+= special.trailingZeroBitCount >> 3
                    break
                }
                i &+= 8
            }
            guard i < count else { throw fail("it is not JSON: a string is not closed") }
            let byte = base[i]
            switch byte {
            case UInt8(ascii: "\""):
                break scan
            case UInt8(ascii: "\\"):
                escaped = true
                i &+= 2
            case ..<0x20:
                throw fail("it is not JSON: a control character inside a string")
            default:
                high |= byte
                i &+= 1
            }
        }
        index = i + 1
        let token = Token(start: start, end: i, ascii: high < 0x80, escaped: escaped)
        // Escapes are rare: check them now, so the first pass finds a bad one, and resolve them again when used.
        if escaped { _ = try string(token) }
        return token
    }

    private func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws(StateFileError) -> String? {
        do {
            return try JSONStringEscapes.unescape(raw)
        } catch {
            throw fail("it is not JSON: \(error.reason)")
        }
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        guard let base = bytes.baseAddress else { return }
        var i = index
        var lines = line
        while i < bytes.count {
            let byte = base[i]
            if byte == 32, i &+ 8 <= bytes.count {
                // Indentation, eight at a time: the count of spaces is the count of zero bytes at the low end.
                let others = JSONWord.load(base + i) ^ (JSONWord.ones &* 0x20)
                i &+= others == 0 ? 8 : others.trailingZeroBitCount >> 3
                continue
            }
            if byte == 10 { lines &+= 1 } else if byte != 32, byte != 9, byte != 13 { break }
            i &+= 1
        }
        index = i
        line = lines
    }

    private static func isNumberStart(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "-") || (byte >= 48 && byte <= 57) }

    private var kindOfValue: String {
        switch peek {
        case nil: "nothing"
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "a list"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "t") where startsWith("true"), UInt8(ascii: "f") where startsWith("false"): "true or false"
        case UInt8(ascii: "n") where startsWith("null"): "null"
        case let byte? where Self.isNumberStart(byte): "a number"
        default: "not JSON"
        }
    }

    private func fail(_ message: String) -> StateFileError { StateFileError(line: line, message: message) }

    private static func quoted(_ text: String) -> String {
        "\"" + (text.count > 60 ? String(text.prefix(57)) + "…" : text) + "\""
    }
}
