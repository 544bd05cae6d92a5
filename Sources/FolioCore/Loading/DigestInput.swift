import Foundation

/// The raw bytes of one digest and what is known about where they came from.
public struct DigestInput: Sendable {
    /// The path as the user gave it, used in messages.
    public var source: String
    public var bytes: [UInt8]
    /// Used for the digest's day when neither the file name nor the text has one.
    public var modificationDate: Date?

    public init(source: String, bytes: [UInt8], modificationDate: Date? = nil) {
        self.source = source
        self.bytes = bytes
        self.modificationDate = modificationDate
    }

    public init(source: String, text: String, modificationDate: Date? = nil) {
        self.init(source: source, bytes: Array(text.utf8), modificationDate: modificationDate)
    }

    /// The file name's date wins over everything written inside the file.
    var fileNameDate: DayDate? {
        DayDate(fileName: source.split(separator: "/").last.map(String.init) ?? source)
    }

    var modificationDay: DayDate {
        DayDate(modificationDate ?? Date())
    }
}
