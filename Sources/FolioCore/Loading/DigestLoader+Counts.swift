/// What `folio check` prints of a library: its problems, notes and counts.
public struct LibraryCounts: Sendable, Equatable {
    public var problems: [Diagnostic]
    public var notes: [String]
    public var fileCount: Int
    public var entryCount: Int
    public var paperCount: Int

    public init(problems: [Diagnostic], notes: [String], fileCount: Int, entryCount: Int, paperCount: Int) {
        (self.problems, self.notes, self.fileCount) = (problems, notes, fileCount)
        (self.entryCount, self.paperCount) = (entryCount, paperCount)
    }

    public init(_ library: Library) {
        self.init(
            problems: library.problems, notes: library.notes, fileCount: library.fileCount,
            entryCount: library.entryCount, paperCount: library.papers.count)
    }
}

extension DigestLoader {
    /// The counts of the library of `paths` from the cache's snapshot alone, no paper decoded, when the snapshot
    /// is current (as `load(paths:cache:)` would return it); else nil, and the caller loads the library.
    public static func snapshotCounts(paths: [String], cache: LibraryCache) -> LibraryCounts? {
        guard !paths.contains("-") else { return nil }
        let listed = listing(paths: paths, standardInput: { [] })
        return cache.snapshotCounts(loaded: LoadedFiles(files: listed.files), listingDigest: listed.digest)
    }
}
