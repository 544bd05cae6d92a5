/// Makes untrusted digest text safe to draw: no control character or escape sequence ever reaches the terminal.
public enum DisplayText {
    /// Tabs and line breaks become spaces (or stay line breaks when `keepNewlines`); every other C0 or C1
    /// control, DEL and bidirectional override becomes U+FFFD so the reader sees that something was there.
    ///
    /// Emoji sequences are drawn in a form every terminal draws alike, since they disagree on the sequences
    /// (measured in tmux 3.3a by its cursor: 👩🏻‍💻 4 columns, 👨‍👩‍👧 2, ✔️ 1, 1️⃣ 1, 👍🏽 4; kitty, WezTerm and
    /// iTerm2 draw each as 2; libc's `wcwidth`, summed per code point, says 6, 6, 1, 1 and 4), and a row whose
    /// width the terminal counts otherwise than Folio shifts everything after it. So: the zero-width joiner
    /// after an emoji, emoji variation selectors (U+FE0F), skin-tone modifiers after an emoji and the keycap
    /// mark (U+20E3) are left out: 👩🏻‍💻 is drawn 👩💻, ✔️ ✔, 1️⃣ 1, 👍🏽 👍. Each part is then one grapheme that
    /// every terminal and `wcwidth` measure the same. Flags (two regional indicators) agree already: 2.
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        if isClean(text) { return text }
        var result = String.UnicodeScalarView()
        var afterEmoji = false
        for scalar in text.unicodeScalars {
            let wasAfterEmoji = afterEmoji
            afterEmoji = scalar.value >= 0x2000 && scalar.properties.isEmoji
            switch scalar.value {
            case 0x0A where keepNewlines: result.append(scalar)
            case 0x09, 0x0A, 0x0D: result.append(" ")
            case 0x00..<0x20, 0x7F, 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                result.append("\u{FFFD}")
            case 0xFE0F, 0x20E3:
                afterEmoji = wasAfterEmoji
            case 0x200D where wasAfterEmoji:
                break
            case 0x1F3FB...0x1F3FF where wasAfterEmoji:
                afterEmoji = true
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
            // Emoji sequence parts: ZWJ E2 80 8D, keycap E2 83 A3, VS16 EF B8 8F, skin tones F0 9F 8F BB…BF.
            if beforePrevious == 0xE2, previous == 0x80, byte == 0x8D { return false }
            if beforePrevious == 0xE2, previous == 0x83, byte == 0xA3 { return false }
            if beforePrevious == 0xEF, previous == 0xB8, byte == 0x8F { return false }
            if beforePrevious == 0x9F, previous == 0x8F, (0xBB...0xBF).contains(byte) { return false }
            beforePrevious = previous
            previous = byte
        }
        return true
    }
}
