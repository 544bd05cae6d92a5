import FolioCore
import Foundation

/// The reader's loads through the library cache (unless `--no-cache` or `FOLIO_NO_CACHE`): at start the first
/// frame's library straight from the cache when the files are those it was written for, else the newest day's
/// files alone when that pays (`DigestLoader.newestDay`), else the whole library (unchanged files from the
/// cache, the others parsed); and the cache written again, in the background, when it was missing, unsound or
/// stale.
enum StartupLibrary {
    struct Outcome {
        var library: Library
        /// The cache used, nil without one.
        var cache: LibraryCache?
        /// `library` is the first frame's only (the newest day): the whole one is to be loaded after the frame.
        var isFirstFrameOnly = false
        /// Writes the cache again; to be run after the first frame, never before it.
        var refresh: (@Sendable () -> Void)?
        /// The files a whole `library` was loaded from, stamped before they were read: what a search index built
        /// from it may be stored as valid for.
        var loaded: LoadedFiles?
    }

    static func load(paths: [String], useCache: Bool) -> Outcome {
        guard useCache, !LibraryCache.disabled() else {
            if let newestDay = DigestLoader.newestDay(paths: paths, cache: nil) {
                return Outcome(library: newestDay, isFirstFrameOnly: true)
            }
            return Outcome(library: DigestLoader.load(paths: paths))
        }
        let cache = LibraryCache(forPaths: paths)
        // The cache's own first frame when it is current: every paper of the day whole, read without parsing.
        if let firstFrame = DigestLoader.firstFrame(paths: paths, cache: cache) {
            return Outcome(library: firstFrame, cache: cache, isFirstFrameOnly: true)
        }
        // Else (the first start, a new day's file arrived) the newest day's files alone; the whole library, and
        // the cache written again, follow in the background (`LiveDigests`).
        if let newestDay = DigestLoader.newestDay(paths: paths, cache: cache) {
            return Outcome(library: newestDay, cache: cache, isFirstFrameOnly: true)
        }
        let (library, refresh, loaded) = loadWhole(paths: paths, cache: cache)
        return Outcome(library: library, cache: cache, refresh: refresh, loaded: loaded)
    }

    /// The whole library, through the cache, what writes the cache again when that is due, and the files it was
    /// loaded from (stamped before they were read).
    static func loadWhole(paths: [String], cache: LibraryCache) -> (
        Library, refresh: (@Sendable () -> Void)?, loaded: LoadedFiles?
    ) {
        var timings = DigestLoader.Timings()
        let library = DigestLoader.load(paths: paths, cache: cache, keepingParses: true, timings: &timings)
        guard timings.cacheIsStale, let loaded = timings.loadedFiles else {
            return (library, nil, timings.loadedFiles)
        }
        // The files this load parsed are copied from its sections, not parsed again.
        let parsed = timings.parsedSections
        return (library, { cache.refresh(paths: paths, firstFrame: (library, loaded), parsed: parsed) }, loaded)
    }
}
