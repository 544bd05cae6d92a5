/// Index of a paper in `Library.papers`.
public typealias PaperID = Int

/// One listing of a paper in one digest.
public struct Appearance: Sendable, Hashable {
    public var day: DayDate
    public var upvotes: Int?
    /// Index into `Library.digests`.
    public var digest: Int
    /// 1-based line of the entry in its file.
    public var line: Int
    /// Position of the entry within its digest, for "digest order".
    public var position: Int
}

/// A paper, one however many digests and shapes list it.
public struct Paper: Sendable, Identifiable {
    public var id: PaperID
    public var arxivID: String?
    public var title: String
    /// The title with case, accents, punctuation and spacing ignored.
    public var normalizedTitle: String
    public var abstract: String
    public var authorCount: Int?
    public var published: DayDate?
    /// The paper's date as a digest wrote it.
    public var publishedText: String?
    /// In day order, oldest first.
    public var appearances: [Appearance]
    /// `IdentityHash` of `normalizedTitle`, from the join: finds the papers that marks saved by title name
    /// without hashing every title again.
    var titleHash: UInt64 = 0

    /// The identity that reading marks are stored under: the arXiv id when known, else the normalised title.
    public var key: String {
        if let arxivID { return Self.arxivKeyPrefix + arxivID }
        return titleKey
    }

    /// The key by title alone; marks stored under it still find the paper once its arXiv id becomes known.
    public var titleKey: String { Self.titleKeyPrefix + normalizedTitle }

    public static let arxivKeyPrefix = "arxiv:"
    public static let titleKeyPrefix = "title:"

    /// The keys its reading marks may be stored under: by id, and by title from before the id was known.
    public var markKeys: [String] { key == titleKey ? [key] : [key, titleKey] }

    public var firstSeen: DayDate { appearances.first?.day ?? published ?? DayDate(year: 1970, month: 1, day: 1) }
    public var lastSeen: DayDate { appearances.last?.day ?? firstSeen }

    /// Distinct days the paper was listed on.
    public var timesSeen: Int {
        var count = 0
        var previous: DayDate?
        for appearance in appearances where appearance.day != previous {
            count += 1
            previous = appearance.day
        }
        return count
    }

    /// Upvotes at the newest appearance that shows any.
    public var upvotes: Int? { appearances.last(where: { $0.upvotes != nil })?.upvotes }

    /// Change in upvotes between the last two appearances that show upvotes, on different days.
    public var upvoteChange: Int? {
        let counted = appearances.filter { $0.upvotes != nil }
        guard let last = counted.last,
            let previous = counted.last(where: { $0.day < last.day }),
            let now = last.upvotes, let before = previous.upvotes
        else { return nil }
        return now - before
    }

    /// Upvotes on a given day, if listed then.
    public func upvotes(on day: DayDate) -> Int? {
        appearances.last(where: { $0.day == day && $0.upvotes != nil })?.upvotes
    }
}
