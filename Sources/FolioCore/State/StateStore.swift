import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps the reading state in one JSON file (`state.json`) that several instances of folio may share.
///
/// A save takes an exclusive `flock` on `state.json.lock`, reads the file, merges it with the caller's state (per
/// mark the newer change wins), writes the result to a temporary file, fsyncs it and renames it over the state:
/// a kill at any moment leaves the old file or the new one, whole. A file that cannot be understood is never
/// overwritten: it is moved aside to `state.json.corrupt-<time>` and reported.
public final class StateStore: Sendable {
    public let url: URL
    let path: String
    let folder: String
    private let lockPath: String
    private let temporaryPath: String

    /// The file as this store last read or wrote it: its bytes and the state they hold (with this store's
    /// tombstones). Lets a save skip decoding a file nobody else has touched, and tells a paper another instance
    /// unmarked (gone from the file, unchanged here since) from one marked here and not yet saved.
    private let seen = Mutex<Seen?>(nil)

    private struct Seen: Sendable {
        var bytes: [UInt8]
        var state: ReadingState
        /// The version the file was written as: an older one is kept beside the new one the first time it is
        /// replaced.
        var version = StateFile.version
    }

    /// `$XDG_STATE_HOME/folio/state.json`, else `~/.local/state/folio/state.json` (see `XDGPaths`).
    public static func defaultURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        URL(fileURLWithPath: XDGPaths(environment: environment).stateFile("state.json"))
    }

    public init(url: URL) {
        self.url = url
        // A state.json that is a link (dotfiles kept in a repository) is followed: the rename replaces the file
        // it points at, in that file's folder, and the link stays a link.
        path = Self.followingLinks(url.path)
        folder = (path as NSString).deletingLastPathComponent
        lockPath = path + ".lock"
        temporaryPath = path + ".tmp"
    }

    // MARK: - Load

    /// The saved state. A missing file is an empty state; an unreadable or corrupt one gives an empty state and
    /// a message saying what was wrong and, for a corrupt one, where it was moved.
    public func load() -> (state: ReadingState, messages: [String]) {
        // No lock needed to read: the file is only ever replaced whole, by rename.
        let bytes: [UInt8]?
        do {
            bytes = try readFile()
        } catch {
            seen.withLock { $0 = nil }
            return (ReadingState(), ["\(error) Reading marks start empty, and the file is left as it is."])
        }
        guard let bytes else {
            seen.withLock { $0 = nil }
            return (ReadingState(), [])
        }
        let problem: Diagnostic
        do {
            let (state, version) = try StateFile.decodeWithVersion(bytes)
            seen.withLock { $0 = Seen(bytes: bytes, state: state, version: version) }
            return mergingConflictCopies(into: state)
        } catch {
            problem = error
        }
        // Corrupt: look again under the lock, so as not to move aside a good file another instance just wrote.
        do {
            var messages: [String] = []
            let disk: Seen?
            do {
                let lock = try acquireLock()
                defer { close(lock) }
                disk = try readDisk(previous: nil, messages: &messages)
            }
            seen.withLock { $0 = disk }
            // After the lock is let go: merging the copies saves, and takes it again.
            let merged = mergingConflictCopies(into: disk?.state ?? ReadingState())
            return (merged.state, messages + merged.messages)
        } catch {
            seen.withLock { $0 = nil }
            return (
                ReadingState(),
                [
                    "The reading state \(path) could not be used: \(problem). \(error) It is left as it is, "
                        + "reading marks start empty, and they cannot be saved until the file is moved or mended."
                ]
            )
        }
    }

    // MARK: - Save

    /// Merges `state` with the file (newest change wins), writes the result and returns it, so the caller sees
    /// the marks other instances saved.
    public func save(_ state: ReadingState) throws -> ReadingState {
        var messages: [String] = []
        return try save(state, messages: &messages)
    }

    /// As `save(_:)`, adding a message when a corrupt file had to be moved aside first.
    public func save(_ state: ReadingState, messages: inout [String]) throws -> ReadingState {
        let lock = try acquireLock()
        defer { close(lock) }
        let previous = seen.withLock { $0 }
        let disk = try readDisk(previous: previous, messages: &messages)
        var ours = state
        if let disk, let previous, !Self.same(disk.bytes, previous.bytes) {
            // A marked paper gone from the file since this store saw it, and unchanged here since: another
            // instance unmarked it (unmarked papers are not written), so the unmark is the newer change.
            for (key, marks) in previous.state.papers
            where marks.isMarked && disk.state.papers.index(forKey: key) == nil && ours.papers[key] == marks {
                ours.papers[key] = nil
            }
        }
        var merged = disk.map { ours.merged(with: $0.state) } ?? ours
        let copies = readConflictCopies()
        for copy in copies { if let state = copy.state { merged = merged.merged(with: state) } }
        let bytes = StateFile.encode(merged)
        if let disk, disk.version < StateFile.version { try keepOldVersion(disk) }
        try writeAtomically(bytes)
        seen.withLock { $0 = Seen(bytes: bytes, state: merged) }
        // Only now that the merge is on disk: moved aside, never deleted.
        messages += moveAside(copies)
        return merged
    }

    /// At start: conflict copies beside the file are merged into it at once (a save), so they are out of the
    /// way before anything else writes. The state is returned unchanged when there are none or the save fails.
    private func mergingConflictCopies(into state: ReadingState) -> (state: ReadingState, messages: [String]) {
        guard !conflictCopyPaths().isEmpty else { return (state, []) }
        var messages: [String] = []
        do {
            return (try save(state, messages: &messages), messages)
        } catch {
            return (state, messages + ["Conflict copies of the reading state were not merged: \(error)"])
        }
    }

    /// The file as it was before this folio first rewrites it in a newer version: `state.v1.json` beside it,
    /// written once and never replaced, so going back to an older folio loses nothing.
    private func keepOldVersion(_ disk: Seen) throws {
        let copy = Self.stem(of: path) + ".v\(disk.version).json"
        var status = stat()
        guard lstat(copy, &status) != 0, errno == ENOENT else { return }
        let fd = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            throw StateStoreError("Could not keep the version \(disk.version) reading state as \(copy)", code: code)
        }
        defer { close(fd) }
        let written = disk.bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == disk.bytes.count, fsync(fd) == 0 else {
            let code = errno
            unlink(copy)
            throw StateStoreError("Could not keep the version \(disk.version) reading state as \(copy)", code: code)
        }
    }

    /// `/path/state.json` → `/path/state`.
    static func stem(of path: String) -> String {
        path.hasSuffix(".json") ? String(path.dropLast(5)) : path
    }

    // MARK: - Files

    /// The most links followed from the state path: a loop of links ends here, as the kernel's ELOOP does.
    static let maximumLinkHops = 32

    /// The path a chain of symbolic links ends at (the path itself when it is no link); a dangling link's target
    /// is where the file will be made.
    static func followingLinks(_ start: String) -> String {
        var path = start
        for _ in 0..<maximumLinkHops {
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else { return path }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(path, &buffer, buffer.count - 1)
            guard length > 0 else { return path }
            let target = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            path = target.hasPrefix("/") ? target : (path as NSString).deletingLastPathComponent + "/" + target
        }
        return path
    }

    /// The file under the lock: nil when missing, or when corrupt (then moved aside, with a message).
    private func readDisk(previous: Seen?, messages: inout [String]) throws -> Seen? {
        guard let bytes = try readFile() else { return nil }
        if let previous, Self.same(previous.bytes, bytes) { return previous }
        do {
            let (state, version) = try StateFile.decodeWithVersion(bytes)
            return Seen(bytes: bytes, state: state, version: version)
        } catch {
            if let newer = StateFile.newerVersion(in: bytes) {
                throw StateStoreError(
                    "The reading state \(path) is version \(newer), written by a newer folio (this one understands "
                        + "versions \(StateFile.readableVersions.lowerBound) to \(StateFile.readableVersions.upperBound)): "
                        + "it is left as it is, and marks made here are not saved to it.")
            }
            let aside = try moveAside(because: error)
            messages.append(
                "The reading state \(path) could not be used: \(error). It was moved aside to \(aside), "
                    + "and reading marks start empty.")
            return nil
        }
    }

    /// memcmp: Array's == goes byte by byte, a millisecond for a large file.
    private static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                a.isEmpty || a.baseAddress == b.baseAddress || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
            }
        }
    }

    /// The whole file, or nil when there is none.
    private func readFile() throws -> [UInt8]? {
        // Folio's own file: far larger than a config may be (100,000 marked papers are about 15 MB), but never a
        // device read forever.
        switch WholeFile.read(path, maximumSize: 1 << 28) {
        case .success(let bytes): return bytes
        case .failure(let failure) where failure.code == ENOENT: return nil
        case .failure(let failure) where failure.code < 0:
            throw StateStoreError("Could not read the reading state \(path): \(failure.reason).")
        case .failure(let failure):
            throw StateStoreError("Could not read the reading state \(path)", code: failure.code)
        }
    }

    /// Takes the exclusive lock, creating missing folders; closing the descriptor releases it.
    private func acquireLock() throws -> Int32 {
        var fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0, errno == ENOENT {
            try Self.makeFolders(folder)
            fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        }
        guard fd >= 0 else {
            let code = errno
            throw StateStoreError("Could not open the lock file \(lockPath) for the reading state", code: code)
        }
        while flock(fd, LOCK_EX) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(fd)
            throw StateStoreError("Could not lock \(lockPath) for the reading state", code: code)
        }
        return fd
    }

    private static func makeFolders(_ folder: String) throws {
        if mkdir(folder, 0o700) == 0 || errno == EEXIST { return }
        var code = errno
        if code == ENOENT {
            let parent = (folder as NSString).deletingLastPathComponent
            if parent != folder, !parent.isEmpty {
                try makeFolders(parent)
                if mkdir(folder, 0o700) == 0 || errno == EEXIST { return }
                code = errno
            }
        }
        throw StateStoreError("Could not create the folder \(folder) for the reading state", code: code)
    }

    /// Temporary file, fsync, rename over the state, fsync the folder: the state file is always whole.
    private func writeAtomically(_ bytes: [UInt8]) throws {
        // The file keeps its mode; one its owner may not write (0444) is refused, not replaced behind their back.
        var mode: mode_t = 0o600
        var existing = stat()
        if stat(path, &existing) == 0 {
            mode = existing.st_mode & 0o7777
            if mode & S_IWUSR == 0 {
                throw StateStoreError(
                    "The reading state \(path) is read-only (mode \(String(mode, radix: 8))): marks are not saved "
                        + "until it is made writable (chmod u+w)")
            }
        }
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            throw StateStoreError("Could not write the reading state to \(temporaryPath)", code: code)
        }
        var failure: (what: String, code: Int32)?
        func fail(_ what: @autoclosure () -> String) {
            let code = errno  // before the message is built, which may touch errno
            failure = (what(), code)
        }
        // Explicitly: the umask may have taken bits off, and an old temporary file keeps its mode.
        if fchmod(fd, mode) != 0 { fail("Could not set the mode of \(temporaryPath)") }
        // Best effort: with the blocks reserved first, the write takes a steadier time, and a full disk says so here.
        #if canImport(Glibc)
            if failure == nil, !bytes.isEmpty, case let code = posix_fallocate(fd, 0, off_t(bytes.count)),
                code == ENOSPC
            {
                failure = ("Could not write the reading state to \(temporaryPath)", code)
            }
        #endif
        if failure == nil {
            bytes.withUnsafeBytes { buffer in
                var written = 0
                while written < buffer.count {
                    let count = write(fd, buffer.baseAddress! + written, buffer.count - written)
                    if count >= 0 {
                        written += count
                    } else if errno != EINTR {
                        fail("Could not write the reading state to \(temporaryPath)")
                        return
                    }
                }
            }
        }
        if failure == nil, fsync(fd) != 0 { fail("Could not flush \(temporaryPath) to disk") }
        if close(fd) != 0, failure == nil { fail("Could not write the reading state to \(temporaryPath)") }
        if failure == nil, rename(temporaryPath, path) != 0 {
            fail("Could not replace the reading state \(path) with \(temporaryPath)")
        }
        if let failure {
            unlink(temporaryPath)
            throw StateStoreError(failure.what, code: failure.code)
        }
        syncFolder()
    }

    /// Makes a rename durable. Best effort: the file itself is already whole either way.
    func syncFolder() {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Renames the state file to `state.json.corrupt-YYYYMMDD-HHMMSS` (a free name) and returns that path.
    private func moveAside(because problem: Diagnostic) throws -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        let stamp = String(
            format: "%04d%02d%02d-%02d%02d%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        var status = stat()
        for attempt in 1...1000 {
            let aside = "\(path).corrupt-\(stamp)" + (attempt == 1 ? "" : "-\(attempt)")
            // Free names only, so an earlier corrupt file is never replaced; the lock keeps folio's others out.
            guard lstat(aside, &status) != 0, errno == ENOENT else { continue }
            guard rename(path, aside) == 0 else {
                let code = errno
                throw StateStoreError(
                    "The reading state \(path) could not be used (\(problem)), and it could not be moved aside to "
                        + aside, code: code)
            }
            syncFolder()
            return aside
        }
        throw StateStoreError(
            "The reading state \(path) could not be used (\(problem)), and no free name was found to move it aside.")
    }
}
