/// What `--json` prints, made safe for a terminal: JSONSerialization escapes C0 controls but passes C1 controls
/// (U+0085, U+009B, a CSI to many terminals), bidi and other format controls (U+202E, U+2066…) and line
/// separators raw, and a title holding them could reorder or restyle what a script's user sees.
enum JSONOutput {
    /// `json` with every control, format and separator character written as `\uXXXX` (a surrogate pair above
    /// U+FFFF). They can stand only inside strings in JSON text, where the escape means the same character.
    static func escapingControls(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            guard needsEscape(scalar) else {
                result.append(scalar)
                continue
            }
            let units = scalar.value > 0xFFFF ? Array(String(scalar).utf16) : [UInt16(scalar.value)]
            for unit in units {
                let hex = String(unit, radix: 16, uppercase: false)
                result.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            }
        }
        return String(result)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        // Newlines and spaces between tokens are JSON's own; everything else below U+0020 is escaped already.
        if scalar.value < 0x7F { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
