/// One file's parse outcome in the cache: its problems, then its digest (shape, day, entries) when it had one.
/// The source is not stored: it is the file's path, the key the section is found under.
///
/// The identity hashes are not stored (`IdentityHash` may change between versions): they are made again from
/// the stored normalised title, which is the costly part.
extension CacheBytesWriter {
    mutating func append(_ outcome: ParseOutcome) {
        append(UInt32(outcome.problems.count))
        for problem in outcome.problems { append(problem) }
        append(outcome.digest != nil)
        guard let digest = outcome.digest else { return }
        append(digest.shape)
        append(digest.date)
        append(UInt32(digest.entries.count))
        for entry in digest.entries { append(entry) }
    }

    mutating func append(_ problem: Diagnostic) {
        append(problem.file)
        append(Int64(problem.line))
        append(problem.column)
        append(problem.message)
    }

    mutating func append(_ shape: DigestShape) { append(UInt8(DigestShape.allCases.firstIndex(of: shape)!)) }

    mutating func append(_ date: DayDate) {
        append(Int32(date.year))
        append(UInt8(date.month))
        append(UInt8(date.day))
    }

    private mutating func append(_ entry: DigestEntry) {
        append(entry.title)
        append(entry.abstract)
        append(entry.authorCount)
        append(entry.publishedText)
        append(entry.published != nil)
        if let published = entry.published { append(published) }
        append(entry.upvotes)
        append(entry.arxivID)
        append(Int64(entry.line))
        append(entry.normalizedTitle)
        append(entry.record != nil)
        if let record = entry.record { append(record) }
    }

    /// The record's text as the JSON reader hands it to `PaperRecord.make(text:...)` (fields in order, names and
    /// keywords by their words: the record's own keyword and organisation numbers are this process's, meaningless
    /// to the next), then its numbers. Read back, the text goes to that same function straight from the cache.
    mutating func append(_ record: PaperRecord) {
        let start = bytes.count
        append(UInt32(0))
        record.appendGivenText(to: &bytes)
        overwrite(UInt32(bytes.count - start - 4), at: start)
        append(Int64(record.hiddenAuthorCount))
        append(record.githubStars)
        append(record.commentCount)
    }
}

extension CacheBytesReader {
    /// The outcome of the file at `path`, or nil when the bytes are not a whole outcome (damage the checksum
    /// missed, or a writer of another version).
    mutating func outcome(path: String) -> ParseOutcome? {
        guard let problemCount = integer(UInt32.self), Int(problemCount) <= bytes.count - offset else { return nil }
        var problems: [Diagnostic] = []
        problems.reserveCapacity(Int(problemCount))
        for _ in 0..<problemCount {
            guard let problem = problem() else { return nil }
            problems.append(problem)
        }
        guard let hasDigest = flag() else { return nil }
        guard hasDigest else { return failed || !isAtEnd ? nil : ParseOutcome(digest: nil, problems: problems) }
        guard let shape = shape(), let date = date(), let entryCount = integer(UInt32.self),
            // An entry takes dozens of bytes: a count past what is left is damage.
            Int(entryCount) <= bytes.count - offset
        else { return nil }
        var entries: [DigestEntry] = []
        entries.reserveCapacity(Int(entryCount))
        for _ in 0..<entryCount {
            guard let entry = entry() else { return nil }
            entries.append(entry)
        }
        guard !failed, isAtEnd else { return nil }
        let digest = Digest(
            source: path, shape: shape, date: date, entries: entries,
            problems: problems)
        return ParseOutcome(digest: digest, problems: problems)
    }

    mutating func problem() -> Diagnostic? {
        guard let file = text(), let line = int(), let column = optionalInt(), let message = text() else {
            return nil
        }
        return Diagnostic(file: file, line: line, column: column, message: message)
    }

    mutating func shape() -> DigestShape? {
        guard let number = integer(UInt8.self), Int(number) < DigestShape.allCases.count else {
            return nil
        }
        return DigestShape.allCases[Int(number)]
    }

    mutating func date() -> DayDate? {
        guard let year = integer(Int32.self), let month = integer(UInt8.self), let day = integer(UInt8.self) else {
            return nil
        }
        return DayDate(year: Int(year), month: Int(month), day: Int(day))
    }

    private mutating func entry() -> DigestEntry? {
        guard let title = text(), let abstract = text(), let authorCount = optionalInt(),
            let publishedText = optionalText(), let hasPublished = flag()
        else { return nil }
        var published: DayDate?
        if hasPublished {
            guard let date = date() else { return nil }
            published = date
        }
        guard let upvotes = optionalInt(), let arxivID = optionalText(), let line = int(),
            let normalizedTitle = text(), let hasRecord = flag()
        else { return nil }
        var record: PaperRecord?
        if hasRecord {
            guard let read = self.record() else { return nil }
            record = read
        }
        var entry = DigestEntry(
            title: title, abstract: abstract, authorCount: authorCount, publishedText: publishedText,
            published: published, upvotes: upvotes, arxivID: arxivID, line: line, record: record)
        if !normalizedTitle.isEmpty {
            entry.normalizedTitle = normalizedTitle
            entry.titleHash = IdentityHash.hash(normalizedTitle)
            entry.idHash = arxivID.map(Library.idHash)
            entry.fingerprintHash = Library.abstractFingerprintHash(abstract)
        }
        return entry
    }

    mutating func record() -> PaperRecord? {
        guard let count = integer(UInt32.self), let text = raw(Int(count)), let hidden = int(),
            let stars = optionalInt(), let comments = optionalInt()
        else { return nil }
        return PaperRecord.make(
            text: text.assumingMemoryBound(to: UInt8.self), hiddenAuthorCount: hidden, githubStars: stars,
            commentCount: comments)
    }
}
