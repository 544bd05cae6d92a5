import CPlatform
import Foundation
import Synchronization

/// Reads digest files and folders from disk (or standard input) and builds the `Library`.
///
/// Files are read and parsed in parallel; a file that cannot be read or parsed becomes problems and never
/// stops the others.
public enum DigestLoader {
    /// Extensions read when walking a folder; a file named explicitly is read whatever its name.
    public static let digestExtensions: Set<String> = ["txt", "json", "md"]

    /// Loads the given paths: files, folders (recursively) and `-` for standard input.
    /// How long each phase of the last `load(paths:)` took, in seconds, for the benchmark.
    public struct Timings: Sendable {
        public init() {}
        public var listing = 0.0
        public var readingAndParsing = 0.0
        public var joining = 0.0
        /// Files whose parse came from the library cache, and files read and parsed.
        public var cachedFiles = 0
        public var parsedFiles = 0
        /// Whether the cache should be written again (missing, unsound, or some file new or changed).
        public var cacheIsStale = false
        /// With a cache: the files read and their stamps, for writing the cache's first frame.
        public var loadedFiles: LoadedFiles?
        /// The library is the cache's snapshot: nothing was parsed or joined.
        public var fromSnapshot = false
        /// With `keepingParses`: the sections of the files this load parsed, for the cache's writer.
        public var parsedSections: ParsedSections?
    }

    /// The library of the first frame, from the cache alone, when `paths` hold exactly the files (with the same
    /// sizes and times) that the cache's last full load read: the newest day's papers as that load joined them,
    /// every digest and problem, the counts. Else nil, and the reader loads the library whole before drawing.
    public static func firstFrame(paths: [String], cache: LibraryCache) -> Library? {
        guard !paths.contains("-"), paths.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) else {
            return nil
        }
        return cache.firstFrame { LoadedFiles(files: LibraryCache.files(of: paths)) }
    }

    public static func load(paths: [String], standardInput: () -> [UInt8] = readStandardInput) -> Library {
        var timings = Timings()
        return load(paths: paths, cache: nil, standardInput: standardInput, timings: &timings)
    }

    public static func load(paths: [String], standardInput: () -> [UInt8] = readStandardInput, timings: inout Timings)
        -> Library
    {
        load(paths: paths, cache: nil, standardInput: standardInput, timings: &timings)
    }

    /// With a `cache`, a file whose stamp and cached parse are unchanged is not read: its entries come from the
    /// cache (see `LibraryCache`; `timings` says whether to write it again). With `keepingParses` too (a load
    /// that writes the cache next), the sections of the files parsed are kept in `timings.parsedSections`, for
    /// `LibraryCache.refresh(parsed:)`; without it the load writes nothing at all.
    public static func load(
        paths: [String], cache: LibraryCache?, keepingParses: Bool = false,
        standardInput: () -> [UInt8] = readStandardInput, timings: inout Timings
    ) -> Library {
        HeapGrowth.duringLoad {
            loadFiles(
                paths: paths, cache: cache, keepingParses: keepingParses, standardInput: standardInput,
                timings: &timings)
        }
    }

    private static func loadFiles(
        paths: [String], cache: LibraryCache?, keepingParses: Bool, standardInput: () -> [UInt8],
        timings: inout Timings
    ) -> Library {
        let started = DispatchTime.now().uptimeNanoseconds
        func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let listed = listing(paths: paths, standardInput: standardInput)
        let (files, inputs, notes) = (listed.files, listed.inputs, listed.notes)
        var problems = listed.problems
        timings.listing = seconds(since: started)
        let parseStarted = DispatchTime.now().uptimeNanoseconds
        var cached: CachedParses?
        if let cache {
            var loaded = LoadedFiles(files: files)
            loaded.listingDigest = listed.digest
            // The whole library as the last full load of these very files made it: nothing to parse or join.
            if inputs.isEmpty, let snapshot = cache.snapshot(loaded: loaded, listingDigest: loaded.listingDigest) {
                timings.cachedFiles = files.count
                timings.loadedFiles = loaded
                timings.fromSnapshot = true
                timings.readingAndParsing = seconds(since: parseStarted)
                return snapshot
            }
            cached = CachedParses(cache: cache, loaded: loaded)
            if keepingParses { timings.parsedSections = ParsedSections(besides: cache) }
        }
        var outcomes = parseInParallel(files: files, inputs: inputs, cached: cached, keeping: timings.parsedSections)
        if let cached {
            timings.cachedFiles = cached.hits.load(ordering: .relaxed)
            timings.parsedFiles = files.count - timings.cachedFiles
            // Without standard input, a cache that could not give its snapshot is stale: missing, damaged, or
            // made from other files or another listing.
            timings.cacheIsStale =
                inputs.isEmpty || timings.cachedFiles != files.count
                || cached.contents?.sections.count != files.count || !cached.hasFirstFrame
            timings.loadedFiles = cached.loaded
        } else {
            timings.parsedFiles = files.count
        }
        timings.readingAndParsing = seconds(since: parseStarted)
        let joinStarted = DispatchTime.now().uptimeNanoseconds
        defer { timings.joining = seconds(since: joinStarted) }
        // Moved along, never copied: the join moves each entry's text out of a digest held nowhere else.
        var digests = collect(&outcomes, problems: &problems)
        var library = LibraryBuilder.build(&digests, problems: problems)
        library.notes = notes + library.notes
        library.fileCount = files.count + inputs.count
        return library
    }

    /// What the paths hold: the files to read (folders walked), standard input's bytes for `-`, the notes on
    /// files skipped and the problems of paths missing or empty.
    struct Listing {
        var files: [String] = []
        var inputs: [DigestInput] = []
        var notes: [String] = []
        var problems: [Diagnostic] = []

        /// `LibraryCache.listingDigest` of the notes and problems.
        var digest: UInt64 { LibraryCache.listingDigest(notes: notes, problems: problems) }
    }

    static func listing(paths: [String], standardInput: () -> [UInt8]) -> Listing {
        var listing = Listing()
        for path in paths {
            if path == "-" {
                listing.inputs.append(DigestInput(source: "stdin", bytes: standardInput(), modificationDate: Date()))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                listing.problems.append(Diagnostic(file: path, line: 0, message: "no such file or folder"))
                continue
            }
            if isDirectory.boolValue {
                let (found, skipped) = filesInFolder(path)
                listing.files += found
                listing.notes += skipped.map { "skipped \(Diagnostic.displayPath($0.path)): \($0.reason)" }
                if found.isEmpty {
                    listing.problems.append(
                        Diagnostic(file: path, line: 0, message: "no .txt, .json or .md files in this folder"))
                }
            } else {
                listing.files.append(path)
            }
        }
        return listing
    }

    /// Parses inputs already in memory (the bundled samples, tests).
    public static func load(inputs: [DigestInput]) -> Library {
        var outcomes = parseInParallel(files: [], inputs: inputs)
        var problems: [Diagnostic] = []
        var digests = collect(&outcomes, problems: &problems)
        var library = LibraryBuilder.build(&digests, problems: problems)
        library.fileCount = inputs.count
        return library
    }

    /// The digests, moved out of the outcomes (left empty) so that each is held in one place only, and every
    /// problem in file order.
    static func collect(_ outcomes: inout [ParseOutcome], problems: inout [Diagnostic]) -> [Digest] {
        var digests: [Digest] = []
        digests.reserveCapacity(outcomes.count)
        for index in outcomes.indices {
            problems += outcomes[index].problems
            if let digest = outcomes[index].digest.take() { digests.append(digest) }
        }
        outcomes = []
        return digests
    }

    /// Reads and parses on every core: each worker takes the next file, reads it into a buffer it keeps for all
    /// its files (no allocation per file, no freed buffers left between the papers' text) and parses it; with
    /// `keeping`, it also records the file's cache section, as of its stamp in `cached`.
    static func parseInParallel(
        files: [String], inputs: [DigestInput], cached: CachedParses? = nil, keeping: ParsedSections? = nil
    ) -> [ParseOutcome] {
        let total = files.count + inputs.count
        guard total > 0 else { return [] }
        let next = Atomic<Int>(0)
        let workers = min(total, max(1, ProcessInfo.processInfo.activeProcessorCount))
        let done = Mutex<[[(index: Int, outcome: ParseOutcome)]]>([])
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var buffer: [UInt8] = []
            var outcomes: [(index: Int, outcome: ParseOutcome)] = []
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < total else { break }
                if index < inputs.count {
                    outcomes.append((index, DigestParser.parse(inputs[index])))
                    continue
                }
                let path = files[index - inputs.count]
                if let outcome = cached?.outcome(index - inputs.count) {
                    outcomes.append((index, outcome))
                    continue
                }
                switch readFile(path, into: &buffer) {
                case .success(let modified):
                    var input = DigestInput(source: path, bytes: [], modificationDate: modified)
                    swap(&input.bytes, &buffer)
                    let outcome = DigestParser.parse(input)
                    if let keeping, let stamp = cached?.loaded.stamps[index - inputs.count] {
                        keeping.add(path: path, stamp: stamp, outcome: outcome, size: input.bytes.count)
                    }
                    outcomes.append((index, outcome))
                    // Back to this worker, uniquely referenced again, for the next file.
                    swap(&input.bytes, &buffer)
                case .failure(let problem):
                    outcomes.append((index, ParseOutcome(digest: nil, problems: [problem])))
                }
            }
            done.withLock { $0.append(outcomes) }
        }
        var results = [ParseOutcome?](repeating: nil, count: total)
        for (index, outcome) in done.withLock({ $0 }).joined() { results[index] = outcome }
        return results.map { $0! }
    }

    /// Every digest file below a folder, sorted by path; and what was skipped, and why.
    ///
    /// Walks with `opendir`/`readdir`, whose entry types spare a `stat` per file. Like `FileManager`'s enumerator,
    /// it does not follow links to folders (a link to a file is read) and descends into hidden folders, but skips
    /// hidden files. Only regular files are read: a named pipe would wait forever for a writer, a device could
    /// be endless.
    public static func filesInFolder(_ folder: String) -> (files: [String], skipped: [(path: String, reason: String)]) {
        var files: [String] = []
        var skipped: [(path: String, reason: String)] = []
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        var pending = [base]
        while let directory = pending.popLast() {
            guard let stream = opendir(directory) else { continue }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
                }
                if name == "." || name == ".." { continue }
                let path = directory + "/" + name
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) || type == Int32(DT_LNK) {
                    // Links: to a folder, not followed (a loop of links would never end); to a file, read.
                    // Unknown types: asked of the file system.
                    var status = stat()
                    if type == Int32(DT_LNK) {
                        guard stat(path, &status) == 0 else { continue }
                        if (status.st_mode & S_IFMT) == S_IFDIR {
                            if !name.hasPrefix(".") {
                                skipped.append(
                                    (
                                        path,
                                        "a link to a folder (links to folders are not followed; name the folder itself)"
                                    ))
                            }
                            continue
                        }
                    } else {
                        guard lstat(path, &status) == 0 else { continue }
                    }
                    switch status.st_mode & S_IFMT {
                    case S_IFDIR: type = Int32(DT_DIR)
                    case S_IFREG: type = Int32(DT_REG)
                    default: type = Int32(DT_FIFO)
                    }
                }
                if type == Int32(DT_DIR) {
                    pending.append(path)
                    continue
                }
                if name.hasPrefix(".") { continue }
                if !digestExtensions.contains(Self.pathExtension(name)) {
                    skipped.append((path, "not a .txt, .json or .md file"))
                } else if type != Int32(DT_REG) {
                    skipped.append((path, "not a regular file (a pipe, socket or device)"))
                } else {
                    files.append(path)
                }
            }
        }
        return (files.sorted(), skipped.sorted { $0.path < $1.path })
    }

    /// The lower-cased extension, as `NSString.pathExtension` finds it: after the last dot, unless the dot starts
    /// the name.
    static func pathExtension(_ name: String) -> String {
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")), dot != name.utf8.startIndex else { return "" }
        return String(name[name.utf8.index(after: dot)...]).lowercased()
    }

    /// Reads a whole file with POSIX calls, straight into the byte array the parser works on.
    public static func readFile(_ path: String) -> Result<DigestInput, Diagnostic> {
        var bytes: [UInt8] = []
        return readFile(path, into: &bytes).map { DigestInput(source: path, bytes: bytes, modificationDate: $0) }
    }

    /// Reads a whole file into `bytes`, reusing its storage from file to file (see `WholeFile`). Returns the
    /// modification time.
    static func readFile(_ path: String, into bytes: inout [UInt8]) -> Result<Date, Diagnostic> {
        WholeFile.read(path, into: &bytes, maximumSize: DigestParser.maximumFileSize).mapError { failure in
            switch failure {
            case WholeFile.Failure(code: EISDIR): Diagnostic(file: path, message: "is a folder")
            case WholeFile.Failure.device:
                Diagnostic(file: path, message: "is a device, not a digest file (- reads standard input), skipped")
            case WholeFile.Failure.namedPipe:
                Diagnostic(
                    file: path,
                    message: "is a named pipe, which may wait forever for a writer (- reads standard input), skipped")
            case WholeFile.Failure.tooLarge:
                Diagnostic(
                    file: path,
                    message:
                        "larger than \(DigestParser.maximumFileSize >> 20) MiB (a day's digest is under 1 MiB), skipped"
                )
            default: Diagnostic(file: path, message: "cannot read: \(failure.reason)")
            }
        }
    }

    public static func readStandardInput() -> [UInt8] {
        var bytes: [UInt8] = []
        // Stopped one byte past the limit, so the parser says the input is too large (`- < /dev/zero` ends).
        _ = WholeFile.read(descriptor: 0, sizeHint: 0, into: &bytes, maximumSize: DigestParser.maximumFileSize)
        return bytes
    }
}

/// The parses the library cache holds for the files being loaded, taken by the parsing workers.
final class CachedParses: Sendable {
    let contents: LibraryCache.Contents?
    /// Each file's stamp, taken before any is read: a file written after it is parsed again next time.
    let loaded: LoadedFiles
    let hits = Atomic<Int>(0)

    convenience init(cache: LibraryCache, files: [String]) {
        self.init(cache: cache, loaded: LoadedFiles(files: files))
    }

    init(cache: LibraryCache, loaded: LoadedFiles) {
        contents = try? cache.open().get()
        self.loaded = loaded
    }

    /// Whether the cache holds a first frame (for the files of the load that wrote it).
    var hasFirstFrame: Bool { contents?.hasFirstFrame ?? false }

    /// The cached outcome of file `index`, when its stamp is unchanged and its section sound.
    func outcome(_ index: Int) -> ParseOutcome? {
        guard let contents, let stamp = loaded.stamps[index],
            let outcome = contents.outcome(path: loaded.files[index], stamp: stamp)
        else { return nil }
        hits.add(1, ordering: .relaxed)
        return outcome
    }
}

/// Loading 100,000 papers allocates about 140 MB in half a million small blocks. By default glibc grows its heap
/// 128 KiB past each request and gives memory back as soon as 128 KiB lie free at the top, so over a load the heap
/// was grown (`brk`, `mprotect`) and trimmed a thousand times. For the load only, it is asked for 64 MiB of
/// slack; untouched slack costs address space, not memory. Afterwards the default is back, so that what the
/// reader frees later (the search index's scratch) is given back as before.
enum HeapGrowth {
    static let loadingPad = 64 << 20
    /// glibc's own default.
    static let defaultPad = 128 << 10

    static func duringLoad<Result>(_ body: () -> Result) -> Result {
        // Process-wide: two loads at once (tests) may end the slack early for the other, which only slows it.
        let changed = folio_set_heap_top_pad(loadingPad)
        defer { if changed { _ = folio_set_heap_top_pad(defaultPad) } }
        return body()
    }
}
