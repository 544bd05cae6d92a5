/// One key press as the program sees it, whatever terminal it came from.
public struct Key: Hashable, Sendable, CustomStringConvertible {
    /// Which key, without modifiers.
    public enum Code: Hashable, Sendable {
        case character(Character)
        case up, down, left, right
        case pageUp, pageDown, home, end
        case enter, tab, backTab, escape, backspace, delete, insert
        case function(Int)
    }

    public var code: Code
    /// Held with Ctrl (a control byte) or Alt (Esc just before the key).
    public var ctrl: Bool
    public var alt: Bool

    /// A key press; no modifier unless given.
    public init(_ code: Code, ctrl: Bool = false, alt: Bool = false) {
        self.code = code
        self.ctrl = ctrl
        self.alt = alt
    }

    /// A character typed without modifiers.
    public static func char(_ character: Character) -> Key { Key(.character(character)) }
    /// A character typed with Ctrl.
    public static func ctrl(_ character: Character) -> Key { Key(.character(character), ctrl: true) }

    /// A printable character typed without modifiers: text for a prompt.
    public var text: Character? {
        guard !ctrl, !alt, case .character(let character) = code else { return nil }
        return character
    }

    /// 0 to 9 for an ASCII digit typed without modifiers: a count prefix such as `5j`.
    public var digit: Int? {
        guard let text, let value = text.wholeNumberValue, text.isASCII else { return nil }
        return value
    }

    private static let names: [(String, Code)] = [
        ("up", .up), ("down", .down), ("left", .left), ("right", .right),
        ("pgup", .pageUp), ("pgdn", .pageDown), ("home", .home), ("end", .end),
        ("enter", .enter), ("tab", .tab), ("backtab", .backTab), ("esc", .escape),
        ("backspace", .backspace), ("delete", .delete), ("insert", .insert),
    ]
    private static let aliases: [String: Code] = [
        "pageup": .pageUp, "pagedown": .pageDown, "return": .enter, "escape": .escape, "del": .delete,
        "shift-tab": .backTab, "bs": .backspace,
    ]

    /// Parses a key name as written in the config: `j`, `G`, `?`, `space`, `ctrl-d`, `alt-x`, `pgdn`, `f1`.
    public init?(name: String) {
        var rest = Substring(name)
        var ctrl = false
        var alt = false
        while rest.count > 1 {
            let lower = rest.lowercased()
            if lower.hasPrefix("ctrl-") || lower.hasPrefix("ctrl+") {
                ctrl = true
                rest = rest.dropFirst(5)
            } else if lower.hasPrefix("c-") {
                ctrl = true
                rest = rest.dropFirst(2)
            } else if lower.hasPrefix("alt-") || lower.hasPrefix("alt+") || lower.hasPrefix("meta-") {
                alt = true
                rest = rest.drop { $0 != "-" && $0 != "+" }.dropFirst()
            } else if lower.hasPrefix("m-") {
                alt = true
                rest = rest.dropFirst(2)
            } else {
                break
            }
        }
        guard !rest.isEmpty else { return nil }
        let lower = rest.lowercased()
        let code: Code
        if rest.count == 1, let character = rest.first {
            code = .character(ctrl ? Character(character.lowercased()) : character)
        } else if lower == "space" {
            code = .character(" ")
        } else if let named = Self.names.first(where: { $0.0 == lower })?.1 ?? Self.aliases[lower] {
            code = named
        } else if lower.hasPrefix("f"), let number = Int(lower.dropFirst()), (1...24).contains(number) {
            code = .function(number)
        } else {
            return nil
        }
        if case .character(let character) = code,
            character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        {
            return nil
        }
        self.init(code, ctrl: ctrl, alt: alt)
    }

    /// The name the config and the help use: the inverse of `init(name:)`.
    public var name: String {
        var base: String
        switch code {
        case .character(" "): base = "space"
        case .character(let character): base = String(character)
        case .function(let number): base = "f\(number)"
        default: base = Self.names.first(where: { $0.1 == code })?.0 ?? "?"
        }
        if alt { base = "alt-" + base }
        if ctrl { base = "ctrl-" + base }
        return base
    }

    /// The key's name, as `name`.
    public var description: String { name }
}
