import Foundation

/// Joins digests into papers: the arXiv id joins entries when known, else the normalised title, else the opening
/// of a full abstract; a title or abstract match also joins a paper known by id to its text appearances.
///
/// In two passes, so that most of the work runs on every core:
/// 1. Identity, on one thread in date order: which paper each entry belongs to, from the hashes made while
///    parsing (the text is read only to confirm a hit), and the days' paper lists.
/// 2. Papers: each new paper made from its first entry on every core (the entry's text moves in, its appearance
///    list is allocated: most of the memory the join touches), then, on one thread in date order, the later
///    entries of papers seen before merged in.
enum LibraryBuilder {
    /// Builds the library from `parsed`, whose entries are moved out (left empty).
    static func build(_ parsed: inout [Digest], problems: [Diagnostic]) -> Library {
        let order = parsed.indices.sorted {
            (parsed[$0].date, parsed[$0].source, $0) < (parsed[$1].date, parsed[$1].source, $1)
        }
        // The entries in join order, taken out of the digests (moved, not copied).
        var lists: [[DigestEntry]] = []
        var summaries: [DigestSummary] = []
        lists.reserveCapacity(order.count)
        summaries.reserveCapacity(order.count)
        for index in order {
            var entries: [DigestEntry] = []
            swap(&entries, &parsed[index].entries)
            let digest = parsed[index]
            summaries.append(
                DigestSummary(
                    source: digest.source, shape: digest.shape, date: digest.date,
                    entryCount: entries.count))
            lists.append(entries)
        }
        var identity = Identity(summaries: summaries, entryCount: lists.reduce(0) { $0 + $1.count })
        lists.withUnsafeMutableBufferPointer { lists in
            for digest in lists.indices {
                identity.add(digest: digest, lists: lists)
            }
        }
        let papers = makePapers(lists: &lists, identity: identity)
        releaseInBackground(&lists)
        // A digest with no paper (`[]`, or only broken entries) is no day: the reader never opens on it as today.
        var library = Library(
            papers: papers, days: identity.days.filter { !$0.papers.isEmpty }.sorted { $0.date < $1.date },
            digests: summaries, problems: problems)
        for summary in summaries where summary.entryCount == 0 {
            library.notes.append("\(summary.source): no papers, so \(summary.date.iso) is not a day")
        }
        return library
    }

    /// What is left of the entries once their papers are made, freed on another thread: releasing 100,000 entries'
    /// strings took 32 ms, all of it before the first frame.
    private final class Leftovers: @unchecked Sendable {
        // Touched by one thread at a time: filled here, emptied by the queue.
        var lists: [[DigestEntry]] = []
    }

    private static func releaseInBackground(_ lists: inout [[DigestEntry]]) {
        guard !lists.isEmpty else { return }
        let leftovers = Leftovers()
        // Swapped, not copied: this thread keeps no reference, so the last release happens on the queue.
        swap(&leftovers.lists, &lists)
        DispatchQueue.global(qos: .utility).async { leftovers.lists = [] }
    }

    /// Where an entry stands: its digest (in join order) and its position there.
    struct EntryPlace {
        var digest: Int32
        var position: Int32
    }

    /// Pass 1: the paper of each entry.
    struct Identity {
        let summaries: [DigestSummary]
        /// The paper of each entry, in join order; `firstEntry` says whether the entry made it.
        var paperOfEntry: [Int32] = []
        var firstEntry: [Bool] = []
        /// Where each digest's entries start in `paperOfEntry`.
        var entryOffsets: [Int] = []
        /// Each paper's first entry, and its arXiv id as the papers made so far know it.
        var firsts: [EntryPlace] = []
        var arxivIDs: [String?] = []
        var days: [Day] = []
        private var dayIndex: [DayDate: Int] = [:]
        /// The day each paper was last added to, so a paper listed twice on one day is listed once.
        private var lastDayAdded: [Int32] = []
        private var byID: OpenAddressingTable
        private var byTitle: OpenAddressingTable
        private var byAbstract: OpenAddressingTable

        init(summaries: [DigestSummary], entryCount: Int) {
            self.summaries = summaries
            byID = OpenAddressingTable(capacity: entryCount)
            byTitle = OpenAddressingTable(capacity: entryCount)
            byAbstract = OpenAddressingTable(capacity: entryCount)
            paperOfEntry.reserveCapacity(entryCount)
            firstEntry.reserveCapacity(entryCount)
            firsts.reserveCapacity(entryCount)
            arxivIDs.reserveCapacity(entryCount)
            lastDayAdded.reserveCapacity(entryCount)
        }

        var paperCount: Int { firsts.count }

        static let prefetchDistance = 6

        mutating func add(digest: Int, lists: UnsafeMutableBufferPointer<[DigestEntry]>) {
            let date = summaries[digest].date
            entryOffsets.append(paperOfEntry.count)
            let day: Int
            if let existing = dayIndex[date] {
                day = existing
                days[day].digests.append(digest)
            } else {
                day = days.count
                dayIndex[date] = day
                days.append(Day(date: date, papers: [], digests: [digest]))
            }
            // Entries are read in place: a copy would touch every string of the entry, long out of every cache.
            lists[digest].withUnsafeMutableBufferPointer { entries in
                for position in entries.indices {
                    // The table slots of an entry a few ahead: their cache misses overlap this entry's work.
                    if position + Self.prefetchDistance < entries.count {
                        let ahead = entries.baseAddress! + position + Self.prefetchDistance
                        if let hash = ahead.pointee.idHash { byID.prefetch(hash) }
                        byTitle.prefetch(ahead.pointee.titleHash)
                        if let hash = ahead.pointee.fingerprintHash { byAbstract.prefetch(hash) }
                    }
                    let entry = entries.baseAddress! + position
                    if entry.pointee.normalizedTitle.isEmpty { entry.pointee.computeIdentityKeys() }
                    let (paper, isNew) = join(
                        entry, at: EntryPlace(digest: Int32(digest), position: Int32(position)),
                        lists: lists)
                    paperOfEntry.append(Int32(paper))
                    firstEntry.append(isNew)
                    // Digests come in date order, so one day's digests are consecutive.
                    if lastDayAdded[paper] != Int32(day) {
                        days[day].papers.append(paper)
                        lastDayAdded[paper] = Int32(day)
                    }
                }
            }
        }

        /// The entry's paper, and whether the entry makes it. Only hashes are read until a hit; then the text of
        /// the paper's first entry is read in place, never copied.
        private mutating func join(
            _ entry: UnsafePointer<DigestEntry>, at place: EntryPlace,
            lists: UnsafeMutableBufferPointer<[DigestEntry]>
        ) -> (PaperID, Bool) {
            func withFirst<Result>(_ paper: PaperID, _ body: (UnsafePointer<DigestEntry>) -> Result) -> Result {
                lists[Int(firsts[paper].digest)].withUnsafeBufferPointer { entries in
                    body(entries.baseAddress! + Int(firsts[paper].position))
                }
            }
            let hasTitle = !entry.pointee.normalizedTitle.isEmpty
            // Each table is searched once: a new paper's keys go where the search ended.
            let idProbe = entry.pointee.idHash.map { byID.probe($0) }
            let titleProbe = hasTitle ? byTitle.probe(entry.pointee.titleHash) : nil
            let abstractProbe = entry.pointee.fingerprintHash.map { byAbstract.probe($0) }
            var found: PaperID?
            // A hash hit counts only when the text agrees too.
            if let known = idProbe?.value, arxivIDs[known] == entry.pointee.arxivID { found = known }
            if found == nil, let known = titleProbe?.value,
                withFirst(known, { $0.pointee.normalizedTitle == entry.pointee.normalizedTitle }),
                Self.idsAgree(arxivIDs[known], entry.pointee.arxivID)
            {
                found = known
            }
            // Against the abstract the paper was made with.
            if found == nil, let known = abstractProbe?.value, Self.idsAgree(arxivIDs[known], entry.pointee.arxivID),
                withFirst(known, { Library.sameFingerprint($0.pointee.abstract, asOneWith: entry.pointee.abstract) })
            {
                found = known
            }
            let paper: PaperID
            if let found {
                paper = found
                if arxivIDs[found] == nil { arxivIDs[found] = entry.pointee.arxivID }
            } else {
                paper = firsts.count
                firsts.append(place)
                arxivIDs.append(entry.pointee.arxivID)
                lastDayAdded.append(-1)
            }
            if let id = arxivIDs[paper] {
                if let idProbe, id == entry.pointee.arxivID {
                    byID.insert(paper, at: idProbe)
                } else {
                    byID.insertIfAbsent(Library.idHash(id), paper)
                }
            }
            if let titleProbe { byTitle.insert(paper, at: titleProbe) }
            if let abstractProbe { byAbstract.insert(paper, at: abstractProbe) }
            return (paper, found == nil)
        }

        private static func idsAgree(_ known: String?, _ new: String?) -> Bool {
            known == nil || new == nil || known == new
        }

        func appearance(upvotes: Int?, line: Int, digest: Int, position: Int) -> Appearance {
            Appearance(day: summaries[digest].date, upvotes: upvotes, digest: digest, line: line, position: position)
        }
    }

    /// Pass 2: every paper made from its first entry, the digests shared among the cores; then the other entries
    /// merged in, in date order.
    private static func makePapers(lists: inout [[DigestEntry]], identity: Identity) -> [Paper] {
        let paperCount = identity.paperCount
        let totalEntries = identity.paperOfEntry.count
        return [Paper](unsafeUninitializedCapacity: paperCount) { papers, initialized in
            lists.withUnsafeMutableBufferPointer { lists in
                // Contiguous runs of digests with about as many entries each.
                let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, lists.count))
                var bounds = [0]
                for digest in lists.indices where identity.entryOffsets[digest] * workers >= totalEntries * bounds.count
                {
                    if digest > bounds[bounds.count - 1] { bounds.append(digest) }
                }
                bounds.append(lists.count)
                let ranges = bounds
                nonisolated(unsafe) let lists = lists
                nonisolated(unsafe) let papers = papers
                DispatchQueue.concurrentPerform(iterations: ranges.count - 1) { part in
                    for digest in ranges[part]..<ranges[part + 1] {
                        // Each worker touches only its own digests' entries, and the papers they make.
                        let made = lists[digest].withUnsafeMutableBufferPointer { entries -> Int in
                            let offset = identity.entryOffsets[digest]
                            var made = 0
                            for position in entries.indices where identity.firstEntry[offset + position] {
                                let paper = Int(identity.paperOfEntry[offset + position])
                                let appearance = identity.appearance(
                                    upvotes: entries[position].upvotes,
                                    line: entries[position].line, digest: digest,
                                    position: position)
                                (papers.baseAddress! + paper).initialize(
                                    to: Paper(
                                        id: paper, taking: &entries[position],
                                        appearance: appearance))
                                made += 1
                            }
                            return made
                        }
                        // Emptied entries are let go here, on every core, unless some are still to be merged.
                        if made == lists[digest].count { lists[digest] = [] }
                    }
                }
                // Read and taken from in place: copying an entry would retain and release each of its strings.
                for digest in lists.indices where !lists[digest].isEmpty {
                    let offset = identity.entryOffsets[digest]
                    lists[digest].withUnsafeMutableBufferPointer { entries in
                        for position in entries.indices where !identity.firstEntry[offset + position] {
                            let entry = entries.baseAddress! + position
                            merge(
                                entry,
                                identity.appearance(
                                    upvotes: entry.pointee.upvotes, line: entry.pointee.line, digest: digest,
                                    position: position),
                                into: &papers[Int(identity.paperOfEntry[offset + position])])
                        }
                    }
                }
            }
            initialized = paperCount
        }
    }

    /// Merges a later entry into its paper, moving out of the entry what the paper keeps of it.
    private static func merge(
        _ entry: UnsafeMutablePointer<DigestEntry>, _ appearance: Appearance, into paper: inout Paper
    ) {
        paper.appearances.append(appearance)
        if paper.arxivID == nil { swap(&paper.arxivID, &entry.pointee.arxivID) }
        // The longest abstract is the real one; shorter ones are the page's one-line summaries.
        if entry.pointee.abstract.utf8.count > paper.abstract.utf8.count {
            swap(&paper.abstract, &entry.pointee.abstract)
        }
        if paper.authorCount == nil { paper.authorCount = entry.pointee.authorCount }
        // The site's record from the newest JSON digest that has one: stars and comments move day to day. A text
        // listing has none and leaves the JSON's in place.
        if entry.pointee.record != nil { swap(&paper.record, &entry.pointee.record) }
        // A date with its year (`Feb 2, 2025`) is better than one without.
        if paper.published == nil
            || (!hasComma(paper.publishedText) && hasComma(entry.pointee.publishedText))
        {
            if let published = entry.pointee.published {
                paper.published = published
                swap(&paper.publishedText, &entry.pointee.publishedText)
            }
        }
    }

    /// A byte scan: `String.contains(_:)` with a String goes through Foundation's `range(of:)`.
    private static func hasComma(_ text: String?) -> Bool {
        text?.utf8.contains(UInt8(ascii: ",")) ?? false
    }
}
