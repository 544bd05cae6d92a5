import FolioScreen
import Testing

@Suite("Text width, truncation, wrapping and sanitising")
struct TextWidthTests {
    @Test("Columns as the terminal counts them")
    func widths() {
        #expect(TextWidth.columns("abc") == 3)
        #expect(TextWidth.columns("é") == 1)
        #expect(TextWidth.columns("e\u{301}") == 1)  // e + combining acute: one grapheme, one column
        #expect(TextWidth.columns("αβγ") == 3)
        #expect(TextWidth.columns("中文") == 4)
        #expect(TextWidth.columns("🚀") == 2)
    }

    @Test("Truncation never splits a grapheme or a wide character")
    func truncation() {
        #expect(TextWidth.truncate("中文标题", to: 5) == "中文…")
        #expect(TextWidth.columns(TextWidth.truncate("中文标题", to: 5)) == 5)
        #expect(TextWidth.truncate("e\u{301}e\u{301}e\u{301}", to: 2) == "e\u{301}…")
        #expect(TextWidth.truncate("short", to: 10) == "short")
        let (prefix, columns) = TextWidth.prefix("a中b", fitting: 2)
        #expect(prefix == "a" && columns == 1)
    }

    @Test("A wide character never straddles an edge")
    func screenEdge() {
        var screen = Screen(size: Size(width: 5, height: 1))
        let written = screen.put("ab中文", row: 0, column: 0, limit: 5)
        #expect(written == 4)
        #expect(screen.lines == ["ab中 "])
        var narrow = Screen(size: Size(width: 3, height: 1))
        narrow.put("中文", row: 0, column: 0, limit: 3)
        #expect(narrow.lines == ["中 "])
    }

    @Test("Overwriting half a wide character blanks the other half")
    func overwriteWide() {
        var screen = Screen(size: Size(width: 4, height: 1))
        screen.put("中文", row: 0, column: 0, limit: 4)
        screen.put("x", row: 0, column: 1, limit: 1)
        #expect(screen.lines == [" x文"])
    }

    @Test("Control characters and escape sequences never survive")
    func sanitize() {
        let dirty = "a\u{1B}[31mred\u{07}\u{08}\u{9B}x\u{202E}y\tz\r\n"
        let clean = DisplayText.sanitize(dirty)
        #expect(
            !clean.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) || $0.value == 0x202E }
        )
        #expect(clean == "a\u{FFFD}[31mred\u{FFFD}\u{FFFD}\u{FFFD}x\u{FFFD}y z  ")
        #expect(DisplayText.sanitize("line\nbreak", keepNewlines: true) == "line\nbreak")
        #expect(DisplayText.sanitize("Fréchet — “quoted” … •") == "Fréchet — “quoted” … •")
    }

    @Test("Wrapping at spaces, long words broken, every line within the width")
    func wrapping() {
        let text = "The quick brown fox jumps over the lazy dog and 中文字符测试 supercalifragilisticexpialidocious"
        for width in 1...30 {
            let lines = TextWrap.wrap(text, width: width).map { String(text[$0]) }
            #expect(lines.allSatisfy { TextWidth.columns($0) <= max(width, 2) })
            #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " })
        }
        #expect(TextWrap.wrap("one two three", width: 7).map { String("one two three"[$0]) } == ["one two", "three"])
        #expect(TextWrap.wrap("a\n\nb", width: 5).count == 3)
    }
}

@Suite("Emoji sequences drawn in a form every terminal measures alike")
struct EmojiFormTests {
    @Test(
        "Joiners, VS16, skin tones and keycaps are left out; each part is measured as tmux draws it",
        arguments: [
            ("👩🏻\u{200D}💻", "👩💻", 4), ("1\u{FE0F}\u{20E3}", "1", 1), ("✔\u{FE0F}", "✔", 1), ("👍🏽", "👍", 2),
            ("👨\u{200D}👩\u{200D}👧", "👨👩👧", 6), ("🇫🇷", "🇫🇷", 2), ("🏳\u{FE0F}\u{200D}🌈", "🏳🌈", 3),
        ])
    func emoji(written: String, drawn: String, columns: Int) {
        let sanitized = DisplayText.sanitize(written)
        #expect(sanitized == drawn)
        #expect(TextWidth.columns(sanitized) == columns)
    }

    @Test("A joiner between letters of other scripts stays")
    func joinerInText() {
        #expect(DisplayText.sanitize("क्\u{200D}ष") == "क्\u{200D}ष")
    }
}
