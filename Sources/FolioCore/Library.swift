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
    public init(digests parsed: consuming [Digest], problems: [LoadProblem] = []) {
        self.problems = problems
        let order = parsed.indices.sorted {
            (parsed[$0].date, parsed[$0].source, $0) < (parsed[$1].date, parsed[$1].source, $1)
        }
        let entryCount = parsed.reduce(0) { $0 + $1.entries.count }
        var byID: [String: PaperID] = [:]
        var byTitle = IdentityTable(capacity: entryCount)
        var byAbstract = IdentityTable(capacity: entryCount)
        var dayIndex: [DayDate: Int] = [:]
        // The day each paper was last added to, so a paper listed twice on one day is listed once.
        var lastDayAdded: [Int] = []
        // The abstract each paper was made with, when long enough to fingerprint: a fingerprint hash hit is
        // checked against it.
        var firstAbstracts: [String?] = []
        papers.reserveCapacity(entryCount)
        firstAbstracts.reserveCapacity(entryCount)
        lastDayAdded.reserveCapacity(entryCount)
        digests.reserveCapacity(parsed.count)

        for digestIndex in order {
            // Taken out of `parsed`, so that each entry's text moves into its paper without being copied.
            var entries: [DigestEntry] = []
            swap(&entries, &parsed[digestIndex].entries)
            let digest = parsed[digestIndex]
            let summaryIndex = digests.count
            digests.append(DigestSummary(source: digest.source, shape: digest.shape, date: digest.date,
                                         entryCount: entries.count))
            let day: Int
            if let existing = dayIndex[digest.date] {
                day = existing
                days[day].digests.append(summaryIndex)
            } else {
                day = days.count
                dayIndex[digest.date] = day
                days.append(Day(date: digest.date, papers: [], digests: [summaryIndex]))
            }
            entries.reverse()
            var position = 0
            while var entry = entries.popLast() {
                defer { position += 1 }
                if entry.normalizedTitle.isEmpty { entry.computeIdentityKeys() }
                let appearance = Appearance(day: digest.date, upvotes: entry.upvotes, digest: summaryIndex,
                                            line: entry.line, position: position)
                var found: PaperID?
                if let id = entry.arxivID, let known = byID[id] { found = known }
                // A hash hit counts only when the text agrees too.
                let hasTitle = !entry.normalizedTitle.isEmpty
                if found == nil, hasTitle, let known = byTitle[entry.titleHash],
                   papers[known].normalizedTitle == entry.normalizedTitle,
                   Self.idsAgree(papers[known].arxivID, entry.arxivID) {
                    found = known
                }
                if found == nil, let hash = entry.fingerprintHash, let known = byAbstract[hash],
                   Self.idsAgree(papers[known].arxivID, entry.arxivID),
                   Self.abstractFingerprint(firstAbstracts[known]) == Self.abstractFingerprint(entry.abstract) {
                    found = known
                }
                let paperID: PaperID
                if let found {
                    paperID = found
                    Self.merge(entry, appearance, into: &papers[found])
                } else {
                    paperID = papers.count
                    papers.append(Paper(
                        id: paperID, arxivID: entry.arxivID, title: entry.title, normalizedTitle: entry.normalizedTitle,
                        abstract: entry.abstract, authorCount: entry.authorCount, published: entry.published,
                        publishedText: entry.publishedText, appearances: [appearance]))
                    lastDayAdded.append(-1)
                    firstAbstracts.append(entry.fingerprintHash == nil ? nil : entry.abstract)
                }
                if let id = papers[paperID].arxivID, byID[id] == nil { byID[id] = paperID }
                if hasTitle { byTitle.insertIfAbsent(entry.titleHash, paperID) }
                if let hash = entry.fingerprintHash { byAbstract.insertIfAbsent(hash, paperID) }
                // Digests come in date order, so one day's digests are consecutive.
                if lastDayAdded[paperID] != day {
                    days[day].papers.append(paperID)
                    lastDayAdded[paperID] = day
                }
            }
        }
        days.sort { $0.date < $1.date }
    }

    private static func idsAgree(_ known: String?, _ new: String?) -> Bool {
        known == nil || new == nil || known == new
    }

    /// The opening words of a full abstract. A paper renamed between arXiv versions keeps its abstract's opening,
    /// so this joins it to its earlier title. Short abstracts (one-line summaries) are too alike to join on.
    static func abstractFingerprint(_ abstract: String?) -> String? {
        guard var abstract else { return nil }
        return abstract.withUTF8 { bytes in
            withFingerprint(of: bytes) { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// `IdentityHash` of the abstract's fingerprint, without making the fingerprint a String.
    static func abstractFingerprintHash(_ abstract: String) -> UInt64? {
        var abstract = abstract
        return abstract.withUTF8 { bytes in withFingerprint(of: bytes, IdentityHash.hash) }
    }

    /// Calls `body` with the fingerprint's bytes: the first 160 bytes of an abstract of at least 400, letters and
    /// digits lower-cased, anything else one space, the last (maybe cut) word left out; nil when it has fewer
    /// than 12 words.
    private static func withFingerprint<Result>(of utf8: UnsafeBufferPointer<UInt8>,
                                                _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard utf8.count >= 400 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 160) { bytes -> Result? in
            var count = 0
            var words = 0
            var inWord = false
            for index in 0..<160 {
                let byte = utf8[index]
                if byte >= 0x80 || byte &- 0x30 < 10 || byte &- 0x61 < 26 {
                    bytes[count] = byte
                    count += 1
                    inWord = true
                } else if byte &- 0x41 < 26 {
                    bytes[count] = byte + 32
                    count += 1
                    inWord = true
                } else if inWord {
                    bytes[count] = 32
                    count += 1
                    words += 1
                    inWord = false
                }
            }
            guard words >= 12 else { return nil }
            var lastSpace = count - 1
            while bytes[lastSpace] != 32 { lastSpace -= 1 }
            return body(UnsafeBufferPointer(rebasing: bytes[..<lastSpace]))
        }
    }

    private static func merge(_ entry: consuming DigestEntry, _ appearance: Appearance, into paper: inout Paper) {
        paper.appearances.append(appearance)
        if paper.arxivID == nil { paper.arxivID = entry.arxivID }
        // The longest abstract is the real one; shorter ones are the page's one-line summaries.
        if entry.abstract.utf8.count > paper.abstract.utf8.count { paper.abstract = entry.abstract }
        if paper.authorCount == nil { paper.authorCount = entry.authorCount }
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
        titleHash = IdentityHash.hash(normalizedTitle)
        fingerprintHash = Library.abstractFingerprintHash(abstract)
    }
}
