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

    /// Columns of a whole text: the sum of its graphemes'.
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
