import Foundation

/// A first frame without a current cache: the newest day's files alone, parsed and joined, drawn before the rest
/// of the library is read.
///
/// A digest's day is its file name's date when it has one (the parsers let it win over the text's date and the
/// file's time), so the files of the newest day are found from their names, without reading the others. A file
/// without a date in its name can only be placed by parsing it: those are parsed with the newest day's files,
/// and whichever digest comes out newest is the newest day. Everything older is left for the whole load, which
/// replaces this library (`Library.knowsEarlierDays` is false until then).
extension DigestLoader {
    /// When staging pays: a small library loads whole as fast, and many undated files would be most of the work.
    public struct NewestDayPolicy: Sendable {
        /// Fewer files than this, or fewer bytes, and the library is loaded whole.
        public var minimumFiles: Int
        public var minimumBytes: Int
        /// More files to parse before the first frame than this (the newest day's and the undated ones), and the
        /// library is loaded whole.
        public var maximumParsedFiles: Int

        public init(minimumFiles: Int = 50, minimumBytes: Int = 5 << 20, maximumParsedFiles: Int = 8) {
            (self.minimumFiles, self.minimumBytes, self.maximumParsedFiles) =
                (minimumFiles, minimumBytes, maximumParsedFiles)
        }
    }

    /// The newest day's library, from its files alone (through `cache` when it holds their parses): its one day
    /// is the whole library's newest, its papers are that day's as its own files list them. Nil when staging
    /// does not pay or cannot be sure of the newest day (standard input, a missing path, a folder without
    /// digests, too many undated files, newest files without a paper): the caller then loads the library whole.
    public static func newestDay(
        paths: [String], cache: LibraryCache?, policy: NewestDayPolicy = NewestDayPolicy()
    ) -> Library? {
        guard let (files, notes) = listedFiles(paths), files.count >= policy.minimumFiles,
            holdsBytes(files, atLeast: policy.minimumBytes),
            case let (chosen, namedNewest) = newestDayFiles(files), chosen.count <= policy.maximumParsedFiles
        else { return nil }
        let cached = cache.map { CachedParses(cache: $0, files: chosen) }
        var outcomes = parseInParallel(files: chosen, inputs: [], cached: cached)
        var problems: [Diagnostic] = []
        let parsed = collect(&outcomes, problems: &problems)
        // The newest day among the parsed digests: every file left out is named for an older day than
        // `namedNewest`, so when that day (or a newer undated one) has a paper, it is the whole library's newest.
        guard let newest = parsed.filter({ !$0.entries.isEmpty }).map(\.date).max(),
            namedNewest.map({ newest >= $0 }) ?? true
        else { return nil }
        var digests = parsed.filter { $0.date == newest }
        var library = LibraryBuilder.build(&digests, problems: problems)
        guard library.days.count == 1, library.days[0].date == newest else { return nil }
        library.notes = notes + library.notes
        library.fileCount = files.count
        library.knowsEarlierDays = false
        return library
    }

    /// The files the paths name (folders walked as a whole load walks them) and the notes about files skipped;
    /// nil for anything a whole load reports as a problem (standard input too: it has no name to date it by).
    static func listedFiles(_ paths: [String]) -> (files: [String], notes: [String])? {
        var files: [String] = []
        var notes: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let (found, skipped) = filesInFolder(path)
            guard !found.isEmpty else { return nil }
            files += found
            notes += skipped.map { "skipped \(Diagnostic.displayPath($0.path)): \($0.reason)" }
        }
        return (files, notes)
    }

    /// Whether the files hold `minimum` bytes or more: stats them, newest names first, until they do.
    static func holdsBytes(_ files: [String], atLeast minimum: Int) -> Bool {
        var total = 0
        for file in files.reversed() {
            guard total < minimum else { break }
            var status = stat()
            if stat(file, &status) == 0 { total += Int(status.st_size) }
        }
        return total >= minimum
    }

    /// The files named for the newest date any file name holds, and the files whose names hold none, in the
    /// order given; and that date (nil when no name holds one: every file is then to be parsed).
    static func newestDayFiles(_ files: [String]) -> (files: [String], newest: DayDate?) {
        let dates = files.map { DayDate(fileName: $0.split(separator: "/").last.map(String.init) ?? $0) }
        let newest = dates.compactMap { $0 }.max()
        let chosen = zip(files, dates).filter { $0.1 == nil || $0.1 == newest }.map(\.0)
        return (chosen, newest)
    }
}
