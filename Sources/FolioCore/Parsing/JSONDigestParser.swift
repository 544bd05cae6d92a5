import Foundation

/// The API JSON shape, as the site's `daily_papers` endpoint returns it:
/// `[{"paper": {"id", "title", "summary", "authors": [{"name", "hidden"}], "upvotes", "publishedAt", "ai_summary", …},
/// "title", "publishedAt", "numComments", "organization"}]`: every field of the site's record is read.
/// Bare paper objects (no `paper` wrapper) are read too.
struct JSONDigestParser {
    let input: DigestInput

    func parse() -> Digest {
        var problems: [Diagnostic] = []
        let decoded: [FastJSONReader.Element]
        let fast = FastJSONReader.read(input.bytes)
        let wasJSON = fast != nil
        if let fast {
            decoded = fast
        } else {
            decoded = readElementByElement(problems: &problems)
        }

        var entries: [DigestEntry] = []
        entries.reserveCapacity(decoded.count)
        var dayCounts: [DayDate: Int] = [:]
        // Most entries of a file share their date: its text is made once.
        var lastPublished: (date: DayDate, text: String)?
        for element in decoded {
            problems += element.problems.map { $0.located(in: input.source) }
            guard element.isObject else { continue }
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
                    line: element.line,
                    record: element.record))
        }
        if !wasJSON {
            // The elements that are not JSON were reported before the others': all in the order of the file.
            problems = problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
                .map(\.element)
        }
        // The digest's day: the file name's, else the day most entries were listed on, else the file's time.
        let listedDay = dayCounts.max { $0.value == $1.value ? $0.key < $1.key : $0.value < $1.value }?.key
        let date = input.fileNameDate ?? listedDay ?? input.modificationDay
        return Digest(
            source: input.source, shape: .json, date: date, entries: entries,
            problems: ProblemList.capped(problems, file: input.source))
    }

    /// The careful path, for files that are not JSON as a whole: each element that is JSON is read, so a broken
    /// or truncated file still yields every whole element; each that is not is reported with its reason. The
    /// elements' own problems (fields of the wrong type) are left in them, for `parse` to report in order.
    private func readElementByElement(problems: inout [Diagnostic]) -> [FastJSONReader.Element] {
        let elements = JSONArrayElements.topLevelElements(input.bytes)
        guard elements.isArray else {
            problems.append(
                Diagnostic(
                    file: input.source, line: 1,
                    message: "expected a JSON array of papers (the daily_papers API shape)"))
            return []
        }
        let read = FastJSONReader.read(
            input.bytes, elementsAt: zip(elements.ranges, elements.lines).map { ($0.lowerBound, $1) })
        problems += elements.errors.map { error in
            Diagnostic(file: input.source, line: error.line, message: "invalid JSON in this entry: \(error.message)")
        }
        if !elements.isComplete {
            let kept = read.filter(\.isObject).count
            problems.append(
                Diagnostic(
                    file: input.source, line: elements.endLine,
                    message: "the JSON array is cut short here (truncated file?); "
                        + "\(kept) whole \(kept == 1 ? "entry" : "entries") kept"))
        }
        return read
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
