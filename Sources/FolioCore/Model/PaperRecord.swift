import Synchronization

/// What the site's API says of a paper beyond its title, abstract, date and upvotes: the whole record, kept for
/// papers read from API JSON and nil for papers known only from text digests.
///
/// One reference, so that a paper without one costs a nil pointer (8 bytes); one with one costs one allocation, its
/// numbers and every text field together. The Library holds 100,000 papers and more: a String per field and per
/// name (two dozen allocations a paper) took 100 MB at 100,000 papers, this about half as much.
public struct PaperRecord: @unchecked Sendable, Hashable {
    // @unchecked: the bytes are written once, in `make`, before the record is shared, and never again.

    /// The one allocation: the numbers, then the text.
    final class Storage: ManagedBuffer<Counts, UInt8> {}

    private let storage: Storage

    /// Between the fields of the text, in `Field` order.
    static let fieldSeparator: UInt8 = 0x1E
    /// Between the names, and between the keywords, of one field.
    static let itemSeparator: UInt8 = 0x1F

    /// The numbers, and how many bytes of text follow them in the same allocation.
    public struct Counts: Sendable {
        /// The bytes of text, and the keywords' numbers in `PhraseTable` after them, four bytes each.
        var textCount: Int32, keywordCount: Int32
        /// The organisation's number in `PhraseTable`, the hidden authors, stars and comments; -1 for none.
        var organization: Int32, hidden: Int32, stars: Int32, comments: Int32
    }

    enum Field: Int, CaseIterable {
        case authors, organization, siteSummary, keywords, githubRepository, projectPage
    }

    /// A record of `text`: the text fields in `Field` order, each ended by `fieldSeparator`, names and keywords
    /// separated by `itemSeparator` (neither separator is in any text kept: each is made a space when read).
    /// One allocation holds the numbers and the text.
    static func make(
        text: UnsafeBufferPointer<UInt8>, hiddenAuthorCount: Int, githubStars: Int?, commentCount: Int?
    ) -> PaperRecord {
        // The organisation and the keywords leave the text for their numbers: the same few thousand phrases recur
        // across papers. The later field first, so the earlier one's offsets still hold.
        var separators: [Int] = []
        for (offset, byte) in text.enumerated() where byte == fieldSeparator { separators.append(offset) }
        var kept = Array(text)
        func takeField(_ field: Field) -> [String] {
            let index = field.rawValue
            guard separators.count > index else { return [] }
            let start = index == 0 ? 0 : separators[index - 1] + 1
            let words = text[start..<separators[index]]
            if words.isEmpty { return [] }
            kept.removeSubrange(start..<separators[index])
            return words.split(separator: itemSeparator, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
        }
        let keywords = takeField(.keywords)
        let organization = takeField(.organization).first
        let numbers = PhraseTable.numbers((organization.map { [$0] } ?? []) + keywords)
        let ids = Array(numbers.dropFirst(organization == nil ? 0 : 1))
        let counts = Counts(
            textCount: Int32(kept.count), keywordCount: Int32(ids.count),
            organization: organization == nil ? -1 : Int32(bitPattern: numbers[0]),
            hidden: Int32(clamping: hiddenAuthorCount),
            stars: githubStars.map { Int32(clamping: $0) } ?? -1,
            comments: commentCount.map { Int32(clamping: $0) } ?? -1)
        let size = kept.count + 4 * ids.count
        let storage = unsafeDowncast(Storage.create(minimumCapacity: size) { _ in counts }, to: Storage.self)
        storage.withUnsafeMutablePointerToElements { bytes in
            kept.withUnsafeBufferPointer { bytes.initialize(from: $0.baseAddress!, count: kept.count) }
            for (index, id) in ids.enumerated() {
                for byte in 0..<4 {
                    (bytes + kept.count + 4 * index + byte).initialize(to: UInt8(truncatingIfNeeded: id >> (8 * byte)))
                }
            }
        }
        return PaperRecord(storage: storage)
    }

    /// A record of these fields, as the JSON reader would make it.
    public static func make(
        authors: [String] = [], hiddenAuthorCount: Int = 0, organization: String? = nil, siteSummary: String? = nil,
        keywords: [String] = [], githubRepository: String? = nil, githubStars: Int? = nil, projectPage: String? = nil,
        commentCount: Int? = nil
    ) -> PaperRecord {
        var bytes: [UInt8] = []
        func append(_ text: String) {
            bytes += text.utf8.map { $0 == Self.fieldSeparator || $0 == Self.itemSeparator ? 0x20 : $0 }
        }
        func appendItems(_ items: [String]) {
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(Self.itemSeparator) }
                append(item)
            }
        }
        appendItems(authors)
        for field in [organization, siteSummary] {
            bytes.append(Self.fieldSeparator)
            append(field ?? "")
        }
        bytes.append(Self.fieldSeparator)
        appendItems(keywords)
        for field in [githubRepository, projectPage] {
            bytes.append(Self.fieldSeparator)
            append(field ?? "")
        }
        bytes.append(Self.fieldSeparator)
        return bytes.withUnsafeBufferPointer {
            make(
                text: $0, hiddenAuthorCount: hiddenAuthorCount, githubStars: githubStars, commentCount: commentCount)
        }
    }

    /// The text, read in place.
    private func withText<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        storage.withUnsafeMutablePointers { counts, bytes in
            body(UnsafeBufferPointer(start: bytes, count: Int(counts.pointee.textCount)))
        }
    }

    private var counts: Counts { storage.header }

    /// The visible authors' names, in the paper's order; hidden authors are left out.
    public var authors: [String] { items(.authors) }
    /// How many authors the site lists as hidden.
    public var hiddenAuthorCount: Int { Int(counts.hidden) }
    /// The organisation's full name, else its short name.
    public var organization: String? {
        let number = counts.organization
        return number < 0 ? nil : PhraseTable.words([UInt32(number)]).first
    }
    /// The site's own machine-written summary (`ai_summary`), not the paper's abstract.
    public var siteSummary: String? { text(.siteSummary) }
    /// The site's keywords (`ai_keywords`).
    public var keywords: [String] { PhraseTable.words(keywordNumbers) }

    /// The keywords' numbers in `PhraseTable`, stored after the text.
    private var keywordNumbers: [UInt32] {
        storage.withUnsafeMutablePointers { counts, bytes in
            let base = bytes + Int(counts.pointee.textCount)
            return (0..<Int(counts.pointee.keywordCount)).map { index in
                (0..<4).reduce(UInt32(0)) { $0 | UInt32(base[4 * index + $1]) << (8 * $1) }
            }
        }
    }

    /// Appends the text `make(text:…)` was given: the stored text with the organisation and the keywords in
    /// their fields again, by their words (their numbers are this process's only). What the library cache keeps
    /// of a record: one pass over the text, the phrases looked up under one lock, no String per field or name
    /// (through `authors`, `keywords` and the rest, writing the cache's sections cost half as much as parsing).
    func appendGivenText(to output: inout [UInt8]) {
        let organizationNumber = counts.organization
        let phrases = PhraseTable.words((organizationNumber < 0 ? [] : [UInt32(organizationNumber)]) + keywordNumbers)
        let keywords = phrases.dropFirst(organizationNumber < 0 ? 0 : 1)
        withText { text in
            var start = 0
            for field in Field.allCases {
                let end = text[start...].firstIndex(of: Self.fieldSeparator) ?? text.count
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<end]))
                if field == .organization, organizationNumber >= 0 { output += phrases[0].utf8 }
                if field == .keywords {
                    for (index, keyword) in keywords.enumerated() {
                        if index > 0 { output.append(Self.itemSeparator) }
                        output += keyword.utf8
                    }
                }
                output.append(Self.fieldSeparator)
                start = min(end + 1, text.count)
            }
        }
    }
    /// The code repository's address, as the site has it (not checked: `Paper.links` checks it).
    public var githubRepository: String? { text(.githubRepository) }
    public var githubStars: Int? { counts.stars < 0 ? nil : Int(counts.stars) }
    public var projectPage: String? { text(.projectPage) }
    /// `numComments`: the comments on the paper's page on the site.
    public var commentCount: Int? { counts.comments < 0 ? nil : Int(counts.comments) }

    /// The bytes of one field.
    private func bytes(_ field: Field) -> [UInt8] {
        withText { text in
            var start = 0
            for _ in 0..<field.rawValue {
                guard let end = text[start...].firstIndex(of: Self.fieldSeparator) else { return [] }
                start = end + 1
            }
            let end = text[start...].firstIndex(of: Self.fieldSeparator) ?? text.count
            return Array(text[start..<end])
        }
    }

    private func text(_ field: Field) -> String? {
        let bytes = self.bytes(field)
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    private func items(_ field: Field) -> [String] {
        let bytes = self.bytes(field)
        if bytes.isEmpty { return [] }
        return bytes.split(separator: Self.itemSeparator, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// The text and the keyword numbers.
    private var textBytes: [UInt8] {
        storage.withUnsafeMutablePointers { counts, bytes in
            Array(
                UnsafeBufferPointer(
                    start: bytes, count: Int(counts.pointee.textCount + 4 * counts.pointee.keywordCount)))
        }
    }

    public static func == (left: PaperRecord, right: PaperRecord) -> Bool {
        let (one, other) = (left.counts, right.counts)
        return left.storage === right.storage
            || (one.hidden == other.hidden && one.organization == other.organization
                && one.stars == other.stars && one.comments == other.comments
                && left.textBytes == right.textBytes)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(textBytes)
        hasher.combine(counts.stars)
    }
}

/// Every keyword and organisation of every record, each once, numbered: they are phrases that recur across
/// papers (`large language models`, `Google`), so a record keeps four bytes for each rather than its text.
/// Shared by the parsing threads, behind a lock taken once a record; it only grows (by the phrases not seen
/// before: loading the same digests again adds nothing).
enum PhraseTable {
    private struct Words {
        var numbers: [String: UInt32] = [:]
        var words: [String] = []
    }

    private static let table = Mutex(Words())

    static func numbers(_ words: [String]) -> [UInt32] {
        table.withLock { table in
            words.map { word in
                if let number = table.numbers[word] { return number }
                let number = UInt32(table.words.count)
                table.numbers[word] = number
                table.words.append(word)
                return number
            }
        }
    }

    static func words(_ numbers: [UInt32]) -> [String] {
        table.withLock { table in numbers.map { Int($0) < table.words.count ? table.words[Int($0)] : "" } }
    }
}
