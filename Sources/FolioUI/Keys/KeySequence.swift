import FolioScreen

/// Keys pressed one after another to run one action, such as `g g`.
public struct KeySequence: Hashable, Sendable, CustomStringConvertible {
    public var keys: [Key]

    public init(_ keys: [Key]) { self.keys = keys }

    /// Space-separated key names: `g g`, `ctrl-x ctrl-s`. A lone `space` key is written `space`.
    public init?(parsing text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        if parts.isEmpty {
            guard text == " " else { return nil }
            self.keys = [.char(" ")]
            return
        }
        var keys: [Key] = []
        for part in parts {
            guard let key = Key(name: String(part)) else { return nil }
            keys.append(key)
        }
        self.keys = keys
    }

    public var description: String { keys.map(\.name).joined(separator: " ") }
}
