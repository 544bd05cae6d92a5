/// The loaded digests, one day each, holding one day's papers.
public struct Day: Sendable, Hashable {
    public var date: DayDate
    /// The day's papers in digest order, each once.
    public var papers: [PaperID]
    /// Indices into `Library.digests`.
    public var digests: [Int]
}

/// What is kept of a parsed digest once its entries became papers.
public struct DigestSummary: Sendable, Hashable {
    public var source: String
    public var shape: DigestShape
    public var date: DayDate
    public var entryCount: Int

    public var displayName: String { source.split(separator: "/").last.map(String.init) ?? source }
}

/// Every loaded paper, each once however many digests list it, and the days they were listed on.
public struct Library: Sendable {
    public private(set) var papers: [Paper] = []
    /// Oldest first.
    public private(set) var days: [Day] = []
    public private(set) var digests: [DigestSummary] = []
    /// Every problem met while loading, in file order.
    public var problems: [LoadProblem] = []
    /// Things worth saying that are no problems, such as files skipped in a folder for their extension.
    public var notes: [String] = []
    public var fileCount = 0

    public var entryCount: Int { digests.reduce(0) { $0 + $1.entryCount } }
    public var today: DayDate? { days.last?.date }

    public init() {}

    /// Builds papers from digests: the arXiv id joins entries when known, else the normalised title, and a
    /// title match also joins a paper known by id to its text appearances.
    public init(digests parsed: [Digest], problems: [LoadProblem] = []) {
        self.problems = problems
        let ordered = parsed.enumerated().sorted {
            ($0.element.date, $0.element.source, $0.offset) < ($1.element.date, $1.element.source, $1.offset)
        }.map(\.element)
        var byID: [String: PaperID] = [:]
        var byTitle: [UInt64: PaperID] = [:]
        var byAbstract: [UInt64: PaperID] = [:]
        var dayIndex: [DayDate: Int] = [:]
        // The day each paper was last added to, so a paper listed twice on one day is listed once.
        var lastDayAdded: [Int] = []
        var fingerprints: [String?] = []
        papers.reserveCapacity(parsed.reduce(0) { $0 + $1.entries.count })

        for digest in ordered {
            let digestIndex = digests.count
            digests.append(DigestSummary(source: digest.source, shape: digest.shape, date: digest.date,
                                         entryCount: digest.entries.count))
            let day: Int
            if let existing = dayIndex[digest.date] {
                day = existing
                days[day].digests.append(digestIndex)
            } else {
                day = days.count
                dayIndex[digest.date] = day
                days.append(Day(date: digest.date, papers: [], digests: [digestIndex]))
            }
            for (position, var entry) in digest.entries.enumerated() {
                if entry.normalizedTitle.isEmpty { entry.computeIdentityKeys() }
                let normalized = entry.normalizedTitle
                let appearance = Appearance(day: digest.date, upvotes: entry.upvotes, digest: digestIndex,
                                            line: entry.line, position: position)
                var found: PaperID?
                if let id = entry.arxivID, let known = byID[id] { found = known }
                // A hash hit counts only when the text agrees too.
                if found == nil, !normalized.isEmpty, let known = byTitle[entry.titleHash],
                   papers[known].normalizedTitle == normalized, Self.idsAgree(papers[known].arxivID, entry.arxivID) {
                    found = known
                }
                let fingerprint = entry.abstractFingerprint
                if found == nil, let fingerprint, let hash = entry.fingerprintHash, let known = byAbstract[hash],
                   fingerprints[known] == fingerprint, Self.idsAgree(papers[known].arxivID, entry.arxivID) {
                    found = known
                }
                let paperID: PaperID
                if let found {
                    paperID = found
                    Self.merge(entry, appearance, into: &papers[found])
                } else {
                    paperID = papers.count
                    papers.append(Paper(
                        id: paperID, arxivID: entry.arxivID, title: entry.title, normalizedTitle: normalized,
                        abstract: entry.abstract, authorCount: entry.authorCount, authors: entry.authors,
                        published: entry.published, publishedText: entry.publishedText, appearances: [appearance]))
                    lastDayAdded.append(-1)
                    fingerprints.append(fingerprint)
                }
                if let id = papers[paperID].arxivID, byID[id] == nil { byID[id] = paperID }
                if !normalized.isEmpty, byTitle[entry.titleHash] == nil { byTitle[entry.titleHash] = paperID }
                if let hash = entry.fingerprintHash, byAbstract[hash] == nil { byAbstract[hash] = paperID }
                // Digests come in date order, so one day's digests are consecutive.
                if lastDayAdded[paperID] != day {
                    days[day].papers.append(paperID)
                    lastDayAdded[paperID] = day
                }
            }
        }
        days.sort { $0.date < $1.date }
    }

    /// FNV-1a over the UTF-8 bytes.
    static func hash64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    private static func idsAgree(_ known: String?, _ new: String?) -> Bool {
        known == nil || new == nil || known == new
    }

    /// The opening words of a full abstract. A paper renamed between arXiv versions keeps its abstract's opening,
    /// so this joins it to its earlier title. Short abstracts (one-line summaries) are too alike to join on.
    static func abstractFingerprint(_ abstract: String) -> String? {
        let utf8 = abstract.utf8
        guard utf8.count >= 400 else { return nil }
        // The first 160 bytes, letters and digits lower-cased, anything else one space; the last word may be cut.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        var words = 0
        for byte in utf8.prefix(160) {
            let isWordByte = byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A)
            if isWordByte || (byte >= 0x41 && byte <= 0x5A) {
                bytes.append(isWordByte ? byte : byte + 32)
            } else if bytes.last != 32, !bytes.isEmpty {
                bytes.append(32)
                words += 1
            }
        }
        guard words >= 12, let lastSpace = bytes.lastIndex(of: 32) else { return nil }
        return String(decoding: bytes[..<lastSpace], as: UTF8.self)
    }

    private static func merge(_ entry: DigestEntry, _ appearance: Appearance, into paper: inout Paper) {
        paper.appearances.append(appearance)
        if paper.arxivID == nil { paper.arxivID = entry.arxivID }
        // The longest abstract is the real one; shorter ones are the page's one-line summaries.
        if entry.abstract.utf8.count > paper.abstract.utf8.count { paper.abstract = entry.abstract }
        if paper.authorCount == nil { paper.authorCount = entry.authorCount }
        if paper.authors.isEmpty { paper.authors = entry.authors }
        if paper.published == nil || (paper.publishedText?.contains(",") != true && entry.publishedText?.contains(",") == true) {
            if let published = entry.published {
                paper.published = published
                paper.publishedText = entry.publishedText
            }
        }
    }

    public func day(_ date: DayDate) -> Day? { days.first { $0.date == date } }
    public func digest(of appearance: Appearance) -> DigestSummary { digests[appearance.digest] }
}

extension DigestEntry {
    mutating func computeIdentityKeys() {
        normalizedTitle = TextFolding.normalizedTitle(title)
        titleHash = Library.hash64(normalizedTitle)
        abstractFingerprint = Library.abstractFingerprint(abstract)
        fingerprintHash = abstractFingerprint.map(Library.hash64)
    }
}
