/// What the site's API says of a paper beyond its title, abstract, date and upvotes: the whole record, kept for
/// papers read from API JSON and nil for papers known only from text digests.
///
/// A reference, so that a paper without one costs a nil pointer (8 bytes) and one with one costs a single
/// allocation: the Library holds 100,000 papers and more. Names and keywords are each one String joined by
/// `separator` rather than arrays of Strings, a third of the memory for a list of eight names.
public final class PaperRecord: Sendable, Hashable {
    /// Between names in `authorNames` and keywords in `keywordText`; never in text read (it is a control
    /// character, replaced when read).
    static let separator: Character = "\u{1F}"

    /// The visible authors' names in the paper's order, joined by `separator`; hidden authors are left out.
    let authorNames: String
    /// How many authors the site lists as hidden.
    public let hiddenAuthorCount: Int
    /// The organisation's full name, else its short name.
    public let organization: String?
    /// The site's own machine-written summary (`ai_summary`), not the paper's abstract.
    public let siteSummary: String?
    /// The site's keywords (`ai_keywords`), joined by `separator`.
    let keywordText: String
    /// The code repository's address, as the site has it.
    public let githubRepository: String?
    public let githubStars: Int?
    public let projectPage: String?
    /// `numComments`: the comments on the paper's page on the site.
    public let commentCount: Int?

    public init(
        authors: [String] = [], hiddenAuthorCount: Int = 0, organization: String? = nil, siteSummary: String? = nil,
        keywords: [String] = [], githubRepository: String? = nil, githubStars: Int? = nil, projectPage: String? = nil,
        commentCount: Int? = nil
    ) {
        authorNames = Self.joined(authors)
        self.hiddenAuthorCount = hiddenAuthorCount
        self.organization = organization
        self.siteSummary = siteSummary
        keywordText = Self.joined(keywords)
        self.githubRepository = githubRepository
        self.githubStars = githubStars
        self.projectPage = projectPage
        self.commentCount = commentCount
    }

    /// The visible authors' names, in the paper's order.
    public var authors: [String] { Self.split(authorNames) }
    public var keywords: [String] { Self.split(keywordText) }

    /// Whether it says anything at all: a record of nothing but nils is not kept.
    var isEmpty: Bool {
        authorNames.isEmpty && hiddenAuthorCount == 0 && organization == nil && siteSummary == nil
            && keywordText.isEmpty && githubRepository == nil && githubStars == nil && projectPage == nil
            && commentCount == nil
    }

    private static func joined(_ items: [String]) -> String {
        items.lazy.map { $0.replacing(String(separator), with: " ") }.joined(separator: String(separator))
    }

    private static func split(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    }

    public static func == (left: PaperRecord, right: PaperRecord) -> Bool {
        left === right
            || (left.authorNames == right.authorNames && left.hiddenAuthorCount == right.hiddenAuthorCount
                && left.organization == right.organization && left.siteSummary == right.siteSummary
                && left.keywordText == right.keywordText && left.githubRepository == right.githubRepository
                && left.githubStars == right.githubStars && left.projectPage == right.projectPage
                && left.commentCount == right.commentCount)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(authorNames)
        hasher.combine(siteSummary)
        hasher.combine(githubRepository)
    }
}
