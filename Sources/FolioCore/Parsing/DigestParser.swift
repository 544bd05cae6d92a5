import Foundation

/// What came of parsing one input: a digest when it was one, and every problem met on the way.
public struct ParseOutcome: Sendable {
    public var digest: Digest?
    public var problems: [Diagnostic]
}

/// Turns the bytes of one digest file, whatever its shape, into a `Digest`.
///
/// Parsing never throws: what cannot be read becomes a `Diagnostic` naming the file and line, and every
/// entry that can be read is kept.
public enum DigestParser {
    /// Lines longer than this in the text shapes are no titles or abstracts but something pasted by mistake.
    public static let maximumLineLength = 1 << 20
    /// The largest digest file read: a day's digest is 20–60 KB, so 16 MiB is hundreds of days in one file. A
    /// larger file (or an endless one: a device, `- < /dev/zero`) is refused after reading this much, which
    /// bounds what one file costs: the bytes, four bytes a line for the line index, the papers' text.
    public static let maximumFileSize = 16 << 20
    /// The most lines a text digest may have (a day's page is about 500): a file of a million blank lines or lone
    /// `·` is no digest, and refusing it whole keeps its cost to one pass over the bytes.
    public static let maximumLineCount = 500_000
    /// The most lines one page entry (title, abstract, authors) keeps; the rest of a runaway entry is skipped.
    public static let maximumEntryLines = 2_000

    public static func parse(_ input: DigestInput) -> ParseOutcome {
        // A byte order mark, as some editors and Windows tools save UTF-8, is no part of the text.
        if input.bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            var stripped = input
            stripped.bytes.removeFirst(3)
            return parse(stripped)
        }
        var problems: [Diagnostic] = []
        let bytes = input.bytes
        if bytes.count > maximumFileSize {
            return ParseOutcome(
                digest: nil,
                problems: [
                    Diagnostic(
                        file: input.source,
                        message: "larger than \(maximumFileSize >> 20) MiB (a day's digest is under 1 MiB), skipped")
                ])
        }
        if bytes.allSatisfy(ByteLines.isSpaceOrNewline) {
            return ParseOutcome(
                digest: nil, problems: [Diagnostic(file: input.source, line: 1, message: "empty file, no papers")])
        }
        if let nul = firstNUL(in: bytes, limit: 65_536) {
            let line = bytes[..<nul].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
            return ParseOutcome(
                digest: nil,
                problems: [
                    Diagnostic(
                        file: input.source, line: line, message: "binary file (contains NUL bytes), skipped")
                ])
        }
        if let badOffset = UTF8Validation.firstInvalidOffset(in: bytes) {
            let line = bytes[..<badOffset].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
            problems.append(
                Diagnostic(
                    file: input.source, line: line,
                    message: "invalid UTF-8; the bad bytes are shown as \u{FFFD}"))
        }
        var digest: Digest
        if isJSON(bytes) {
            digest = JSONDigestParser(input: input).parse()
        } else {
            let lineCount = Self.newlineCount(bytes)
            if lineCount > maximumLineCount {
                problems.append(
                    Diagnostic(
                        file: input.source,
                        message: "\(lineCount) lines, over the \(maximumLineCount) a digest may have, skipped"))
                return ParseOutcome(digest: nil, problems: problems)
            }
            // Lines are split once and shared by shape detection and the text parsers.
            let lines = ByteLines(bytes)
            switch detectTextShape(lines) {
            case .page?: digest = PageDigestParser(input: input, lines: lines).parse()
            case .compact?: digest = CompactDigestParser(input: input, lines: lines).parse()
            case .json?, nil:
                problems.append(
                    Diagnostic(
                        file: input.source, line: 1,
                        message:
                            "not a digest: expected the page shape (`·` and a date after each paper), the compact shape "
                            + "(a `Subscribe` header, then title and abstract lines) or the API JSON shape"))
                return ParseOutcome(digest: nil, problems: problems)
            }
        }
        digest.problems = problems + digest.problems
        for index in digest.entries.indices {
            // The site sometimes shows a bot's comment (similar papers) where the abstract belongs: it says
            // nothing about the paper and would file it under other papers' words and topics.
            if isBotComment(digest.entries[index].abstract) { digest.entries[index].abstract = "" }
            digest.entries[index].computeIdentityKeys()
        }
        if digest.entries.isEmpty {
            digest.problems.append(
                Diagnostic(
                    file: input.source, line: 1, message: "no papers found in this \(digest.shape.rawValue) digest"))
        }
        return ParseOutcome(digest: digest, problems: digest.problems)
    }

    /// How many `\n` the bytes hold, with memchr: a pass over them before any line is indexed.
    static func newlineCount(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard var cursor = buffer.baseAddress else { return 0 }
            let end = cursor + buffer.count
            var count = 0
            while cursor < end, let found = memchr(cursor, 10, end - cursor) {
                count += 1
                cursor = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return count
        }
    }

    /// Hugging Face's Librarian Bot posts a list of similar papers as a comment, and some digests carry it as the
    /// paper's summary.
    static func isBotComment(_ abstract: String) -> Bool {
        abstract.hasPrefix("This is an automated message from the Librarian Bot")
    }

    /// Shape from content alone, whatever the file is called.
    public static func detectShape(_ bytes: [UInt8]) -> DigestShape? {
        isJSON(bytes) ? .json : detectTextShape(ByteLines(bytes))
    }

    /// The JSON shape starts with `[` or `{`.
    private static func isJSON(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first(where: { !ByteLines.isSpaceOrNewline($0) }) else { return false }
        return first == UInt8(ascii: "[") || first == UInt8(ascii: "{")
    }

    private static func detectTextShape(_ lines: ByteLines) -> DigestShape? {
        var sawCompactHeader = false
        for index in 0..<lines.count {
            let line = lines.trimmed(index)
            if lines.equals(line, "·") { return .page }
            if index < 8, lines.hasPrefix(line, "Get trending papers") || lines.hasPrefix(line, "Subscribe") {
                sawCompactHeader = true
            }
        }
        return sawCompactHeader ? .compact : nil
    }

    private static func firstNUL(in bytes: [UInt8], limit: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let found = memchr(base, 0, min(limit, buffer.count)) else {
                return nil
            }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }
}

extension ByteLines {
    static func isSpaceOrNewline(_ byte: UInt8) -> Bool { isSpace(byte) || byte == 10 }
}

/// A UTF-8 check that is fast on the mostly-ASCII text digests hold: 32 bytes a step while they are ASCII.
enum UTF8Validation {
    static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let raw = UnsafeRawPointer(base)
            var index = 0
            let count = buffer.count
            let highBits: UInt64 = 0x8080_8080_8080_8080
            while index < count {
                if index + 32 <= count {
                    let words =
                        raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                        | raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
                        | raw.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)
                        | raw.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)
                    if words & highBits == 0 {
                        index += 32
                        continue
                    }
                }
                if index + 8 <= count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & highBits == 0 {
                    index += 8
                    continue
                }
                let byte = buffer[index]
                if byte < 0x80 {
                    index += 1
                    continue
                }
                let length: Int
                let minimum: UInt32
                var scalar: UInt32
                switch byte {
                case 0xC2...0xDF:
                    length = 2
                    scalar = UInt32(byte & 0x1F)
                    minimum = 0x80
                case 0xE0...0xEF:
                    length = 3
                    scalar = UInt32(byte & 0x0F)
                    minimum = 0x800
                case 0xF0...0xF4:
                    length = 4
                    scalar = UInt32(byte & 0x07)
                    minimum = 0x10000
                default: return index
                }
                guard index + length <= count else { return index }
                for offset in 1..<length {
                    let next = buffer[index + offset]
                    guard next & 0xC0 == 0x80 else { return index }
                    scalar = scalar << 6 | UInt32(next & 0x3F)
                }
                if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
                index += length
            }
            return nil
        }
    }
}
