import CPlatform
import Foundation

/// The reader of the one JSON shape digests come in, a thin layer over `JSONScanner`: several times faster than
/// JSONDecoder on large files, which were a third of all load time. A field of the wrong type (`"upvotes":
/// "many"`) is a problem of its element, at the field's line, and the rest of the element is kept; text that is
/// not JSON, or not an array, makes it give up (nil), and the caller reads the array element by element.
struct FastJSONReader {
    /// What a digest keeps of one element of the array. Dates are read straight from the bytes, and the listed
    /// title only when the paper has none: neither becomes a String that would be thrown away.
    struct Element {
        var paperID: String?
        var title: String?
        var summary: String?
        /// How many visible authors carry a name; nil without an `authors` list.
        var authorCount: Int?
        var upvotes: Int?
        var paperPublished: DayDate?
        var listedTitle: String?
        var listed: DayDate?
        var line: Int
        /// The site's whole record; nil when the element says nothing beyond the fields above.
        var record: PaperRecord?
        /// Fields of the wrong type, each at its line, in the order of the file; no file named yet.
        var problems: [Diagnostic] = []
        /// False for an element that is no object at all (its problem says so): nothing to keep.
        var isObject = true

        init(
            paperID: String? = nil, title: String? = nil, summary: String? = nil, authorCount: Int? = nil,
            upvotes: Int? = nil, paperPublished: DayDate? = nil, listedTitle: String? = nil, listed: DayDate? = nil,
            line: Int
        ) {
            self.paperID = paperID
            self.title = title
            self.summary = summary
            self.authorCount = authorCount
            self.upvotes = upvotes
            self.paperPublished = paperPublished
            self.listedTitle = listedTitle
            self.listed = listed
            self.line = line
        }
    }

    /// The record's text as it is read: each string's bytes appended to `bytes` and its range noted, then put
    /// together in `PaperRecord`'s order into one String once the element is whole. No String is made per field
    /// or per name: two dozen a paper, most of the reader's time and a heap of small holes.
    private struct RecordBytes {
        var bytes: [UInt8] = []
        var authors: [Range<Int>] = []
        var hiddenAuthors = 0
        var organization: Range<Int>?
        var siteSummary: Range<Int>?
        var keywords: [Range<Int>] = []
        var githubRepository: Range<Int>?
        var projectPage: Range<Int>?
        var githubStars: Int?
        var commentCount: Int?
        private var output: [UInt8] = []

        mutating func reset() {
            bytes.removeAll(keepingCapacity: true)
            authors.removeAll(keepingCapacity: true)
            keywords.removeAll(keepingCapacity: true)
            hiddenAuthors = 0
            (organization, siteSummary, githubRepository, projectPage) = (nil, nil, nil, nil)
            (githubStars, commentCount) = (nil, nil)
        }

        mutating func record() -> PaperRecord? {
            let ranges = [organization, siteSummary, githubRepository, projectPage]
            if authors.isEmpty, keywords.isEmpty, hiddenAuthors == 0, githubStars == nil, commentCount == nil,
                ranges.allSatisfy({ $0 == nil })
            {
                return nil
            }
            output.removeAll(keepingCapacity: true)
            appendItems(authors)
            for range in [organization, siteSummary] { append(range) }
            output.append(PaperRecord.fieldSeparator)
            appendItems(keywords)
            for range in [githubRepository, projectPage] { append(range) }
            output.append(PaperRecord.fieldSeparator)
            let (hidden, stars, comments) = (hiddenAuthors, githubStars, commentCount)
            return output.withUnsafeBufferPointer {
                PaperRecord.make(text: $0, hiddenAuthorCount: hidden, githubStars: stars, commentCount: comments)
            }
        }

        private mutating func append(_ range: Range<Int>?) {
            output.append(PaperRecord.fieldSeparator)
            if let range { output += bytes[range] }
        }

        private mutating func appendItems(_ ranges: [Range<Int>]) {
            for (index, range) in ranges.enumerated() {
                if index > 0 { output.append(PaperRecord.itemSeparator) }
                output += bytes[range]
            }
        }
    }

    private var json: JSONScanner
    /// `paper.` inside the paper object, else empty: how field names read in messages.
    private var scope = ""
    private var problems: [Diagnostic] = []
    private var record = RecordBytes()

    private init(json: JSONScanner) {
        self.json = json
    }

    static func read(_ data: [UInt8]) -> [Element]? {
        data.withUnsafeBufferPointer { buffer in
            var reader = FastJSONReader(json: JSONScanner(buffer))
            return try? reader.readArray()
        }
    }

    /// The elements at `starts` (each an element's first byte and line, from `JSONArrayElements`), read one by
    /// one: for an array that is not JSON as a whole. Each start must begin a value that is JSON.
    static func read(_ data: [UInt8], elementsAt starts: [(index: Int, line: Int)]) -> [Element] {
        data.withUnsafeBufferPointer { buffer in
            var reader = FastJSONReader(json: JSONScanner(buffer))
            return starts.compactMap { start in
                reader.json.position = JSONScanner.Position(index: start.index, line: start.line, depth: 1)
                return try? reader.readElement()
            }
        }
    }

    /// JSON, but not an array: the reader gives up as on text that is not JSON.
    private func otherShape() -> Diagnostic { json.error("not the shape of a digest") }

    private mutating func readArray() throws(Diagnostic) -> [Element] {
        json.skipSpace()
        guard json.peek == UInt8(ascii: "[") else { throw otherShape() }
        try json.enter()
        var elements: [Element] = []
        var first = true
        while try json.nextElement(&first) {
            elements.append(try readElement())
        }
        json.skipSpace()
        guard json.isAtEnd else { throw otherShape() }
        return elements
    }

    /// `{"paper": {...}, "title": ..., "publishedAt": ...}` or a bare paper object.
    private mutating func readElement() throws(Diagnostic) -> Element {
        var element = Element(line: json.line)
        problems = []
        record.reset()
        scope = ""
        guard json.peek == UInt8(ascii: "{") else {
            try mismatch("entry", expected: "an object")
            element.problems = problems
            element.isObject = false
            return element
        }
        try json.enter()
        var sawPaper = false
        var listedTitleAt: JSONScanner.Position?
        var first = true
        while let name = try json.nextKey(&first) {
            switch knownKey(name) {
            case .paper:
                sawPaper = true
                guard json.peek == UInt8(ascii: "{") else {
                    try mismatch("paper", expected: "an object")
                    continue
                }
                try json.enter()
                scope = "paper."
                var firstField = true
                while let field = try json.nextKey(&firstField) { try readPaperField(knownKey(field), into: &element) }
                scope = ""
            case .title:
                // Read only if the paper has no title of its own; checked to be a string, and stepped over.
                let at = json.position
                if try skipString("title") { listedTitleAt = at }
            case .publishedAt:
                if let day = try readDate("publishedAt") { element.listed = day }
            case .summary where element.summary != nil, .organization where record.organization != nil:
                // The listing repeats the paper's abstract and organisation: read once, not made twice.
                try json.skipValue()
            case let other:
                try readPaperField(other, into: &element)
            }
        }
        if !sawPaper {
            element.paperPublished = element.paperPublished ?? element.listed
        }
        // A bare paper object's title is the "title" read here; a listing's is the paper's own when it has one.
        if let listedTitleAt, element.title == nil {
            let resume = json.position
            json.position = listedTitleAt
            element.listedTitle = try readString("title")
            json.position = resume
        }
        element.record = record.record()
        element.problems = problems
        return element
    }

    private mutating func readPaperField(_ key: Key, into element: inout Element) throws(Diagnostic) {
        switch key {
        case .id: assign(&element.paperID, try readString(key))
        case .title: assign(&element.title, try readString(key))
        case .summary: assign(&element.summary, try readString(key))
        case .upvotes: assign(&element.upvotes, try readCount(key))
        case .publishedAt: assign(&element.paperPublished, try readDate(key))
        case .authors: try readAuthors(into: &element)
        case .organization: try readOrganization()
        case .aiSummary: assign(&record.siteSummary, try readText(key.rawValue))
        case .aiKeywords: try readKeywords()
        case .githubRepo: assign(&record.githubRepository, try readText(key.rawValue))
        case .githubStars: assign(&record.githubStars, try readCount(key))
        case .projectPage: assign(&record.projectPage, try readText(key.rawValue))
        case .numComments: assign(&record.commentCount, try readCount(key))
        default:
            try json.skipValue()
        }
    }

    /// A value read replaces what an earlier field said; a null or a wrong type leaves it.
    private func assign<Value>(_ target: inout Value?, _ value: Value?) {
        if let value { target = value }
    }

    /// `[{"name": "…", "hidden": false}, …]`: the visible names in order; hidden authors are counted only.
    private mutating func readAuthors(into element: inout Element) throws(Diagnostic) {
        guard try isPresent(Key.authors.rawValue, expected: "a list", opening: UInt8(ascii: "[")) else { return }
        try json.enter()
        record.authors.removeAll(keepingCapacity: true)
        record.hiddenAuthors = 0
        var position = 0
        var first = true
        while try json.nextElement(&first) {
            defer { position += 1 }
            let path = { "authors[\(position)]" }
            guard try isPresent(path(), expected: "an object", opening: UInt8(ascii: "{")) else { continue }
            try json.enter()
            var name: Range<Int>?
            var isHidden = false
            var firstField = true
            while let field = try json.nextKey(&firstField) {
                switch knownKey(field) {
                case .name: name = try readText(path() + ".name")
                case .hidden: isHidden = try readBool(path() + ".hidden") ?? false
                default: try json.skipValue()
                }
            }
            guard let name else { continue }
            if isHidden { record.hiddenAuthors += 1 } else { record.authors.append(name) }
        }
        element.authorCount = record.authors.count
    }

    /// `{"name": "MHUGLab", "fullname": "Multimedia and Human Understanding Group", …}`: the full name, else the
    /// short one.
    private mutating func readOrganization() throws(Diagnostic) {
        guard try isPresent(Key.organization.rawValue, expected: "an object", opening: UInt8(ascii: "{")) else {
            return
        }
        try json.enter()
        var name: Range<Int>?
        var fullName: Range<Int>?
        var first = true
        while let field = try json.nextKey(&first) {
            switch knownKey(field) {
            case .name: name = try readText("organization.name")
            case .fullname: fullName = try readText("organization.fullname")
            default: try json.skipValue()
            }
        }
        if let chosen = fullName ?? name { record.organization = chosen }
    }

    /// `ai_keywords`, a list of strings; an element of another type is a problem, left out.
    private mutating func readKeywords() throws(Diagnostic) {
        let key = Key.aiKeywords.rawValue
        guard try isPresent(key, expected: "a list", opening: UInt8(ascii: "[")) else { return }
        try json.enter()
        record.keywords.removeAll(keepingCapacity: true)
        var position = 0
        var first = true
        while try json.nextElement(&first) {
            if let keyword = try readText("\(key)[\(position)]") { record.keywords.append(keyword) }
            position += 1
        }
    }

    /// A name matched on its bytes when it has no escapes, else unescaped first.
    private func knownKey(_ name: JSONStringToken) -> Key {
        if !name.hasEscape { return Key(json.raw(name)) }
        guard var text = JSONStringEscapes.unescaped(json.raw(name)) else { return .other }
        return text.withUTF8 { Key($0) }
    }

    /// The keys the digest reads, matched on the bytes; anything else is `.other`.
    enum Key: String {
        case paper, title, publishedAt, id, summary, upvotes, authors, name, hidden, organization, fullname
        case aiSummary = "ai_summary"
        case aiKeywords = "ai_keywords"
        case githubRepo, githubStars, projectPage, numComments
        case other

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            func equals(_ literal: StaticString) -> Bool {
                memcmp(bytes.baseAddress!, literal.utf8Start, literal.utf8CodeUnitCount) == 0
            }
            switch bytes.count {
            case 2 where equals("id"): self = .id
            case 4 where equals("name"): self = .name
            case 5 where equals("paper"): self = .paper
            case 5 where equals("title"): self = .title
            case 6 where equals("hidden"): self = .hidden
            case 7 where equals("summary"): self = .summary
            case 7 where equals("upvotes"): self = .upvotes
            case 7 where equals("authors"): self = .authors
            case 8 where equals("fullname"): self = .fullname
            case 10 where equals("ai_summary"): self = .aiSummary
            case 10 where equals("githubRepo"): self = .githubRepo
            case 11 where equals("publishedAt"): self = .publishedAt
            case 11 where equals("ai_keywords"): self = .aiKeywords
            case 11 where equals("githubStars"): self = .githubStars
            case 11 where equals("projectPage"): self = .projectPage
            case 11 where equals("numComments"): self = .numComments
            case 12 where equals("organization"): self = .organization
            default: self = .other
            }
        }
    }

    // MARK: - Values

    /// A problem with the value at the scanner, `paper.upvotes: expected a number, found a string`, and the
    /// value stepped over.
    private mutating func mismatch(_ path: @autoclosure () -> String, expected: String) throws(Diagnostic) {
        let found = json.kindOfValue
        problems.append(Diagnostic(line: json.line, message: "\(scope)\(path()): expected \(expected), found \(found)"))
        try json.skipValue()
    }

    /// Whether a value that opens with `opening` stands here; `null` is none, anything else a problem (stepped
    /// over).
    private mutating func isPresent(
        _ path: @autoclosure () -> String, expected: String, opening: UInt8
    ) throws(Diagnostic) -> Bool {
        if json.peek == opening { return true }
        if !json.scanLiteral("null") { try mismatch(path(), expected: expected) }
        return false
    }

    private mutating func readString(_ key: Key) throws(Diagnostic) -> String? { try readString(key.rawValue) }

    /// A string; nil for `null`, and for any other type, which is a problem.
    private mutating func readString(_ path: @autoclosure () -> String) throws(Diagnostic) -> String? {
        guard try isPresent(path(), expected: "a string", opening: UInt8(ascii: "\"")) else { return nil }
        let string = try json.scanString()
        return string.hasEscape
            ? JSONStringEscapes.unescaped(json.raw(string)) : String(decoding: json.raw(string), as: UTF8.self)
    }

    /// What `readString(path) != nil` would say, without making the String.
    private mutating func skipString(_ path: @autoclosure () -> String) throws(Diagnostic) -> Bool {
        guard try isPresent(path(), expected: "a string", opening: UInt8(ascii: "\"")) else { return false }
        let string = try json.scanString()
        return !string.hasEscape || JSONStringEscapes.unescaped(json.raw(string)) != nil
    }

    /// A string's text appended to the record's bytes, white space around it trimmed and the record's
    /// separators made spaces; its range there, nil when empty. nil for `null`, and for any other type, which is a
    /// problem.
    private mutating func readText(_ path: @autoclosure () -> String) throws(Diagnostic) -> Range<Int>? {
        guard try isPresent(path(), expected: "a string", opening: UInt8(ascii: "\"")) else { return nil }
        let string = try json.scanString()
        let raw = json.raw(string)
        var start = raw.startIndex
        var end = raw.endIndex
        while start < end, ByteLines.isSpaceOrNewline(raw[start]) { start += 1 }
        while end > start, ByteLines.isSpaceOrNewline(raw[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        let from = record.bytes.count
        if !string.hasEscape {
            record.bytes += UnsafeBufferPointer(rebasing: raw[start..<end])
            return from..<record.bytes.count
        }
        guard let text = JSONStringEscapes.unescaped(raw)?.trimmed, !text.isEmpty else { return nil }
        for byte in text.utf8 {
            let isSeparator = byte == PaperRecord.fieldSeparator || byte == PaperRecord.itemSeparator
            record.bytes.append(isSeparator ? 0x20 : byte)
        }
        return from..<record.bytes.count
    }

    /// A `YYYY-MM-DD…` string as a day, read from the bytes; nil for `null`; any other string or type is a problem.
    private mutating func readDate(_ key: Key) throws(Diagnostic) -> DayDate? { try readDate(key.rawValue) }

    private mutating func readDate(_ path: @autoclosure () -> String) throws(Diagnostic) -> DayDate? {
        guard try isPresent(path(), expected: "a date", opening: UInt8(ascii: "\"")) else { return nil }
        let start = json.position
        let string = try json.scanString()
        var day: DayDate?
        if !string.hasEscape {
            day = DayDate(isoBytes: json.raw(string))
        } else if var text = JSONStringEscapes.unescaped(json.raw(string)) {
            day = text.withUTF8 { DayDate(isoBytes: $0) }
        }
        if day == nil {
            let found = "the string " + JSONScanner.quoted(json.repairedString(string))
            problems.append(
                Diagnostic(
                    line: start.line, message: "\(scope)\(path()): expected a date (YYYY-MM-DD…), found \(found)"))
        }
        return day
    }

    /// `true` or `false`; nil for `null`, and for any other type, which is a problem.
    private mutating func readBool(_ path: @autoclosure () -> String) throws(Diagnostic) -> Bool? {
        if json.scanLiteral("true") { return true }
        if json.scanLiteral("false") { return false }
        if !json.scanLiteral("null") { try mismatch(path(), expected: "true or false") }
        return nil
    }

    /// A count (upvotes, stars, comments): a whole number, 0 or more. nil for `null`; anything else is a problem.
    private mutating func readCount(_ key: Key) throws(Diagnostic) -> Int? {
        guard let byte = json.peek, JSONScanner.mayStartNumber(byte) else {
            if !json.scanLiteral("null") { try mismatch(key.rawValue, expected: "a number") }
            return nil
        }
        let line = json.line
        let number = try json.scanNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: json.bytes[number.text]), as: UTF8.self)
        guard let value = number.integer else {
            problems.append(
                Diagnostic(line: line, message: "\(scope)\(key.rawValue): expected a whole number, found \(text)"))
            return nil
        }
        guard value >= 0 else {
            problems.append(
                Diagnostic(line: line, message: "\(scope)\(key.rawValue): expected 0 or more, found \(text)"))
            return nil
        }
        return value
    }
}
