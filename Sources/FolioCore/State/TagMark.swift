import Foundation

/// One tag on one paper: on, or removed (a tombstone), and when that last changed. Merging keeps, per tag, the
/// newer change, so an addition and a removal made on two machines settle by time.
public struct TagMark: Codable, Sendable, Equatable {
    public var isOn: Bool
    public var changed: Date

    public init(isOn: Bool, changed: Date) {
        self.isOn = isOn
        self.changed = changed
    }

    /// A tag as the reader types it: lowercased, nil when it is empty or holds anything but letters, digits and
    /// `-_./+:` (a tag is one word in the filter language, and `-` first means removal at the prompt).
    public static func normalized(_ text: String) -> String? {
        let lower = text.lowercased()
        guard let first = lower.unicodeScalars.first, first != "-", first != "@",
            lower.count <= maximumLength,
            lower.unicodeScalars.allSatisfy({
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./+:".unicodeScalars.contains($0)
            })
        else { return nil }
        return lower
    }

    /// Past any tag typed by hand, short of a pasted paragraph.
    public static let maximumLength = 64
}
