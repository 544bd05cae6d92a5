/// The first frame's part of the cache: what the reader needs to draw its first screen, as the last full load
/// made it. The newest day's papers whole (every appearance, the arXiv id learned from any day, the record),
/// so their keys, and with them the marks, are the full library's; every digest's summary (appearances point
/// into them); the problems and notes; the counts. Recorded with a checksum of every file's path and stamp at
/// that load: only a start whose files are exactly those (none new, none gone, none changed) uses it. The rest
/// of the library is then loaded in the background and replaces this one.
extension LibraryCache {
    /// A checksum of the files a load read, in order, with their stamps: what a first frame is valid for.
    static func stampsDigest(files: [String], stamps: [DigestFileStamp?]) -> UInt64 {
        var writer = CacheBytesWriter()
        for (file, stamp) in zip(files, stamps) {
            writer.append(file)
            writer.append(stamp != nil)
            writer.append(stamp?.size ?? -1)
            writer.append(stamp?.modifiedNanoseconds ?? -1)
        }
        writer.append(UInt32(files.count))
        return CacheChecksum.of(writer.bytes)
    }

    /// The first frame's library recorded in the cache, when the files are still exactly those it was made from.
    /// Reads the header and that part only: not the table, not a file's section. The files are listed (and
    /// stamped) only once the cache is known to hold a sound first frame: a start without one pays nothing.
    func firstFrame(listing: () -> LoadedFiles) -> Library? {
        guard let file = MappedFile.map(path), case .success(let header) = Header.read(file.bytes),
            header.frontLength > 0
        else { return nil }
        let front = UnsafeRawBufferPointer(
            rebasing: file.bytes[Int(header.frontOffset)..<Int(header.frontOffset + header.frontLength)])
        guard CacheChecksum.of(front) == header.frontChecksum else { return nil }
        var reader = CacheBytesReader(front)
        let loaded = listing()
        guard reader.integer(UInt64.self) == Self.stampsDigest(files: loaded.files, stamps: loaded.stamps) else {
            return nil
        }
        return reader.firstFrameLibrary()
    }
}

/// What the first frame and the snapshot both record of a library beside its days and papers.
struct LoadSummary {
    var fileCount: Int
    var problems: [Diagnostic]
    var notes: [String]
    var digests: [DigestSummary]
}

extension CacheBytesWriter {
    /// The library's `LoadSummary`: the number of files, the problems and notes, every digest's summary.
    mutating func appendLoadSummary(of library: Library) {
        append(Int64(library.fileCount))
        append(UInt32(library.problems.count))
        for problem in library.problems { append(problem) }
        append(library.notes)
        append(UInt32(library.digests.count))
        for digest in library.digests {
            append(digest.source)
            append(digest.shape)
            append(digest.date)
            append(Int64(digest.entryCount))
        }
    }

    /// The newest day of `library` and what the first frame shows of the rest; see `LibraryCache.firstFrame`.
    mutating func appendFirstFrame(of library: Library, stampsDigest: UInt64) {
        append(stampsDigest)
        appendLoadSummary(of: library)
        let newest = library.days.last
        append(newest != nil)
        guard let newest else { return }
        append(newest.date)
        append(UInt32(newest.digests.count))
        for digest in newest.digests { append(UInt32(digest)) }
        // In the library's order, so that ties that fall to the paper's number fall the same way.
        let papers = newest.papers.sorted()
        append(UInt32(papers.count))
        for id in papers { append(library.papers[id]) }
    }

    mutating func append(_ paper: Paper) {
        append(paper.arxivID)
        append(paper.title)
        append(paper.normalizedTitle)
        append(paper.abstract)
        append(paper.authorCount)
        append(paper.published != nil)
        if let published = paper.published { append(published) }
        append(paper.publishedText)
        append(UInt32(paper.appearances.count))
        for appearance in paper.appearances {
            append(appearance.day)
            append(appearance.upvotes)
            append(Int64(appearance.digest))
            append(Int64(appearance.line))
            append(Int64(appearance.position))
        }
        append(paper.record != nil)
        if let record = paper.record { append(record) }
    }
}

extension CacheBytesReader {
    /// What `appendLoadSummary` wrote; nil when cut short or damaged.
    mutating func loadSummary() -> LoadSummary? {
        guard let fileCount = int(), let problemCount = integer(UInt32.self),
            Int(problemCount) <= bytes.count - offset
        else { return nil }
        var problems: [Diagnostic] = []
        problems.reserveCapacity(Int(problemCount))
        for _ in 0..<problemCount {
            guard let problem = problem() else { return nil }
            problems.append(problem)
        }
        guard let notes = texts(), let digestCount = integer(UInt32.self), Int(digestCount) <= bytes.count - offset
        else { return nil }
        var digests: [DigestSummary] = []
        digests.reserveCapacity(Int(digestCount))
        for _ in 0..<digestCount {
            guard let source = text(), let shape = shape(), let date = date(), let entryCount = int() else {
                return nil
            }
            digests.append(DigestSummary(source: source, shape: shape, date: date, entryCount: entryCount))
        }
        return LoadSummary(fileCount: fileCount, problems: problems, notes: notes, digests: digests)
    }

    mutating func firstFrameLibrary() -> Library? {
        guard let summary = loadSummary(), let hasDay = flag() else { return nil }
        let digests = summary.digests
        var papers: [Paper] = []
        var days: [Day] = []
        if hasDay {
            guard let date = date(), let dayDigestCount = integer(UInt32.self),
                Int(dayDigestCount) <= bytes.count - offset
            else { return nil }
            var dayDigests: [Int] = []
            for _ in 0..<dayDigestCount {
                guard let digest = integer(UInt32.self), Int(digest) < digests.count else { return nil }
                dayDigests.append(Int(digest))
            }
            guard let paperCount = integer(UInt32.self), Int(paperCount) <= bytes.count - offset else { return nil }
            papers.reserveCapacity(Int(paperCount))
            for id in 0..<Int(paperCount) {
                guard let paper = paper(id: id, digestCount: digests.count) else { return nil }
                papers.append(paper)
            }
            days = [Day(date: date, papers: Array(papers.indices), digests: dayDigests)]
        }
        guard !failed, isAtEnd else { return nil }
        var library = Library(papers: papers, days: days, digests: digests, problems: summary.problems)
        library.notes = summary.notes
        library.fileCount = summary.fileCount
        return library
    }

    mutating func paper(id: PaperID, digestCount: Int) -> Paper? {
        guard let arxivID = optionalText(), let title = text(), let normalizedTitle = text(), let abstract = text(),
            let authorCount = optionalInt(), let hasPublished = flag()
        else { return nil }
        var published: DayDate?
        if hasPublished {
            guard let date = date() else { return nil }
            published = date
        }
        guard let publishedText = optionalText(), let appearanceCount = integer(UInt32.self),
            Int(appearanceCount) <= bytes.count - offset
        else { return nil }
        var appearances: [Appearance] = []
        appearances.reserveCapacity(Int(appearanceCount))
        for _ in 0..<appearanceCount {
            guard let day = date(), let upvotes = optionalInt(), let digest = int(), digest >= 0,
                digest < digestCount, let line = int(), let position = int()
            else { return nil }
            appearances.append(Appearance(day: day, upvotes: upvotes, digest: digest, line: line, position: position))
        }
        guard let hasRecord = flag() else { return nil }
        var record: PaperRecord?
        if hasRecord {
            guard let read = self.record() else { return nil }
            record = read
        }
        return Paper(
            id: id, arxivID: arxivID, title: title, normalizedTitle: normalizedTitle, abstract: abstract,
            authorCount: authorCount, published: published, publishedText: publishedText, appearances: appearances,
            record: record, titleHash: IdentityHash.hash(normalizedTitle))
    }
}
