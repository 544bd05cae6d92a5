import Foundation

/// The "page" shape: the text of the Daily Papers web page as a browser copies it.
///
/// ```
/// <header lines>  new / Get trending papers… / Subscribe / Daily Papers / byAK and the research community
/// Jan 7                                   the page's own date
/// Title
/// Abstract                                optional
///   • 13 authors                          optional
/// ·
/// Feb 2, 2025 11.8k                        date (year only when not the page's year), upvotes optional
/// ```
struct PageDigestParser {
    let input: DigestInput
    let lines: ByteLines

    init(input: DigestInput, lines: ByteLines? = nil) {
        self.input = input
        self.lines = lines ?? ByteLines(input.bytes)
    }

    private struct RawEntry {
        var titleLine: Int
        var title: String
        var abstract: String
        var authorCount: Int?
        var date: ShownDate?
    }

    func parse() -> Digest {
        var problems = ProblemList()
        var index = 0
        var pageDate: ShownDate?
        // Header: known phrases, blank lines and the page's own date, in any order, before the first paper.
        while index < lines.count {
            let line = lines.trimmed(index)
            if line.isEmpty || isHeaderPhrase(line) {
                index += 1
            } else if pageDate == nil, let date = ShownDate(lines: lines, range: line), date.upvotes == nil {
                pageDate = date
                index += 1
            } else {
                break
            }
        }

        var entries: [RawEntry] = []
        entries.reserveCapacity(lines.count / 6)
        var block: [Int] = []  // indices of the non-blank lines of the entry being read
        while index < lines.count {
            let line = lines.trimmed(index)
            defer { index += 1 }
            if line.isEmpty { continue }
            if line.count > DigestParser.maximumLineLength {
                problems.append(problem(index, "line is \(line.count) bytes long (over 1 MiB), skipped"))
                continue
            }
            guard lines.equals(line, "·") else {
                if block.count < DigestParser.maximumEntryLines {
                    block.append(index)
                } else if block.count == DigestParser.maximumEntryLines {
                    problems.append(
                        problem(
                            index, "entry over \(DigestParser.maximumEntryLines) lines long; the rest up to `·` skipped"
                        ))
                    block.append(index)  // one past the limit: said once
                }
                continue
            }
            // `·` closes an entry; the next non-blank line is its date.
            guard var entry = makeEntry(from: block, separatorLine: index, problems: &problems) else {
                block = []
                continue
            }
            block = []
            var dateIndex = index + 1
            while dateIndex < lines.count, lines.isBlank(dateIndex) { dateIndex += 1 }
            if dateIndex < lines.count, let date = ShownDate(lines: lines, range: lines.trimmed(dateIndex)) {
                entry.date = date
                index = dateIndex
            } else {
                problems.append(
                    problem(
                        min(dateIndex, lines.count - 1),
                        "expected a date such as `Feb 2, 2025` after `·` of \"\(entry.title.prefix(60))\""))
            }
            entries.append(entry)
        }
        if let first = block.first {
            problems.append(problem(first, "truncated entry: no `·` and date line after it (kept as it is)"))
            if var entry = makeEntry(from: block, separatorLine: nil, problems: &problems) {
                entry.date = nil
                entries.append(entry)
            }
        }

        // A page writes a year only for other years than its own, so its own year is after every year written.
        let latestWrittenYear = entries.compactMap { $0.date?.year }.max()
        let digestDate = resolveDigestDate(pageDate: pageDate, latestWrittenYear: latestWrittenYear)
        var digestEntries: [DigestEntry] = []
        digestEntries.reserveCapacity(entries.count)
        for raw in entries {
            digestEntries.append(
                DigestEntry(
                    title: raw.title,
                    abstract: raw.abstract,
                    authorCount: raw.authorCount,
                    publishedText: raw.date?.text,
                    published: raw.date.flatMap { $0.resolved(defaultYear: digestDate.year) },
                    upvotes: raw.date?.upvotes,
                    line: raw.titleLine + 1))
        }
        return Digest(
            source: input.source, shape: .page, date: digestDate, entries: digestEntries,
            problems: problems.diagnostics(file: input.source))
    }

    private func makeEntry(from block: [Int], separatorLine: Int?, problems: inout ProblemList) -> RawEntry? {
        guard let titleIndex = block.first else {
            if let separatorLine {
                problems.append(problem(separatorLine, "`·` with no title before it"))
            }
            return nil
        }
        var authorCount: Int?
        var abstractLines: [Range<Int>] = []
        for lineIndex in block.dropFirst().prefix(DigestParser.maximumEntryLines - 1) {
            let range = lines.trimmed(lineIndex)
            if let count = self.authorCount(range) {
                authorCount = count
            } else {
                abstractLines.append(range)
            }
        }
        return RawEntry(
            titleLine: titleIndex, title: lines.string(lines.trimmed(titleIndex)),
            abstract: lines.string(joining: abstractLines), authorCount: authorCount)
    }

    /// The most authors a `• N authors` line counts; a larger number is read as this many (saturated).
    static let maximumAuthorCount = 1_000_000

    /// `• 13 authors` (the bullet is U+2022).
    private func authorCount(_ range: Range<Int>) -> Int? {
        guard lines.hasPrefix(range, "•") else { return nil }
        var cursor = range.lowerBound + 3
        while cursor < range.upperBound, lines.bytes[cursor] == 32 { cursor += 1 }
        let digitsStart = cursor
        while cursor < range.upperBound, (48...57).contains(lines.bytes[cursor]) { cursor += 1 }
        guard cursor > digitsStart else { return nil }
        let count = min(
            DayDate.number(lines.bytes[digitsStart..<cursor]) ?? Self.maximumAuthorCount, Self.maximumAuthorCount)
        var rest = cursor..<range.upperBound
        if lines.bytes[rest].contains(where: { $0 >= 0x80 }) {
            // Unicode spaces around the word: Foundation knows which they are.
            let word = lines.string(rest).trimmingCharacters(in: .whitespaces)
            return word == "authors" || word == "author" ? count : nil
        }
        // The line is trimmed already; spaces and tabs may stand between the number and the word.
        while !rest.isEmpty, lines.bytes[rest.lowerBound] == 32 || lines.bytes[rest.lowerBound] == 9 {
            rest = (rest.lowerBound + 1)..<rest.upperBound
        }
        return lines.equals(rest, "authors") || lines.equals(rest, "author") ? count : nil
    }

    private func isHeaderPhrase(_ range: Range<Int>) -> Bool {
        lines.equals(range, "new") || lines.hasPrefix(range, "Get trending papers") || lines.equals(range, "Subscribe")
            || lines.equals(range, "Daily Papers") || lines.hasPrefix(range, "byAK and the research community")
    }

    private func resolveDigestDate(pageDate: ShownDate?, latestWrittenYear: Int?) -> DayDate {
        if let fileDate = input.fileNameDate { return fileDate }
        let modified = input.modificationDay
        guard let pageDate else { return modified }
        if let year = pageDate.year, let date = pageDate.resolved(defaultYear: year) { return date }
        if let latestWrittenYear, let date = pageDate.resolved(defaultYear: latestWrittenYear + 1) { return date }
        // No year anywhere: the file was saved on or after the page's day, so take the latest such year.
        if let sameYear = pageDate.resolved(defaultYear: modified.year) {
            return sameYear <= modified ? sameYear : (pageDate.resolved(defaultYear: modified.year - 1) ?? sameYear)
        }
        return modified
    }

    private func problem(_ lineIndex: Int, _ message: String) -> Diagnostic {
        Diagnostic(file: input.source, line: lineIndex + 1, message: message)
    }
}

/// A date as the page shows it: `Sep 26`, `Feb 2, 2025`, optionally followed by upvotes `11.8k`.
struct ShownDate {
    var month: Int
    var day: Int
    var year: Int?
    var upvotes: Int?
    /// The date part as written, without upvotes.
    var text: String

    init?(lines: ByteLines, range: Range<Int>) {
        let bytes = lines.bytes
        guard range.count >= 5, range.count <= 40 else { return nil }
        var cursor = range.lowerBound
        guard let month = DayDate.month(abbreviation: bytes[cursor..<cursor + 3]) else { return nil }
        cursor += 3
        guard bytes[cursor] == 32 else { return nil }
        cursor += 1
        let dayStart = cursor
        while cursor < range.upperBound, (48...57).contains(bytes[cursor]) { cursor += 1 }
        guard cursor - dayStart >= 1, cursor - dayStart <= 2, let day = DayDate.number(bytes[dayStart..<cursor]),
            (1...31).contains(day)
        else { return nil }
        var year: Int?
        if cursor + 6 <= range.upperBound, bytes[cursor] == UInt8(ascii: ","), bytes[cursor + 1] == 32,
            let written = DayDate.number(bytes[(cursor + 2)..<(cursor + 6)])
        {
            year = written
            cursor += 6
        }
        let textEnd = cursor
        var upvotes: Int?
        if cursor < range.upperBound {
            guard bytes[cursor] == 32 else { return nil }
            while cursor < range.upperBound, bytes[cursor] == 32 { cursor += 1 }
            let digits = bytes[cursor..<range.upperBound]
            if !digits.isEmpty, digits.count <= 15, let count = DayDate.number(digits) {
                upvotes = min(count, Self.maximumUpvotes)
            } else {
                guard let count = Self.upvotes(String(decoding: digits, as: UTF8.self)) else { return nil }
                upvotes = count
            }
        }
        self.month = month
        self.day = day
        self.year = year
        self.upvotes = upvotes
        self.text = String(decoding: bytes[range.lowerBound..<textEnd], as: UTF8.self)
    }

    /// The most upvotes a date line counts; more (`9999999999999M`) are read as this many (saturated).
    static let maximumUpvotes = 1_000_000_000

    /// `2`, `118`, `11.8k`, `1.2M`.
    static func upvotes(_ text: String) -> Int? {
        var number = Substring(text)
        var scale = 1.0
        if let last = number.last, last == "k" || last == "K" {
            scale = 1_000
            number = number.dropLast()
        } else if let last = number.last, last == "m" || last == "M" {
            scale = 1_000_000
            number = number.dropLast()
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(number)
        else { return nil }
        let scaled = (value * scale).rounded()
        // Compared as a Double first: converting 9.3e18 or more to Int would trap.
        guard scaled < Double(maximumUpvotes) else { return maximumUpvotes }
        return Int(scaled)
    }

    func resolved(defaultYear: Int) -> DayDate? {
        DayDate(checkedYear: year ?? defaultYear, month: month, day: day)
    }
}
