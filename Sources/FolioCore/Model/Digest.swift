/// The three shapes a saved digest comes in.
public enum DigestShape: String, Sendable, CaseIterable {
    /// Copied from the web page: blank lines, `• N authors`, `·`, a date and optional upvotes.
    case page
    /// Copied from the web page's compact view: title and abstract lines alternating, no metadata.
    case compact
    /// The site's `daily_papers` JSON.
    case json
}

/// One paper as one digest lists it, before papers are matched across digests.
public struct DigestEntry: Sendable, Hashable {
    public var title: String
    /// Empty when the digest shows none.
    public var abstract: String
    public var authorCount: Int?
    /// The paper's date as the digest wrote it (`Feb 2, 2025`, `Sep 26`), or nil.
    public var publishedText: String?
    /// The paper's date with the year resolved.
    public var published: DayDate?
    public var upvotes: Int?
    public var arxivID: String?
    /// 1-based line of the entry's title in its file.
    public var line: Int
    /// Identity keys, computed while parsing (in parallel across files) rather than while joining papers.
    var normalizedTitle = ""
    /// `IdentityHash` of the normalised title and of the abstract's fingerprint (`Library.abstractFingerprint`),
    /// so joining 100,000 papers compares integers; the fingerprint itself is made again only on a hash hit.
    var titleHash: UInt64 = 0
    var fingerprintHash: UInt64?
    /// `Library.idHash` of the arXiv id.
    var idHash: UInt64?

    public init(
        title: String, abstract: String = "", authorCount: Int? = nil, publishedText: String? = nil,
        published: DayDate? = nil, upvotes: Int? = nil, arxivID: String? = nil, line: Int
    ) {
        self.title = title
        self.abstract = abstract
        self.authorCount = authorCount
        self.publishedText = publishedText
        self.published = published
        self.upvotes = upvotes
        self.arxivID = arxivID
        self.line = line
    }
}

/// One digest file as parsed: the day it lists and its entries in the order shown.
public struct Digest: Sendable {
    /// The path as the user gave it (or a sample's name, or `-` for standard input).
    public var source: String
    public var shape: DigestShape
    /// The digest's day, resolved from the file name, the page's own date or the file's modification time.
    public var date: DayDate
    public var entries: [DigestEntry]
    public var problems: [Diagnostic]

    public init(source: String, shape: DigestShape, date: DayDate, entries: [DigestEntry], problems: [Diagnostic]) {
        self.source = source
        self.shape = shape
        self.date = date
        self.entries = entries
        self.problems = problems
    }

    /// A short name for the status line: the file name without folders.
    public var displayName: String {
        source.split(separator: "/").last.map(String.init) ?? source
    }
}
