#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libc's `wcwidth`. Glibc's Swift module leaves it out (it sits behind `_XOPEN_SOURCE`), so it is bound by
/// its C symbol name; `wchar_t` is a 32-bit int on the platforms Folio runs on.
@_silgen_name("wcwidth")
private func libcWcwidth(_ character: Int32) -> Int32

/// Column widths as the terminal counts them. Uses libc's `wcwidth`, the table ncurses uses, so what render
/// lays out is what the terminal draws.
public enum TextWidth {
    /// `wcwidth` answers only in a UTF-8 locale; when the process has none (tests, `LANG=C`), take C.UTF-8's.
    private static let localeReady: Bool = {
        if libcWcwidth(0x4E2D) != 2 { _ = setlocale(LC_CTYPE, "C.UTF-8") }
        return libcWcwidth(0x4E2D) == 2
    }()

    /// Columns of one grapheme: the sum of its scalars' widths, none negative. Control characters are
    /// never measured here: `DisplayText.sanitize` replaces them first.
    public static func columns(_ character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F ? 1 : 0 }
        _ = localeReady
        var total = 0
        for scalar in character.unicodeScalars {
            total += max(0, Int(libcWcwidth(Int32(bitPattern: scalar.value))))
        }
        return total
    }

    public static func columns(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += columns(character) }
        return total
    }

    /// The longest prefix of `text` that fits in `width` columns, never splitting a grapheme.
    public static func prefix(_ text: Substring, fitting width: Int) -> (text: Substring, columns: Int) {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let next = columns(text[index])
            if used + next > width { break }
            used += next
            end = text.index(after: index)
        }
        return (text[text.startIndex..<end], used)
    }

    /// The longest suffix of `text` that fits in `width` columns (the end of a long query stays in view).
    public static func suffix(_ text: String, fitting width: Int) -> Substring {
        var used = 0
        var start = text.endIndex
        while start > text.startIndex {
            let previous = text.index(before: start)
            let next = columns(text[previous])
            if used + next > width { break }
            used += next
            start = previous
        }
        return text[start...]
    }

    /// `text` cut to `width` columns with an ellipsis when it does not fit.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if columns(text) <= width { return text }
        let cut = prefix(Substring(text), fitting: width - 1)
        return String(cut.text) + "…"
    }
}

/// Makes untrusted digest text safe to draw: no control character or escape sequence ever reaches the terminal.
public enum DisplayText {
    /// Tabs and line breaks become spaces (or stay line breaks when `keepNewlines`); every other C0 or C1
    /// control, DEL and bidirectional override becomes U+FFFD so the reader sees that something was there.
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        if isClean(text) { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepNewlines: result.append(scalar)
            case 0x09, 0x0A, 0x0D: result.append(" ")
            case 0x00..<0x20, 0x7F, 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                result.append("\u{FFFD}")
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    private static func isClean(_ text: String) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F { return false }
            // C1 controls are C2 80...C2 9F; bidi controls start E2 80 / E2 81 / D8 9C.
            if previous == 0xC2, byte >= 0x80, byte < 0xA0 { return false }
            if beforePrevious == 0xE2 {
                if previous == 0x80, byte == 0x8E || byte == 0x8F || (0xAA...0xAE).contains(byte) { return false }
                if previous == 0x81, (0xA6...0xA9).contains(byte) { return false }
            }
            if previous == 0xD8, byte == 0x9C { return false }
            beforePrevious = previous
            previous = byte
        }
        return true
    }
}

/// Word wrapping by columns, returning ranges into the original text so highlights can follow the words.
public enum TextWrap {
    /// Lines of at most `width` columns. Breaks at spaces; a word longer than a line is broken between
    /// graphemes. `\n` starts a new paragraph.
    public static func wrap(_ text: String, width: Int) -> [Range<String.Index>] {
        guard width > 0 else { return [] }
        var lines: [Range<String.Index>] = []
        var paragraphStart = text.startIndex
        while true {
            let paragraphEnd = text[paragraphStart...].firstIndex(of: "\n") ?? text.endIndex
            wrapParagraph(text, paragraphStart..<paragraphEnd, width: width, into: &lines)
            guard paragraphEnd < text.endIndex else { break }
            paragraphStart = text.index(after: paragraphEnd)
        }
        return lines
    }

    private static func wrapParagraph(_ text: String, _ range: Range<String.Index>, width: Int,
                                      into lines: inout [Range<String.Index>]) {
        var lineStart = range.lowerBound
        var index = range.lowerBound
        if range.isEmpty { lines.append(range); return }
        while lineStart < range.upperBound {
            // Skip the spaces a line would start with.
            while lineStart < range.upperBound, text[lineStart] == " " { lineStart = text.index(after: lineStart) }
            if lineStart >= range.upperBound { break }
            var used = 0
            var lastBreak: String.Index?
            index = lineStart
            while index < range.upperBound {
                let character = text[index]
                let columns = TextWidth.columns(character)
                if used + columns > width { break }
                if character == " " { lastBreak = index }
                used += columns
                index = text.index(after: index)
            }
            if index >= range.upperBound {
                lines.append(lineStart..<range.upperBound)
                break
            }
            if text[index] == " " {
                lines.append(lineStart..<index)
                lineStart = index
            } else if let lastBreak, lastBreak > lineStart {
                lines.append(lineStart..<lastBreak)
                lineStart = lastBreak
            } else if index > lineStart {
                lines.append(lineStart..<index)
                lineStart = index
            } else {
                // A single grapheme wider than the line: show it alone rather than loop.
                let next = text.index(after: lineStart)
                lines.append(lineStart..<next)
                lineStart = next
            }
        }
    }
}
