import Foundation

/// The reader's marks on one paper, each with the time it last changed so that two instances of folio
/// saving to one file can agree: per mark, the newer change wins.
public struct PaperMarks: Codable, Sendable, Equatable {
    /// The paper's title when it was marked, so the file says which paper a key means.
    public var title: String
    public var read: Bool
    public var readChanged: Date?
    public var starred: Bool
    public var starredChanged: Date?
    /// Every tag ever put on the paper here or elsewhere, by name: removed ones stay as timestamped tombstones,
    /// so that a removal made on one machine wins a merge against an older addition on another.
    public var tags: [String: TagMark]
    /// The reader's note, with its change time and the times of the versions it replaced (for merging).
    public var note: NoteMark?

    public init(
        title: String, read: Bool = false, readChanged: Date? = nil, starred: Bool = false, starredChanged: Date? = nil,
        tags: [String: TagMark] = [:], note: NoteMark? = nil
    ) {
        self.title = title
        self.read = read
        self.readChanged = readChanged
        self.starred = starred
        self.starredChanged = starredChanged
        self.tags = tags
        self.note = note
    }

    /// Whether the entry says anything worth keeping; entries without it are not written to the file. Tag
    /// tombstones and deleted notes count: they are what lets a removal win a later merge.
    public var isMarked: Bool { read || starred || !tags.isEmpty || note != nil }

    /// Per mark, the newer change wins; on equal times (or none on either side) `self` wins.
    public func merged(with other: PaperMarks) -> PaperMarks {
        var result = self
        if Self.isNewer(other.readChanged, than: readChanged) {
            result.read = other.read
            result.readChanged = other.readChanged
        }
        if Self.isNewer(other.starredChanged, than: starredChanged) {
            result.starred = other.starred
            result.starredChanged = other.starredChanged
        }
        result.mergeLayer(with: other)
        if result.title.isEmpty { result.title = other.title }
        return result
    }

    /// A change with a time is newer than one without.
    static func isNewer(_ date: Date?, than other: Date?) -> Bool {
        guard let date else { return false }
        guard let other else { return true }
        return date > other
    }
}

/// Where the reader was, to reopen there.
public struct LastPlace: Codable, Sendable, Equatable {
    /// The day shown, ISO `YYYY-MM-DD`.
    public var day: String?
    public var allDays: Bool
    public var paperKey: String?
    public var sort: String?
    /// The newest digest day when the place was saved, ISO `YYYY-MM-DD`: a newer one since means a new morning's
    /// digest, which the reader opens on instead of the day left.
    public var latestDay: String?
    /// Kept search results shown (their query, as kept); `day` and `allDays` are then the view the search was
    /// started from, which Esc goes back to.
    public var search: String?
    /// The filter in force, as typed (`@NAME` for a named one).
    public var filter: String?
    /// The topics toggled on, by name: topics are found after the first frame, so they are restored by name then.
    public var topics: [String]?

    public init(
        day: String? = nil, allDays: Bool = false, paperKey: String? = nil, sort: String? = nil,
        latestDay: String? = nil, search: String? = nil, filter: String? = nil, topics: [String]? = nil
    ) {
        self.day = day
        self.allDays = allDays
        self.paperKey = paperKey
        self.sort = sort
        self.latestDay = latestDay
        self.search = search
        self.filter = filter
        self.topics = topics
    }
}

/// Read and starred marks by paper key (`Paper.key`: "arxiv:ID" or "title:normalized title") and the last place.
///
/// Pure: `StateStore` reads and writes it. Change times are kept to the millisecond, as the file stores them.
public struct ReadingState: Sendable, Equatable {
    /// Includes entries with no mark left (tombstones): kept in memory so that an unmark made here wins a merge
    /// against an older mark on disk, but never written to the file.
    public var papers: [String: PaperMarks]
    public var place: LastPlace?
    public var placeChanged: Date?

    public init(papers: [String: PaperMarks] = [:], place: LastPlace? = nil, placeChanged: Date? = nil) {
        self.papers = papers
        self.place = place
        self.placeChanged = placeChanged
    }

    // MARK: - Lookups

    public func isRead(_ key: String) -> Bool { papers[key]?.read ?? false }

    public func isStarred(_ key: String) -> Bool { papers[key]?.starred ?? false }

    /// Whether the paper known under any of `keys` (say `[paper.key, paper.titleKey]`) is read.
    public func isRead(_ keys: [String]) -> Bool { marks(for: keys)?.read ?? false }

    public func isStarred(_ keys: [String]) -> Bool { marks(for: keys)?.starred ?? false }

    /// The marks of a paper known under several keys: marks saved under any of them count, and where two keys
    /// disagree the newer change wins (the earlier key on equal times). Nil when no key has an entry.
    public func marks(for keys: [String]) -> PaperMarks? {
        var found: PaperMarks?
        for key in keys {
            guard let marks = papers[key] else { continue }
            found = found.map { $0.merged(with: marks) } ?? marks
        }
        return found
    }

    // MARK: - Changes

    public mutating func setRead(_ read: Bool, key: String, title: String, at date: Date) {
        setRead(read, keys: [key], title: title, at: date)
    }

    public mutating func setStarred(_ starred: Bool, key: String, title: String, at date: Date) {
        setStarred(starred, keys: [key], title: title, at: date)
    }

    /// Sets the mark under the first key, and under every other key that already has an entry: unmarking a paper
    /// now known by arXiv id also unmarks what was saved under its title key, which would otherwise come back.
    public mutating func setRead(_ read: Bool, keys: [String], title: String, at date: Date) {
        change(keys: keys, title: title) { marks in
            marks.read = read
            marks.readChanged = StateTime.rounded(date)
        }
    }

    public mutating func setStarred(_ starred: Bool, keys: [String], title: String, at date: Date) {
        change(keys: keys, title: title) { marks in
            marks.starred = starred
            marks.starredChanged = StateTime.rounded(date)
        }
    }

    public mutating func setPlace(_ place: LastPlace?, at date: Date) {
        self.place = place
        placeChanged = StateTime.rounded(date)
    }

    mutating func change(keys: [String], title: String, _ apply: (inout PaperMarks) -> Void) {
        for (index, key) in keys.enumerated() where index == 0 || papers[key] != nil {
            var marks = papers[key] ?? PaperMarks(title: title)
            if !title.isEmpty { marks.title = title }
            apply(&marks)
            papers[key] = marks
        }
    }

    // MARK: - Merging

    /// Per paper and per mark the newer change wins, a mark with a time beating one without; the place with
    /// the newer `placeChanged` wins. On equal times `self` wins.
    public func merged(with other: ReadingState) -> ReadingState {
        // Written to only where `other` brings something new: while nothing changes, `result` shares `self`'s
        // storage, and saving a large state over the same file copies nothing.
        var result = self
        for (key, theirs) in other.papers {
            if let ours = result.papers[key] {
                let both = ours.merged(with: theirs)
                if both != ours { result.papers[key] = both }
            } else {
                result.papers[key] = theirs
            }
        }
        if PaperMarks.isNewer(other.placeChanged, than: placeChanged) {
            result.place = other.place
            result.placeChanged = other.placeChanged
        }
        return result
    }
}

/// Change times as the state file keeps them: whole milliseconds since 1970.
enum StateTime {
    /// Years 0001 to 9999, the ones ISO 8601 writes in four digits.
    static let range: ClosedRange<Int64> = -62_135_596_800_000...253_402_300_799_999

    static func milliseconds(_ date: Date) -> Int64 {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        guard milliseconds.isFinite else { return milliseconds < 0 ? range.lowerBound : range.upperBound }
        return Int64(max(Double(range.lowerBound), min(Double(range.upperBound), milliseconds)))
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// The same instant the file will give back, so a state equals itself after a save and a load.
    static func rounded(_ date: Date) -> Date { self.date(milliseconds: milliseconds(date)) }
}

extension ReadingState {
    /// The library's papers with marks, in paper order, each with what `marks(for: paper.markKeys)` says.
    ///
    /// On the way to the first frame: with no marks it costs nothing, and with marks no key String is made per
    /// paper (100,000 of them took 40 ms): the marks' keys are split once into arXiv ids and normalised titles,
    /// and each paper is looked up by what it already holds.
    public func marksByPaper(in library: Library) -> [(paper: PaperID, marks: PaperMarks)] {
        guard !papers.isEmpty else { return [] }
        // Keyed by the part after the prefix, as substrings of the keys: no String made per mark.
        var byID: [Substring: PaperMarks] = [:]
        var byTitle: [Substring: PaperMarks] = [:]
        byID.reserveCapacity(papers.count)
        byTitle.reserveCapacity(papers.count)
        for (key, marks) in papers {
            if key.hasPrefix(Paper.arxivKeyPrefix) {
                byID[key.dropFirst(Paper.arxivKeyPrefix.count)] = marks
            } else if key.hasPrefix(Paper.titleKeyPrefix) {
                byTitle[key.dropFirst(Paper.titleKeyPrefix.count)] = marks
            }
        }
        // A paper's title is looked up only when its hash is one of the marked titles': a hash of each title was
        // kept from the join, and reading the titles themselves (100,000 strings out of cache) took 20 ms.
        let titleHashes = Set(byTitle.keys.map { IdentityHash.hash(String($0)) })
        var found: [(paper: PaperID, marks: PaperMarks)] = []
        // Fields read in place: a copy of each `Paper` would retain and release all its strings, whose memory is
        // long out of every cache.
        library.papers.withUnsafeBufferPointer { papers in
            for paper in papers.indices {
                let fields = papers.baseAddress! + paper
                // As `marks(for: markKeys)`: the id's marks first, merged with the title's.
                var idMarks: PaperMarks?
                if !byID.isEmpty, let id = fields.pointee.arxivID { idMarks = byID[Substring(id)] }
                let titleMarks =
                    titleHashes.contains(fields.pointee.titleHash)
                    ? byTitle[Substring(fields.pointee.normalizedTitle)] : nil
                guard let marks = idMarks.map({ id in titleMarks.map { id.merged(with: $0) } ?? id }) ?? titleMarks
                else { continue }
                found.append((paper, marks))
            }
        }
        return found
    }

    /// The library's papers marked read and starred, as sets (for filters).
    public func markedSets(in library: Library) -> (read: PaperSet, starred: PaperSet) {
        var read = PaperSet(capacity: library.papers.count)
        var starred = PaperSet(capacity: library.papers.count)
        for (paper, marks) in marksByPaper(in: library) {
            if marks.read { read.insert(paper) }
            if marks.starred { starred.insert(paper) }
        }
        return (read, starred)
    }
}
