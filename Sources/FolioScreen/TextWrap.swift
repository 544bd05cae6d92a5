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

    private static func wrapParagraph(
        _ text: String, _ range: Range<String.Index>, width: Int,
        into lines: inout [Range<String.Index>]
    ) {
        var lineStart = range.lowerBound
        var index = range.lowerBound
        if range.isEmpty {
            lines.append(range)
            return
        }
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
