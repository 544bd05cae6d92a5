import CPlatform
import Foundation

/// A reader for the one JSON shape digests come in, a thin layer over `JSONScanner`: several times faster than
/// JSONDecoder on large files, which were a third of all load time. On anything unexpected, text that is not
/// JSON or JSON of another shape, it gives up (returns nil) and the caller falls back to the careful path, which
/// says what is wrong.
struct FastJSONReader {
    /// What a digest keeps of one element of the array. Dates are read straight from the bytes, and the listed
    /// title only when the paper has none: neither becomes a String that would be thrown away.
    struct Element {
        var paperID: String?
        var title: String?
        var summary: String?
        /// How many authors carry a name; nil without an `authors` list.
        var authorCount: Int?
        var upvotes: Int?
        var paperPublished: DayDate?
        var listedTitle: String?
        var listed: DayDate?
        var line: Int
    }

    private var json: JSONScanner

    static func read(_ data: [UInt8]) -> [Element]? {
        data.withUnsafeBufferPointer { buffer in
            var reader = FastJSONReader(json: JSONScanner(buffer))
            return try? reader.readArray()
        }
    }

    /// JSON, but not of the digest's shape: the reader gives up as on text that is not JSON.
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
        var sawPaper = false
        var listedTitleAt: JSONScanner.Position?
        try enterObject()
        var first = true
        while let name = try json.nextKey(&first) {
            switch try knownKey(name) {
            case .paper:
                sawPaper = true
                try enterObject()
                var firstField = true
                while let field = try json.nextKey(&firstField) { try readPaperField(knownKey(field), into: &element) }
            case .title:
                // Read only if the paper has no title of its own; skipped for now as readOptionalString would.
                listedTitleAt = json.position
                _ = try skipOptionalString()
            case .publishedAt:
                element.listed = try readOptionalDate()
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
            element.listedTitle = try readOptionalString()
            json.position = resume
        }
        return element
    }

    private mutating func readPaperField(_ key: Key, into element: inout Element) throws(Diagnostic) {
        switch key {
        case .id: element.paperID = try readOptionalString()
        case .title: element.title = try readOptionalString()
        case .summary: element.summary = try readOptionalString()
        case .upvotes: element.upvotes = try readOptionalInt()
        case .publishedAt: element.paperPublished = try readOptionalDate()
        case .authors:
            guard json.peek == UInt8(ascii: "[") else { return try json.skipValue() }
            try json.enter()
            var names = 0
            var first = true
            while try json.nextElement(&first) {
                try enterObject()
                var firstField = true
                while let field = try json.nextKey(&firstField) {
                    if try knownKey(field) == .name {
                        if try skipOptionalString() { names += 1 }
                    } else {
                        try json.skipValue()
                    }
                }
            }
            element.authorCount = names
        default:
            try json.skipValue()
        }
    }

    private mutating func enterObject() throws(Diagnostic) {
        guard json.peek == UInt8(ascii: "{") else { throw otherShape() }
        try json.enter()
    }

    /// A name matched on its bytes when it has no escapes, else unescaped first.
    private func knownKey(_ name: JSONStringToken) throws(Diagnostic) -> Key {
        if !name.hasEscape { return Key(json.raw(name)) }
        guard var text = JSONStringEscapes.unescaped(json.raw(name)) else { throw otherShape() }
        return text.withUTF8 { Key($0) }
    }

    /// The keys the digest reads, matched on the bytes; anything else is `.other`.
    enum Key {
        case paper, title, publishedAt, id, summary, upvotes, authors, name, other

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            func equals(_ literal: StaticString) -> Bool {
                memcmp(bytes.baseAddress!, literal.utf8Start, literal.utf8CodeUnitCount) == 0
            }
            switch bytes.count {
            case 2 where equals("id"): self = .id
            case 4 where equals("name"): self = .name
            case 5 where equals("paper"): self = .paper
            case 5 where equals("title"): self = .title
            case 7 where equals("summary"): self = .summary
            case 7 where equals("upvotes"): self = .upvotes
            case 7 where equals("authors"): self = .authors
            case 11 where equals("publishedAt"): self = .publishedAt
            default: self = .other
            }
        }
    }

    // MARK: - Values

    /// A string, or nil for `null` or any other type (skipped), as JSONDecoder's `try?` fields do.
    private mutating func readOptionalString() throws(Diagnostic) -> String? {
        guard json.peek == UInt8(ascii: "\"") else {
            try json.skipValue()
            return nil
        }
        let string = try json.scanString()
        return string.hasEscape
            ? JSONStringEscapes.unescaped(json.raw(string)) : String(decoding: json.raw(string), as: UTF8.self)
    }

    /// What `readOptionalString() != nil` would say, without making the String.
    private mutating func skipOptionalString() throws(Diagnostic) -> Bool {
        guard json.peek == UInt8(ascii: "\"") else {
            try json.skipValue()
            return false
        }
        let string = try json.scanString()
        return !string.hasEscape || JSONStringEscapes.unescaped(json.raw(string)) != nil
    }

    /// A `YYYY-MM-DD…` string as a day, read from the bytes; nil for anything else, as `DayDate(iso:)` says.
    private mutating func readOptionalDate() throws(Diagnostic) -> DayDate? {
        guard json.peek == UInt8(ascii: "\"") else {
            try json.skipValue()
            return nil
        }
        let string = try json.scanString()
        if !string.hasEscape { return DayDate(isoBytes: json.raw(string)) }
        guard var text = JSONStringEscapes.unescaped(json.raw(string)) else { return nil }
        return text.withUTF8 { DayDate(isoBytes: $0) }
    }

    /// An integer; nil for `null`, fractions, exponents and other types, as JSONDecoder's `try?` fields do.
    private mutating func readOptionalInt() throws(Diagnostic) -> Int? {
        guard let byte = json.peek, JSONScanner.mayStartNumber(byte) else {
            try json.skipValue()
            return nil
        }
        return try json.scanNumber().integer
    }
}
