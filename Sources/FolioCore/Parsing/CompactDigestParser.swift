import Foundation

/// The "compact" shape: a header, `Subscribe` glued to the first title, then title and abstract lines alternating.
///
/// A title whose abstract is missing would shift every later pair, so lines are not paired blindly: each line
/// is scored for how much it looks like a title, and a small dynamic programme picks the pairing that fits best,
/// where leaving a title without an abstract costs more than any ordinary pair. With no missing abstract the
/// result is plain alternation.
struct CompactDigestParser {
    let input: DigestInput
    let lines: ByteLines

    init(input: DigestInput, lines: ByteLines? = nil) {
        self.input = input
        self.lines = lines ?? ByteLines(input.bytes)
    }

    /// The cost of a title standing alone; above the largest difference two ordinary lines make.
    static let aloneCost = 2.5

    func parse() -> Digest {
        var problems = ProblemList()
        var content: [(line: Int, text: String)] = []
        var scores: [Double] = []
        content.reserveCapacity(lines.count)
        scores.reserveCapacity(lines.count)
        var seenFirstTitle = false
        for index in 0..<lines.count {
            var range = lines.trimmed(index)
            if range.isEmpty { continue }
            if range.count > DigestParser.maximumLineLength {
                problems.append(
                    Diagnostic(
                        file: input.source, line: index + 1,
                        message: "line is \(range.count) bytes long (over 1 MiB), skipped"))
                continue
            }
            if !seenFirstTitle {
                if lines.hasPrefix(range, "Get trending papers") || lines.equals(range, "Daily Papers") { continue }
                if lines.hasPrefix(range, "Subscribe") {
                    range = (range.lowerBound + 9)..<range.upperBound
                    if range.isEmpty { continue }
                }
                seenFirstTitle = true
            }
            scores.append(
                lines.bytes.withUnsafeBufferPointer { Self.titleLikeness(UnsafeBufferPointer(rebasing: $0[range])) })
            content.append((index + 1, lines.string(range)))
        }

        let groups = Self.pairing(scores: scores)
        var entries: [DigestEntry] = []
        entries.reserveCapacity(groups.count)
        for group in groups {
            let title = content[group.title]
            var entry = DigestEntry(title: title.text, line: title.line)
            if let abstract = group.abstract {
                entry.abstract = content[abstract].text
            } else {
                problems.append(
                    Diagnostic(
                        file: input.source, line: title.line,
                        message: "title with no abstract line after it (kept without an abstract)"))
            }
            entries.append(entry)
        }
        let date = input.fileNameDate ?? input.modificationDay
        return Digest(
            source: input.source, shape: .compact, date: date, entries: entries,
            problems: problems.diagnostics(file: input.source))
    }

    /// Positive for lines that read like titles, negative for lines that read like abstracts.
    static func titleLikeness(_ text: String) -> Double {
        var text = text
        return text.withUTF8(titleLikeness)
    }

    static func titleLikeness(_ bytes: UnsafeBufferPointer<UInt8>) -> Double {
        let length = bytes.count
        var score = 0.0
        if length <= 160 { score += 0.5 }
        if length > 300 { score -= 2 }
        if bytes.last == UInt8(ascii: ".") || bytes.last == UInt8(ascii: "!") { score -= 1 }
        let (sawLink, sawSentenceBreak, sawColon) = Self.patterns(bytes)
        if sawLink { score -= 1.5 }
        if sawSentenceBreak { score -= 1 }
        if sawColon { score += 0.3 }
        if let first = bytes.first {
            if first < 0x80 {
                if (first >= 0x41 && first <= 0x5A) || (first >= 0x30 && first <= 0x39) { score += 0.2 }
            } else if let scalar = String(decoding: bytes.prefix(4), as: UTF8.self).unicodeScalars.first,
                scalar.properties.isUppercase || scalar.properties.numericType != nil
            {
                score += 0.2
            }
        }
        return score
    }

    /// Whether the line holds `http`, `. ` and `: `, with the C library's vectorised searches: a third of the
    /// corpus goes through here.
    static func patterns(_ bytes: UnsafeBufferPointer<UInt8>) -> (link: Bool, sentenceBreak: Bool, colon: Bool) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return (false, false, false) }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        /// Whether `byte` stands somewhere with a space right after it.
        func followedBySpace(_ byte: UInt8) -> Bool {
            var from = 0
            while from < count - 1, let found = memchr(raw + from, Int32(byte), count - 1 - from) {
                let index = UnsafeRawPointer(found) - raw
                if base[index + 1] == 32 { return true }
                from = index + 1
            }
            return false
        }
        // `http`: eight positions a step for `ht` (a word and the word a byte on, compared at once; `h` is too
        // common for memchr), then the rare candidates checked for `tp`; the last positions one by one.
        var link = false
        var index = 0
        while !link, index + 12 <= count {
            let here = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let next = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index + 1, as: UInt64.self))
            var candidates = Self.zeroBytes(here ^ 0x6868_6868_6868_6868) & Self.zeroBytes(next ^ 0x7474_7474_7474_7474)
            while candidates != 0 {
                let at = index + candidates.trailingZeroBitCount / 8
                if base[at + 2] == 0x74, base[at + 3] == 0x70 { link = true }
                candidates &= candidates - 1
            }
            index += 8
        }
        while !link, index + 4 <= count {
            link = base[index] == 0x68 && base[index + 1] == 0x74 && base[index + 2] == 0x74 && base[index + 3] == 0x70
            index += 1
        }
        return (link, followedBySpace(UInt8(ascii: ".")), followedBySpace(UInt8(ascii: ":")))
    }

    /// The high bit of each byte of `word` that is zero, and no other bit: exact, no false hits from borrows.
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low7) &+ low7) | word | low7)
    }

    struct Group {
        var title: Int
        var abstract: Int?
    }

    /// Best split of the lines into (title, abstract) pairs and lone titles.
    static func pairing(scores: [Double]) -> [Group] {
        let count = scores.count
        guard count > 0 else { return [] }
        // best[i]: best total for lines i..<count; choice[i]: true when line i pairs with i+1.
        var best = [Double](repeating: 0, count: count + 1)
        var pairs = [Bool](repeating: false, count: count + 1)
        for index in stride(from: count - 1, through: 0, by: -1) {
            let alone = scores[index] - aloneCost + best[index + 1]
            if index + 1 < count {
                let paired = scores[index] - scores[index + 1] + best[index + 2]
                if paired >= alone {
                    best[index] = paired
                    pairs[index] = true
                    continue
                }
            }
            best[index] = alone
        }
        var groups: [Group] = []
        groups.reserveCapacity(count / 2 + 1)
        var index = 0
        while index < count {
            if pairs[index] {
                groups.append(Group(title: index, abstract: index + 1))
                index += 2
            } else {
                groups.append(Group(title: index, abstract: nil))
                index += 1
            }
        }
        return groups
    }
}
