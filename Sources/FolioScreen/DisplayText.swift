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
