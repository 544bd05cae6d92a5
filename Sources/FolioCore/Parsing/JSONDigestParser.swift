import Foundation

/// The API JSON shape, as the site's `daily_papers` endpoint returns it:
/// `[{"paper": {"id", "title", "summary", "authors": [{"name"}], "upvotes", "publishedAt"}, "title", "publishedAt"}]`.
/// Bare paper objects (no `paper` wrapper) are read too.
struct JSONDigestParser {
    let input: DigestInput

    func parse() -> Digest {
        var problems: [Diagnostic] = []
        let decoded: [FastJSONReader.Element]
        if let fast = FastJSONReader.read(input.bytes) {
            decoded = fast
        } else {
            decoded = decodeWithFoundation(problems: &problems)
        }

        var entries: [DigestEntry] = []
        entries.reserveCapacity(decoded.count)
        var dayCounts: [DayDate: Int] = [:]
        // Most entries of a file share their date: its text is made once.
        var lastPublished: (date: DayDate, text: String)?
        for element in decoded {
            guard let title = (element.title ?? element.listedTitle)?.trimmed, !title.isEmpty else {
                problems.append(
                    Diagnostic(file: input.source, line: element.line, message: "entry has no paper title, skipped"))
                continue
            }
            if let day = element.listed { dayCounts[day, default: 0] += 1 }
            var publishedText: String?
            if let published = element.paperPublished {
                if lastPublished?.date != published { lastPublished = (published, published.long) }
                publishedText = lastPublished?.text
            }
            entries.append(
                DigestEntry(
                    title: title,
                    abstract: element.summary?.trimmed ?? "",
                    // An empty list says nothing about the authors; 0 authors would be wrong.
                    authorCount: element.authorCount == 0 ? nil : element.authorCount,
                    publishedText: publishedText,
                    published: element.paperPublished,
                    upvotes: element.upvotes,
                    arxivID: element.paperID?.trimmed,
                    line: element.line))
        }
        // The digest's day: the file name's, else the day most entries were listed on, else the file's time.
        let listedDay = dayCounts.max { $0.value == $1.value ? $0.key < $1.key : $0.value < $1.value }?.key
        let date = input.fileNameDate ?? listedDay ?? input.modificationDay
        return Digest(source: input.source, shape: .json, date: date, entries: entries, problems: problems)
    }

    /// The careful path, for files the fast reader gave up on: JSONDecoder, element by element when the whole
    /// array does not decode, so a broken or truncated file still yields every whole element.
    private func decodeWithFoundation(problems: inout [Diagnostic]) -> [FastJSONReader.Element] {
        decodeElementsWithFoundation(problems: &problems).map { FastJSONReader.Element($0.element, line: $0.line) }
    }

    private func decodeElementsWithFoundation(problems: inout [Diagnostic]) -> [(element: APIElement, line: Int)] {
        let elements = JSONArrayElements.topLevelElements(input.bytes)
        guard elements.isArray else {
            problems.append(
                Diagnostic(
                    file: input.source, line: 1,
                    message: "expected a JSON array of papers (the daily_papers API shape)"))
            return []
        }
        if elements.isComplete, elements.errors.isEmpty,
            let all = try? JSONDecoder().decode([APIElement].self, from: Data(input.bytes)),
            all.count == elements.ranges.count
        {
            return zip(all, elements.lines).map { ($0, $1) }
        }
        var decoded: [(element: APIElement, line: Int)] = []
        var entryProblems = elements.errors.map { error in
            Diagnostic(file: input.source, line: error.line, message: "invalid JSON in this entry: \(error.message)")
        }
        for (range, line) in zip(elements.ranges, elements.lines) {
            do {
                let element = try JSONDecoder().decode(APIElement.self, from: Data(input.bytes[range]))
                decoded.append((element, line))
            } catch {
                entryProblems.append(
                    Diagnostic(
                        file: input.source, line: line,
                        message: "invalid JSON in this entry: \(Self.describe(error))"))
            }
        }
        // The scanner's problems and JSONDecoder's, together in the order of the file.
        problems += entryProblems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
        if !elements.isComplete {
            problems.append(
                Diagnostic(
                    file: input.source, line: elements.endLine,
                    message: "the JSON array is cut short here (truncated file?); "
                        + "\(decoded.count) whole entries kept"))
        }
        return decoded
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            if let underlying = context.underlyingError { return "\(underlying.localizedDescription)" }
            return context.debugDescription
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            // In the words of JSON, not of Swift's types: "paper: expected an object, found a number".
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            var found = "something else"
            let text = context.debugDescription
            if let start = text.range(of: "but found "),
                let end = text.range(of: " instead", range: start.upperBound..<text.endIndex)
            {
                found = Self.withArticle(String(text[start.upperBound..<end.lowerBound]))
            } else if case DecodingError.valueNotFound = error {
                found = "null"
            }
            return "\(path.isEmpty ? "entry" : path): expected \(Self.jsonKind(of: type)), found \(found)"
        default:
            return "\(error)"
        }
    }
}

extension JSONDigestParser {
    /// What a decoder expected, by its type: the API's own element types are objects too.
    static func jsonKind(of type: Any.Type) -> String {
        switch ObjectIdentifier(type) {
        case ObjectIdentifier([Any].self): "a list"
        case ObjectIdentifier(String.self): "a string"
        case ObjectIdentifier(Bool.self): "true or false"
        case ObjectIdentifier(Int.self), ObjectIdentifier(Double.self): "a number"
        default: "an object"
        }
    }

    static func withArticle(_ kind: String) -> String {
        switch kind {
        case "null": "null"
        case "array": "a list"
        case "dictionary", "object": "an object"
        default: kind.first.map { "aeiou".contains($0) } == true ? "an \(kind)" : "a \(kind)"
        }
    }
}

/// One element of the API array; decoding never fails on a wrong field type, the field is just left out.
struct APIElement: Decodable {
    var paper: APIPaper?
    var title: String?
    var publishedAt: String?

    private enum Keys: String, CodingKey { case paper, title, publishedAt }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        title = try? container.decodeIfPresent(String.self, forKey: .title)
        publishedAt = try? container.decodeIfPresent(String.self, forKey: .publishedAt)
        if container.contains(.paper) {
            paper = try container.decode(APIPaper.self, forKey: .paper)
        } else {
            // A bare paper object.
            paper = try APIPaper(from: decoder)
        }
    }
}

struct APIPaper: Decodable {
    struct Author: Decodable {
        var name: String?
    }
    var id: String?
    var title: String?
    var summary: String?
    var authors: [Author]?
    var upvotes: Int?
    var publishedAt: String?

    private enum Keys: String, CodingKey { case id, title, summary, authors, upvotes, publishedAt }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        id = try? container.decodeIfPresent(String.self, forKey: .id)
        title = try? container.decodeIfPresent(String.self, forKey: .title)
        summary = try? container.decodeIfPresent(String.self, forKey: .summary)
        authors = try? container.decodeIfPresent([Author].self, forKey: .authors)
        upvotes = try? container.decodeIfPresent(Int.self, forKey: .upvotes)
        publishedAt = try? container.decodeIfPresent(String.self, forKey: .publishedAt)
    }
}

extension FastJSONReader.Element {
    /// What the fast reader would have read from an element JSONDecoder decoded.
    init(_ decoded: APIElement, line: Int) {
        let paper = decoded.paper
        self.init(
            paperID: paper?.id, title: paper?.title, summary: paper?.summary,
            authorCount: paper?.authors?.count, upvotes: paper?.upvotes,
            paperPublished: paper?.publishedAt.flatMap { DayDate(iso: $0) },
            listedTitle: decoded.title, listed: decoded.publishedAt.flatMap { DayDate(iso: $0) }, line: line)
    }
}

/// The elements of a top-level JSON array, each with its byte range and line, so that a file that does not read
/// whole can be decoded element by element. A layer over `JSONScanner`: each element is checked to be JSON, and
/// one that is not is reported with its reason and line, then stepped over leniently so the rest still count.
enum JSONArrayElements {
    struct Result {
        var isArray = false
        var isComplete = false
        var ranges: [Range<Int>] = []
        var lines: [Int] = []
        /// Why the elements left out of `ranges` are not JSON, in the order of the file.
        var errors: [Diagnostic] = []
        var endLine = 1
    }

    static func topLevelElements(_ bytes: [UInt8]) -> Result {
        bytes.withUnsafeBufferPointer { buffer in
            var json = JSONScanner(buffer)
            var result = Result()
            json.skipSpace()
            guard json.peek == UInt8(ascii: "[") else { return result }
            result.isArray = true
            do { try json.enter() } catch { preconditionFailure("the top-level list is within the depth limit") }
            var first = true
            elements: while true {
                do throws(Diagnostic) {
                    guard try json.nextElement(&first) else {
                        result.isComplete = true
                        break
                    }
                } catch {
                    // Between elements. Cut short, or no `,` where one belongs: what follows is not read.
                    if !json.isAtEnd {
                        result.errors.append(error)
                        result.isComplete = true
                    }
                    break
                }
                let start = json.position
                do throws(Diagnostic) {
                    try json.skipValue()
                    result.ranges.append(start.index..<json.index)
                    result.lines.append(start.line)
                } catch {
                    // Cut short inside an element: it is dropped, the whole ones before it kept.
                    if json.isAtEnd { break }
                    result.errors.append(error)
                    guard json.skipLeniently(from: start) else { break elements }
                }
            }
            result.endLine = json.line
            return result
        }
    }
}

extension String {
    /// Without surrounding white space. Byte-wise on ASCII white space: Foundation's trimming bridges to
    /// NSString and was a tenth of all load time.
    var trimmed: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last,
            ByteLines.isSpaceOrNewline(first) || ByteLines.isSpaceOrNewline(last)
        else { return self }
        guard let start = utf8.firstIndex(where: { !ByteLines.isSpaceOrNewline($0) }),
            let end = utf8.lastIndex(where: { !ByteLines.isSpaceOrNewline($0) })
        else { return "" }
        return String(self[start...end])
    }
}
