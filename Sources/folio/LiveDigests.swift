import FolioCore
import FolioUI
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The reader's digests while it runs: the index built after the first frame, fetches for `R`, and the opened
/// folders watched so that a new or changed file is loaded again and merged in place.
///
/// Loads and index builds run in order on one serial queue, so an index always arrives after the library it
/// was built from, never after a newer one. Fetches run on a thread of their own: the reader never waits on the
/// network.
final class LiveDigests: @unchecked Sendable {
    /// Where `R` fetches to and how.
    struct FetchTarget: Sendable {
        var folder: String
        var options: DailyPapersClient.Options
    }

    private let queue = DispatchQueue(label: "folio.digests", qos: .userInitiated)
    private let post: @Sendable (AppEvent) -> Void
    /// The search index, topics and facts of a library, as at start.
    private let definitions: [TopicDefinition]
    private let discover: Bool
    private let target: FetchTarget?
    // Touched only on `queue`.
    private var paths: [String]
    /// The samples are shown for want of fetched digests: the first digest in `target` replaces them.
    private var showingSamples: Bool
    /// Taken on `queue` when it starts, not before: 20,000 files take 80 ms to stat, which keys would wait for.
    private var signature: [FileStamp] = []
    private var watcher: DigestWatcher?
    /// Loads read unchanged files from it, and write it again when any changed.
    var cache: LibraryCache?
    /// The library at start is the first frame's only: the whole one is loaded first, before its index.
    var completesLibrary = false
    /// The files the start's whole library was loaded from (when it was loaded whole, through the cache): the
    /// index built from it is stored for them, so that the next start reads it.
    var startupLoaded: LoadedFiles?

    init(
        paths: [String], showingSamples: Bool, target: FetchTarget?, definitions: [TopicDefinition], discover: Bool,
        post: @escaping @Sendable (AppEvent) -> Void
    ) {
        (self.paths, self.showingSamples, self.target, self.post) = (paths, showingSamples, target, post)
        (self.definitions, self.discover) = (definitions, discover)
    }

    /// Watches the folders, then completes the library when the first frame had only part of it, and builds its
    /// indexes.
    func start(library: Library) {
        queue.async { [self] in
            // Watched first, then stamped: a file copied in while the whole library loads or the index is built
            // (a second at 1M entries) is seen, and loaded once they are done.
            let watched = paths.filter { $0 != "-" } + (showingSamples ? target.map { [$0.folder] } ?? [] : [])
            watcher = DigestWatcher(paths: watched) { [self] in queue.async { self.reloadIfChanged() } }
            signature = FileStamp.stamps(of: paths)
            var library = library
            var loaded = completesLibrary || paths.contains("-") ? nil : startupLoaded
            if completesLibrary {
                loaded = listing()
                library = load()
                post(.libraryCompleted(library))
            }
            postIndexes(library, loaded: loaded)
        }
    }

    /// `R`: fetches the days on another thread, posting progress and the outcome, then loads what landed.
    func fetch(_ plan: FetchPlan) {
        guard let target else {
            post(
                .fetchFinished(
                    DigestFetcher.Report(unreachable: "digests read from standard input: nothing to fetch into")))
            return
        }
        let post = post
        Thread.detachNewThread { [self] in
            let fetcher = DigestFetcher(client: DailyPapersClient(options: target.options), folder: target.folder)
            let report = fetcher.run(plan) { post(.fetchProgress($0)) }
            post(.fetchFinished(report))
            if report.filesWritten > 0 { queue.async { self.adopt(target.folder) } }
        }
    }

    /// Files were fetched into `folder`: it is read from now on (instead of the samples), and loaded again.
    private func adopt(_ folder: String) {
        if showingSamples {
            showingSamples = false
            paths = [folder]
        } else if !paths.contains(where: { Self.covers($0, folder) }) {
            paths.append(folder)
            watcher?.add(folder)
        }
        reloadIfChanged()
    }

    private static func covers(_ path: String, _ folder: String) -> Bool {
        let a = URL(fileURLWithPath: path).standardizedFileURL.path
        let b = URL(fileURLWithPath: folder).standardizedFileURL.path
        return b == a || b.hasPrefix(a + "/")
    }

    /// The whole library, through the cache when there is one (written again, on a thread of its own, when stale).
    private func load() -> Library {
        guard let cache else { return DigestLoader.load(paths: paths) }
        let (library, refresh, _) = StartupLibrary.loadWhole(paths: paths, cache: cache)
        if let refresh { Thread.detachNewThread(refresh) }
        return library
    }

    /// Loads the digests again when a file in them is new, changed or gone; else does nothing.
    private func reloadIfChanged() {
        if showingSamples, let folder = target?.folder, DigestHome.holdsDigests(folder) {
            showingSamples = false
            paths = [folder]
        }
        guard !showingSamples, !paths.contains("-") else { return }
        let now = FileStamp.stamps(of: paths)
        guard now != signature else { return }
        signature = now
        let loaded = listing()
        let library = load()
        post(.libraryReloaded(library))
        postIndexes(library, loaded: loaded)
    }

    /// The files a load is about to read, stamped before it reads them: what a stored search index of the
    /// library it makes is valid for. Nil without a cache (`--no-cache`): no index is stored then either.
    private func listing() -> LoadedFiles? {
        cache == nil ? nil : StoredSearchIndex.listing(paths: paths)
    }

    /// The search index and facts the moment they are built, so search works while topics are found; then
    /// everything; then (searching need not wait for them) the related papers' vectors, made from that index.
    /// All on `queue`, after the library they were built from and before any newer one.
    ///
    /// With `loaded` (the files the library was loaded from, stamped before they were read), the search index
    /// is read from the one stored beside the cache when that is valid for this library, and search works at
    /// once; else it is built and stored, on a thread of its own while topics are found, for the next start.
    private func postIndexes(_ library: Library, loaded: LoadedFiles?) {
        guard let cache, let loaded else {
            let indexes = LibraryIndexes.build(library: library, definitions: definitions, discover: discover) {
                post(.searchReady($0, facts: $1))
            }
            postRest(indexes, library: library)
            return
        }
        let stored = StoredSearchIndex(beside: cache)
        let validity = StoredSearchIndex.Validity(loaded: loaded, library: library)
        let indexes = LibraryIndexes.build(
            library: library, definitions: definitions, discover: discover, stored: stored, validity: validity
        ) { search, facts, source in
            post(.searchReady(search, facts: facts))
            if source == .built { Thread.detachNewThread { stored.write(search, of: library, validFor: validity) } }
        }
        postRest(indexes, library: library)
    }

    private func postRest(_ indexes: LibraryIndexes, library: Library) {
        post(.indexReady(indexes))
        post(.relatedPapersReady(RelatedPapers(index: indexes.search, library: library)))
    }
}

/// A file's name, size and time: what tells that a digest changed without reading it.
struct FileStamp: Hashable {
    var path: String
    var size: Int64
    var modified: Int64

    static func stamps(of paths: [String]) -> [FileStamp] {
        var stamps: [FileStamp] = []
        func add(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                for name in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
                where !name.hasPrefix(".") {
                    add(path + "/" + name)
                }
            } else if (info.st_mode & S_IFMT) == S_IFREG {
                let nanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                stamps.append(FileStamp(path: path, size: Int64(info.st_size), modified: nanoseconds))
            }
        }
        for path in paths where path != "-" { add(path) }
        return stamps
    }
}

/// Calls `changed` soon after a file in the folders is written, moved in or removed: inotify where it works,
/// else every two seconds (the caller compares file stamps, so a poll that finds nothing new costs a `stat`
/// per file).
final class DigestWatcher: @unchecked Sendable {
    private let descriptor: Int32
    private let changed: @Sendable () -> Void
    private let polling = Atomic<Bool>(false)

    init(paths: [String], changed: @escaping @Sendable () -> Void) {
        self.changed = changed
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if descriptor < 0 { polling.store(true, ordering: .relaxed) }
        for path in paths { add(path) }
        Thread.detachNewThread { [self] in run() }
    }

    /// Watches `path`'s folder (the path itself when a folder, with its subfolders); polls when it cannot.
    func add(_ path: String) {
        guard descriptor >= 0 else { return }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            // Not there yet (the digest folder before the first fetch): only a poll sees it come.
            polling.store(true, ordering: .relaxed)
            return
        }
        let folder = isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE)
        if inotify_add_watch(descriptor, folder, mask) < 0 { polling.store(true, ordering: .relaxed) }
        if isFolder.boolValue, let walker = FileManager.default.enumerator(atPath: folder) {
            while let name = walker.nextObject() as? String {
                var sub: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &sub), sub.boolValue {
                    _ = inotify_add_watch(descriptor, folder + "/" + name, mask)
                }
            }
        }
    }

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            var watched = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready =
                descriptor >= 0
                ? poll(&watched, 1, 2000)
                : {
                    sleep(2)
                    return 0
                }()
            if ready > 0 {
                // Writers write in steps: wait for them to settle, then take every event at once.
                usleep(200_000)
                while read(descriptor, &buffer, buffer.count) > 0 {}
                changed()
            } else if polling.load(ordering: .relaxed) {
                changed()
            }
        }
    }
}
