import Foundation

/// A strict reader of the state file in one pass over the JSON scanner, with the shape checked as it goes.
///
/// A value of the wrong kind is kept, not thrown, and the pass goes on: only once `version` is read, wherever it
/// stands, is it known whether that kind is wrong at all, and a file of another version must be refused for its
/// version. Text that is not JSON stops the pass at once; it is not JSON in any version.
struct StateFileReader {
    private var json: JSONScanner
    /// The text of the top-level `version` number, or why it could not be read.
    private var version: Result<String, Diagnostic>?
    /// The first value of the wrong kind.
    private var misfit: Diagnostic?

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Strings skipped are checked as those read are: a file with invalid UTF-8 anywhere is not JSON.
        json = JSONScanner(bytes, checksSkippedUTF8: true)
    }

    /// The version the file says it is, once `read` has met a number for it.
    var writtenVersion: Int? {
        guard case .success(let text)? = version else { return nil }
        return Int(text)
    }

    /// The state, when the file is JSON, of a version in `readable`, and every value is of its kind; else the
    /// first of those that fails, in that order.
    mutating func read(readable: ClosedRange<Int>) throws(Diagnostic) -> ReadingState {
        try enterTopLevelObject()
        let state: ReadingState
        do {
            state = try readBody()
        } catch {
            throw Diagnostic(line: error.line, message: "it is not JSON: \(error.message)")
        }
        switch version {
        case nil:
            throw Diagnostic(line: 0, message: "it has no \"version\"")
        case .failure(let error):
            throw error
        case .success(let version) where Int(version).map(readable.contains) != true:
            throw Diagnostic(
                line: 0,
                message: "it is version \(version), and this folio reads versions \(readable.lowerBound) to "
                    + "\(readable.upperBound)")
        case .success:
            break
        }
        if let misfit { throw misfit }
        return state
    }

    // MARK: Shape

    private mutating func enterTopLevelObject() throws(Diagnostic) {
        json.skipSpace()
        guard json.peek == UInt8(ascii: "{") else {
            guard let byte = json.peek else { throw Diagnostic(line: 0, message: "it is empty") }
            if json.kindOfValue == "not JSON" {
                throw Diagnostic(
                    line: json.line,
                    message: "it is not JSON: it starts with "
                        + JSONScanner.quoted(String(decoding: [byte], as: UTF8.self)))
            }
            throw Diagnostic(line: json.line, message: "it is \(json.kindOfValue), not a JSON object")
        }
        do { try json.enter() } catch { preconditionFailure("the first object is within the depth limit") }
    }

    private mutating func readBody() throws(Diagnostic) -> ReadingState {
        var state = ReadingState()
        var first = true
        while let key = try json.nextKey(&first) {
            if json.isName(key, "version") {
                try readVersion()
            } else if json.isName(key, "papers") {
                try readPapers(into: &state)
            } else if json.isName(key, "place") {
                if readNull() {
                    state.place = nil
                    continue
                }
                guard json.peek == UInt8(ascii: "{") else {
                    try misfit("\"place\" is \(json.kindOfValue), not an object")
                    continue
                }
                try json.enter()
                state.place = try readPlace()
            } else if json.isName(key, "placeChanged") {
                state.placeChanged = try readDate(Field(token: key, owner: .file))
            } else {
                try json.skipValue()
            }
        }
        json.skipSpace()
        guard json.isAtEnd else { throw json.error("more text follows the end of the object") }
        return state
    }

    private mutating func readVersion() throws(Diagnostic) {
        guard let byte = json.peek, JSONScanner.mayStartNumber(byte) else {
            version = .failure(Diagnostic(line: json.line, message: "\"version\" is \(json.kindOfValue), not a number"))
            try json.skipValue()
            return
        }
        let number = try json.scanNumber()
        version = .success(String(decoding: UnsafeBufferPointer(rebasing: json.bytes[number.text]), as: UTF8.self))
    }

    private mutating func readPapers(into state: inout ReadingState) throws(Diagnostic) {
        if readNull() { return }
        guard json.peek == UInt8(ascii: "{") else {
            try misfit("\"papers\" is \(json.kindOfValue), not an object")
            return
        }
        try json.enter()
        // About 150 bytes a paper as folio writes them: room enough to never grow while reading.
        state.papers.reserveCapacity(json.bytes.count / 120)
        var first = true
        while let paperKey = try json.nextKey(&first) {
            let key = try json.string(paperKey)
            if let marks = try readMarks(key) { state.papers[key] = marks }
        }
    }

    private mutating func readMarks(_ key: String) throws(Diagnostic) -> PaperMarks? {
        guard json.peek == UInt8(ascii: "{") else {
            try misfit("paper \(JSONScanner.quoted(key)) is \(json.kindOfValue), not an object")
            return nil
        }
        try json.enter()
        var marks = PaperMarks(title: "")
        var first = true
        while let field = try json.nextKey(&first) {
            let what = Field(token: field, owner: .paper(key))
            if json.isName(field, "title") {
                marks.title = try readString(what) ?? ""
            } else if json.isName(field, "read") {
                marks.read = try readBool(what) ?? false
            } else if json.isName(field, "readChanged") {
                marks.readChanged = try readDate(what)
            } else if json.isName(field, "starred") {
                marks.starred = try readBool(what) ?? false
            } else if json.isName(field, "starredChanged") {
                marks.starredChanged = try readDate(what)
            } else if json.isName(field, "tags") {
                marks.tags = try readTags(what)
            } else if json.isName(field, "note") {
                marks.note = try readNote(what)
            } else {
                try json.skipValue()
            }
        }
        return marks
    }

    private mutating func readPlace() throws(Diagnostic) -> LastPlace {
        var place = LastPlace()
        let texts: [(name: StaticString, path: WritableKeyPath<LastPlace, String?>)] = [
            ("day", \.day), ("paperKey", \.paperKey), ("sort", \.sort), ("latestDay", \.latestDay),
            ("search", \.search), ("filter", \.filter),
        ]
        var first = true
        while let field = try json.nextKey(&first) {
            let what = Field(token: field, owner: .place)
            if let text = texts.first(where: { json.isName(field, $0.name) }) {
                place[keyPath: text.path] = try readString(what)
            } else if json.isName(field, "allDays") {
                place.allDays = try readBool(what) ?? false
            } else if json.isName(field, "topics") {
                place.topics = try readStrings(what)
            } else {
                try json.skipValue()
            }
        }
        return place
    }

    /// `{"NAME": {"changed": DATE, "on": BOOL}, …}`; a tag without a time is left out (it could never merge).
    private mutating func readTags(_ field: Field) throws(Diagnostic) -> [String: TagMark] {
        if readNull() { return [:] }
        guard json.peek == UInt8(ascii: "{") else {
            try misfit("\(describe(field)) is \(json.kindOfValue), not an object")
            return [:]
        }
        try json.enter()
        var tags: [String: TagMark] = [:]
        var first = true
        while let nameToken = try json.nextKey(&first) {
            let name = try json.string(nameToken)
            guard json.peek == UInt8(ascii: "{") else {
                try misfit(
                    "tag \(JSONScanner.quoted(name)) of \(describe(field)) is \(json.kindOfValue), not an object")
                continue
            }
            try json.enter()
            var isOn: Bool?
            var changed: Date?
            var firstField = true
            while let key = try json.nextKey(&firstField) {
                let what = Field(token: key, owner: field.owner)
                if json.isName(key, "on") {
                    isOn = try readBool(what)
                } else if json.isName(key, "changed") {
                    changed = try readDate(what)
                } else {
                    try json.skipValue()
                }
            }
            if let changed, let normalized = TagMark.normalized(name) {
                tags[normalized] = TagMark(isOn: isOn ?? true, changed: changed)
            }
        }
        return tags
    }

    /// `{"changed": DATE, "earlier": [DATE…], "text": "…"}`; a note without a time is left out.
    private mutating func readNote(_ field: Field) throws(Diagnostic) -> NoteMark? {
        if readNull() { return nil }
        guard json.peek == UInt8(ascii: "{") else {
            try misfit("\(describe(field)) is \(json.kindOfValue), not an object")
            return nil
        }
        try json.enter()
        var text = ""
        var changed: Date?
        var earlier: [Date] = []
        var first = true
        while let key = try json.nextKey(&first) {
            let what = Field(token: key, owner: field.owner)
            if json.isName(key, "text") {
                text = try readString(what) ?? ""
            } else if json.isName(key, "changed") {
                changed = try readDate(what)
            } else if json.isName(key, "earlier") {
                if readNull() { continue }
                guard json.peek == UInt8(ascii: "[") else {
                    try misfit("\(describe(what)) is \(json.kindOfValue), not a list of dates")
                    continue
                }
                try json.enter()
                var firstDate = true
                while try json.nextElement(&firstDate) {
                    if let date = try readDate(what) { earlier.append(date) }
                }
            } else {
                try json.skipValue()
            }
        }
        return changed.map { NoteMark(text: text, changed: $0, earlier: NoteMark.limited(earlier)) }
    }

    /// Keeps the first value of the wrong kind, with its line, and steps over the value.
    private mutating func misfit(_ message: String) throws(Diagnostic) {
        if misfit == nil { misfit = Diagnostic(line: json.line, message: message) }
        try json.skipValue()
    }

    // MARK: Typed values (null reads as absent)

    /// Where a value stands, for messages.
    private struct Field {
        enum Owner { case file, place, paper(String) }
        var token: JSONStringToken
        var owner: Owner
    }

    private func describe(_ field: Field) -> String {
        let name = "\"\(json.nameText(field.token))\""
        switch field.owner {
        case .file: return name
        case .place: return "\(name) of \"place\""
        case .paper(let key): return "\(name) of paper \(JSONScanner.quoted(key))"
        }
    }

    private mutating func readNull() -> Bool { json.scanLiteral("null") }

    private mutating func readBool(_ field: Field) throws(Diagnostic) -> Bool? {
        if readNull() { return nil }
        if json.scanLiteral("true") { return true }
        if json.scanLiteral("false") { return false }
        try misfit("\(describe(field)) is \(json.kindOfValue), not true or false")
        return nil
    }

    private mutating func readString(_ field: Field) throws(Diagnostic) -> String? {
        if readNull() { return nil }
        guard json.peek == UInt8(ascii: "\"") else {
            try misfit("\(describe(field)) is \(json.kindOfValue), not a string")
            return nil
        }
        return try json.string(json.scanString())
    }

    /// An array of strings; one of another kind is a misfit, the rest kept.
    private mutating func readStrings(_ field: Field) throws(Diagnostic) -> [String]? {
        if readNull() { return nil }
        guard json.peek == UInt8(ascii: "[") else {
            try misfit("\(describe(field)) is \(json.kindOfValue), not a list of strings")
            return nil
        }
        try json.enter()
        var strings: [String] = []
        var first = true
        while try json.nextElement(&first) {
            if let string = try readString(field) { strings.append(string) }
        }
        return strings
    }

    private mutating func readDate(_ field: Field) throws(Diagnostic) -> Date? {
        if readNull() { return nil }
        guard json.peek == UInt8(ascii: "\"") else {
            try misfit("\(describe(field)) is \(json.kindOfValue), not a date in a string")
            return nil
        }
        let token = try json.scanString()
        let milliseconds: Int64?
        if token.hasEscape {
            milliseconds = Array(try json.string(token).utf8).withUnsafeBufferPointer { Self.parseDate($0) }
        } else {
            milliseconds = Self.parseDate(json.raw(token))
        }
        guard let milliseconds else {
            let text = try json.string(token)
            if misfit == nil {
                misfit = Diagnostic(
                    line: json.line,
                    message: "\(describe(field)) is \(JSONScanner.quoted(text)), "
                        + "not a date such as \"2026-11-23T10:00:00Z\"")
            }
            return nil
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
            return UnsafeBufferPointer(start: characters.utf8Start, count: characters.utf8CodeUnitCount).contains(
                text[position])
        }
        guard let year = number(0, 4), at(4, "-"), let month = number(5, 2), at(7, "-"), let day = number(8, 2),
            at(10, "Tt "), let hour = number(11, 2), at(13, ":"), let minute = number(14, 2), at(16, ":"),
            let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
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
}
