import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a save failed, as one sentence that names the path and the operating system's reason.
public struct StateStoreError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    public var message: String

    public init(_ message: String) { self.message = message }

    /// `"<what>: <strerror> (errno N)."`
    init(_ what: String, code: Int32) {
        self.init("\(what): \(String(cString: strerror(code))) (errno \(code)).")
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}

/// Keeps the reading state in one JSON file (`state.json`) that several instances of folio may share.
///
/// A save takes an exclusive `flock` on `state.json.lock`, reads the file, merges it with the caller's state (per
/// mark the newer change wins), writes the result to a temporary file, fsyncs it and renames it over the state:
/// a kill at any moment leaves the old file or the new one, whole. A file that cannot be understood is never
/// overwritten: it is moved aside to `state.json.corrupt-<time>` and reported.
public final class StateStore: Sendable {
    public let url: URL
    private let path: String
    private let folder: String
    private let lockPath: String
    private let temporaryPath: String

    /// The file as this store last read or wrote it: its bytes and the state they hold (with this store's
    /// tombstones). Lets a save skip decoding a file nobody else has touched, and tells a paper another instance
    /// unmarked (gone from the file, unchanged here since) from one marked here and not yet saved.
    private let seen = Mutex<Seen?>(nil)

    private struct Seen: Sendable {
        var bytes: [UInt8]
        var state: ReadingState
    }

    /// `$XDG_STATE_HOME/folio/state.json`, else `~/.local/state/folio/state.json` (see `XDGPaths`).
    public static func defaultURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        URL(fileURLWithPath: XDGPaths(environment: environment).stateFile("state.json"))
    }

    public init(url: URL) {
        self.url = url
        path = url.path
        folder = url.deletingLastPathComponent().path
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
            let state = try StateFile.decode(bytes)
            seen.withLock { $0 = Seen(bytes: bytes, state: state) }
            return (state, [])
        } catch {
            problem = error
        }
        // Corrupt: look again under the lock, so as not to move aside a good file another instance just wrote.
        do {
            let lock = try acquireLock()
            defer { close(lock) }
            var messages: [String] = []
            let disk = try readDisk(previous: nil, messages: &messages)
            seen.withLock { $0 = disk }
            return (disk?.state ?? ReadingState(), messages)
        } catch {
            seen.withLock { $0 = nil }
            return (ReadingState(), ["The reading state \(path) could not be used: \(problem). \(error) It is left as it is, "
                + "reading marks start empty, and they cannot be saved until the file is moved or mended."])
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
        let merged = disk.map { ours.merged(with: $0.state) } ?? ours
        let bytes = StateFile.encode(merged)
        try writeAtomically(bytes)
        seen.withLock { $0 = Seen(bytes: bytes, state: merged) }
        return merged
    }

    // MARK: - Files

    /// The file under the lock: nil when missing, or when corrupt (then moved aside, with a message).
    private func readDisk(previous: Seen?, messages: inout [String]) throws -> Seen? {
        guard let bytes = try readFile() else { return nil }
        if let previous, Self.same(previous.bytes, bytes) { return previous }
        do {
            return Seen(bytes: bytes, state: try StateFile.decode(bytes))
        } catch {
            let aside = try moveAside(because: error)
            messages.append("The reading state \(path) could not be used: \(error). It was moved aside to \(aside), "
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
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return nil }
            throw StateStoreError("Could not read the reading state \(path)", code: code)
        }
        defer { close(fd) }
        var status = stat()
        var capacity = fstat(fd, &status) == 0 ? Int(status.st_size) + 1 : 1 << 16
        while true {
            var failure: Int32 = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                count = 0
                while count < capacity {
                    let got = pread(fd, buffer.baseAddress! + count, capacity - count, off_t(count))
                    if got > 0 { count += got } else if got == 0 { break } else if errno != EINTR { failure = errno; break }
                }
            }
            if failure != 0 { throw StateStoreError("Could not read the reading state \(path)", code: failure) }
            // A full buffer may mean the file grew since fstat: read again with room to spare.
            if bytes.count < capacity { return bytes }
            capacity *= 2
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
        if fchmod(fd, 0o600) != 0 { fail("Could not set the mode of \(temporaryPath)") }
        // Best effort: with the blocks reserved first, the write takes a steadier time, and a full disk says so here.
        #if canImport(Glibc)
        if failure == nil, !bytes.isEmpty, case let code = posix_fallocate(fd, 0, off_t(bytes.count)), code == ENOSPC {
            failure = ("Could not write the reading state to \(temporaryPath)", code)
        }
        #endif
        if failure == nil {
            bytes.withUnsafeBytes { buffer in
                var written = 0
                while written < buffer.count {
                    let count = write(fd, buffer.baseAddress! + written, buffer.count - written)
                    if count >= 0 { written += count } else if errno != EINTR {
                        fail("Could not write the reading state to \(temporaryPath)")
                        return
                    }
                }
            }
        }
        if failure == nil, fsync(fd) != 0 { fail("Could not flush \(temporaryPath) to disk") }
        if close(fd) != 0, failure == nil { fail("Could not write the reading state to \(temporaryPath)") }
        if failure == nil, rename(temporaryPath, path) != 0 { fail("Could not replace the reading state \(path) with \(temporaryPath)") }
        if let failure {
            unlink(temporaryPath)
            throw StateStoreError(failure.what, code: failure.code)
        }
        syncFolder()
    }

    /// Makes a rename durable. Best effort: the file itself is already whole either way.
    private func syncFolder() {
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
        let stamp = String(format: "%04d%02d%02d-%02d%02d%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                           Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        var status = stat()
        for attempt in 1...1000 {
            let aside = "\(path).corrupt-\(stamp)" + (attempt == 1 ? "" : "-\(attempt)")
            // Free names only, so an earlier corrupt file is never replaced; the lock keeps folio's others out.
            guard lstat(aside, &status) != 0, errno == ENOENT else { continue }
            guard rename(path, aside) == 0 else {
                let code = errno
                throw StateStoreError("The reading state \(path) could not be used (\(problem)), and it could not be moved aside to "
                    + aside, code: code)
            }
            syncFolder()
            return aside
        }
        throw StateStoreError("The reading state \(path) could not be used (\(problem)), and no free name was found to move it aside.")
    }
}

// MARK: - The file format

/// Version 1 of `state.json`: pretty-printed, keys sorted, dates ISO 8601 in UTC, only marked papers.
///
/// ```
/// {
///   "papers": {
///     "arxiv:2512.04677": {
///       "read": true,
///       "readChanged": "2026-11-23T10:00:00Z",
///       "starred": false,
///       "title": "…"
///     }
///   },
///   "place": { "allDays": false, "day": "2026-11-23", "latestDay": "2026-11-23", "paperKey": "arxiv:2512.04677",
///              "sort": "upvotes" },
///   "placeChanged": "2026-11-23T10:00:00.250Z",
///   "version": 1
/// }
/// ```
///
/// Written and read by hand, on bytes: for 10,000 marks JSONEncoder (sorted, pretty, ISO dates) took 51 ms and
/// JSONDecoder 40 ms on the 2-core test machine, against 2 ms and 5 ms here; a save has 10 ms in all.
enum StateFile {
    static let version = 1

    // MARK: Writing

    static func encode(_ state: ReadingState) -> [UInt8] {
        var keys: [String] = []
        var marks: [PaperMarks] = []
        keys.reserveCapacity(state.papers.count)
        marks.reserveCapacity(state.papers.count)
        // Room for the worst case, every byte of every string escaped as \u00XX; the writer checks it anyway.
        var capacity = 512
        for (key, paper) in state.papers where paper.isMarked {
            keys.append(key)
            marks.append(paper)
            capacity += StateFileWriter.entryOverhead + StateFileWriter.room(for: key) + StateFileWriter.room(for: paper.title)
        }
        if let place = state.place {
            for (_, text) in Self.textFields(of: place) { capacity += 64 + StateFileWriter.room(for: text ?? "") }
        }
        let order = sortedOrder(keys)
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var out = StateFileWriter(buffer)
            out.raw("{\n  \"papers\": {")
            for (position, index) in order.enumerated() {
                let paper = marks[index]
                out.raw(position == 0 ? "\n    " : ",\n    ")
                out.string(keys[index])
                out.raw(": {\n      \"read\": ")
                out.bool(paper.read)
                if let date = paper.readChanged {
                    out.raw(",\n      \"readChanged\": ")
                    out.date(date)
                }
                out.raw(",\n      \"starred\": ")
                out.bool(paper.starred)
                if let date = paper.starredChanged {
                    out.raw(",\n      \"starredChanged\": ")
                    out.date(date)
                }
                out.raw(",\n      \"title\": ")
                out.string(paper.title)
                out.raw("\n    }")
            }
            out.raw(order.isEmpty ? "}" : "\n  }")
            if let place = state.place {
                out.raw(",\n  \"place\": {\n    \"allDays\": ")
                out.bool(place.allDays)
                for case let (name, text?) in Self.textFields(of: place) {
                    out.raw(",\n    \"")
                    out.raw(name)
                    out.raw("\": ")
                    out.string(text)
                }
                out.raw("\n  }")
            }
            if let date = state.placeChanged {
                out.raw(",\n  \"placeChanged\": ")
                out.date(date)
            }
            out.raw(",\n  \"version\": 1\n}\n")  // StateFile.version
            count = out.count
        }
    }

    /// The place's text fields, in the file's (sorted) key order: one list for sizing the buffer and writing.
    private static func textFields(of place: LastPlace) -> [(name: StaticString, text: String?)] {
        [("day", place.day), ("latestDay", place.latestDay), ("paperKey", place.paperKey), ("sort", place.sort)]
    }

    /// Indices of `keys` in the byte order of their UTF-8 (code point order). Compares the first 16 bytes as two
    /// integers and only ties in full: sorting the Strings themselves spent most of a save retaining them.
    private static func sortedOrder(_ keys: [String]) -> [Int] {
        struct Prefix {
            var high: UInt64
            var low: UInt64
            var index: Int
        }
        var prefixes = keys.indices.map { index in
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { words in
                var key = keys[index]
                key.withUTF8 { utf8 in
                    let count = min(16, utf8.count)
                    if count > 0 { words.baseAddress!.copyMemory(from: utf8.baseAddress!, byteCount: count) }
                }
            }
            return Prefix(high: UInt64(bigEndian: words.0), low: UInt64(bigEndian: words.1), index: index)
        }
        prefixes.sort { a, b in
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            return keys[a.index].utf8.lexicographicallyPrecedes(keys[b.index].utf8)
        }
        return prefixes.map(\.index)
    }

    // MARK: Reading

    /// The state in `bytes`. Reads `version` first and refuses anything but 1 before looking at the rest.
    static func decode(_ bytes: [UInt8]) throws(Diagnostic) -> ReadingState {
        try bytes.withUnsafeBufferPointer { (buffer) throws(Diagnostic) -> ReadingState in
            var reader = StateFileReader(buffer)
            let version = try reader.readVersion()
            guard version == "\(Self.version)" else {
                throw Diagnostic(line: 0, message: "it is version \(version), and this folio reads only version \(Self.version)")
            }
            var body = StateFileReader(buffer)
            return try body.readState()
        }
    }
}

/// Writes the file into memory sized beforehand. Every write checks the room left, so a size misjudged stops
/// the program rather than overrunning the buffer.
struct StateFileWriter {
    /// The most a paper's entry takes besides its key and title.
    static let entryOverhead = 256
    private static let dateLength = 28

    private let start: UnsafeMutablePointer<UInt8>
    private let end: UnsafeMutablePointer<UInt8>
    private var cursor: UnsafeMutablePointer<UInt8>

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        start = buffer.baseAddress!
        end = start + buffer.count
        cursor = start
    }

    var count: Int { cursor - start }

    /// The most a string can take, quoted and escaped.
    static func room(for text: String) -> Int { 2 + 6 * text.utf8.count }

    @inline(__always)
    private func need(_ count: Int) {
        precondition(end - cursor >= count, "state file writer: the buffer was sized too small")
    }

    mutating func raw(_ text: StaticString) {
        let count = text.utf8CodeUnitCount
        need(count)
        cursor.update(from: text.utf8Start, count: count)
        cursor += count
    }

    mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { string($0) }
    }

    /// A quoted JSON string from UTF-8.
    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        need(2 + 6 * utf8.count)
        cursor.pointee = UInt8(ascii: "\"")
        cursor += 1
        if !Self.needsEscapes(utf8) {
            if let base = utf8.baseAddress { cursor.update(from: base, count: utf8.count) }
            cursor += utf8.count
            cursor.pointee = UInt8(ascii: "\"")
            cursor += 1
            return
        }
        for byte in utf8 {
            switch byte {
            case 0x22, 0x5C:
                cursor[0] = UInt8(ascii: "\\")
                cursor[1] = byte
                cursor += 2
            case ..<0x20:
                let short: UInt8? = switch byte {
                case 0x0A: UInt8(ascii: "n")
                case 0x0D: UInt8(ascii: "r")
                case 0x09: UInt8(ascii: "t")
                default: nil
                }
                cursor[0] = UInt8(ascii: "\\")
                if let short {
                    cursor[1] = short
                    cursor += 2
                } else {
                    let hex: (UInt8) -> UInt8 = { $0 < 10 ? 48 + $0 : 87 + $0 }
                    cursor[1] = UInt8(ascii: "u")
                    cursor[2] = UInt8(ascii: "0")
                    cursor[3] = UInt8(ascii: "0")
                    cursor[4] = hex(byte >> 4)
                    cursor[5] = hex(byte & 0xF)
                    cursor += 6
                }
            default:
                cursor.pointee = byte
                cursor += 1
            }
        }
        cursor.pointee = UInt8(ascii: "\"")
        cursor += 1
    }

    /// Whether any byte is `"`, `\\` or a control character; eight bytes at a time, as most strings have none.
    private static func needsEscapes(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        var i = 0
        while i &+ 8 <= utf8.count, JSONWord.needingEscape(JSONWord.load(base + i)) == 0 { i &+= 8 }
        while i < utf8.count {
            let byte = base[i]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 { return true }
            i &+= 1
        }
        return false
    }

    /// The day of the last date written: dates of one save are mostly a few days, and the calendar sums add up.
    private var lastDay: (days: Int64, year: Int64, month: Int64, day: Int64)?

    /// `"2026-11-23T10:00:00Z"`, with `.250` before the `Z` when there are milliseconds.
    mutating func date(_ date: Date) {
        need(Self.dateLength)
        let milliseconds = StateTime.milliseconds(date)
        let (days, dayMilliseconds) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, inDay) = dayMilliseconds < 0 ? (days - 1, dayMilliseconds + 86_400_000) : (days, dayMilliseconds)
        let civil = lastDay.flatMap { $0.days == day ? $0 : nil } ?? {
            let (year, month, dayOfMonth) = CivilDate.from(days: day)
            return (day, year, month, dayOfMonth)
        }()
        lastDay = civil
        let (_, year, month, dayOfMonth) = civil
        cursor.pointee = UInt8(ascii: "\"")
        cursor += 1
        digits(year / 100, 2)
        digits(year % 100, 2)
        cursor.pointee = UInt8(ascii: "-")
        cursor += 1
        digits(month, 2)
        cursor.pointee = UInt8(ascii: "-")
        cursor += 1
        digits(dayOfMonth, 2)
        cursor.pointee = UInt8(ascii: "T")
        cursor += 1
        digits(inDay / 3_600_000, 2)
        cursor.pointee = UInt8(ascii: ":")
        cursor += 1
        digits(inDay / 60_000 % 60, 2)
        cursor.pointee = UInt8(ascii: ":")
        cursor += 1
        digits(inDay / 1000 % 60, 2)
        if inDay % 1000 != 0 {
            cursor.pointee = UInt8(ascii: ".")
            cursor += 1
            digits(inDay % 1000, 3)
        }
        cursor[0] = UInt8(ascii: "Z")
        cursor[1] = UInt8(ascii: "\"")
        cursor += 2
    }

    /// `value` (0 ..< 10^width) in exactly `width` digits; room already checked.
    @inline(__always)
    private mutating func digits(_ value: Int64, _ width: Int) {
        var value = value
        for offset in stride(from: width - 1, through: 0, by: -1) {
            cursor[offset] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10)
            value /= 10
        }
        cursor += width
    }
}

/// Proleptic Gregorian days since 1970-01-01 and back (Howard Hinnant's algorithms).
enum CivilDate {
    static func from(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// Eight bytes of JSON at a time (SWAR): most strings and indentation need no look at each byte.
enum JSONWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Eight bytes from `pointer`, the first in the lowest bits.
    @inline(__always)
    static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of each byte that is `"`, `\\` or below 0x20. The lowest flag is exact; a flag above it may be
    /// false (a borrow), so callers go on byte by byte from the lowest.
    @inline(__always)
    static func needingEscape(_ word: UInt64) -> UInt64 {
        zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C)) | ((word &- ones &* 0x20) & ~word & highBits)
    }

    /// The high bit of each zero byte, with the same caveat.
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highBits }
}

/// A strict JSON reader for the state file, on bytes: any JSON, with the shape checked as it goes.
struct StateFileReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var line = 1

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// A name or string as it stands in the file, between its quotes. Plain data, so passing one costs nothing.
    private struct Token {
        var start: Int
        var end: Int
        var ascii: Bool
        var escaped: Bool
    }

    private func raw(_ token: Token) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
    }

    // MARK: Shape

    /// The whole file checked as JSON, and the text of its top-level `version` number.
    mutating func readVersion() throws(Diagnostic) -> String {
        try expectTopLevelObject()
        var version: String?
        var first = true
        while let key = try nextKey(&first) {
            if isName(key, "version") {
                guard peek.map(Self.isNumberStart) == true else {
                    throw fail("\"version\" is \(kindOfValue), not a number")
                }
                let start = index
                try skipValue()
                version = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            } else {
                try skipValue()
            }
        }
        try expectEnd()
        guard let version else { throw Diagnostic(line: 0, message: "it has no \"version\"") }
        return version
    }

    mutating func readState() throws(Diagnostic) -> ReadingState {
        var state = ReadingState()
        try expectTopLevelObject()
        var first = true
        while let key = try nextKey(&first) {
            if isName(key, "papers") {
                if readNull() { continue }
                guard peek == UInt8(ascii: "{") else { throw fail("\"papers\" is \(kindOfValue), not an object") }
                index += 1
                // About 150 bytes a paper as folio writes them: room enough to never grow while reading.
                state.papers.reserveCapacity(bytes.count / 120)
                var firstPaper = true
                while let paperKey = try nextKey(&firstPaper) {
                    let key = try string(paperKey)
                    state.papers[key] = try readMarks(key)
                }
            } else if isName(key, "place") {
                if readNull() { state.place = nil; continue }
                guard peek == UInt8(ascii: "{") else { throw fail("\"place\" is \(kindOfValue), not an object") }
                index += 1
                state.place = try readPlace()
            } else if isName(key, "placeChanged") {
                state.placeChanged = try readDate(Field(token: key, owner: .file))
            } else {
                try skipValue()
            }
        }
        return state
    }

    private mutating func readMarks(_ key: String) throws(Diagnostic) -> PaperMarks {
        guard peek == UInt8(ascii: "{") else { throw fail("paper \(Self.quoted(key)) is \(kindOfValue), not an object") }
        index += 1
        var marks = PaperMarks(title: "")
        var first = true
        while let field = try nextKey(&first) {
            let what = Field(token: field, owner: .paper(key))
            if isName(field, "title") {
                marks.title = try readString(what) ?? ""
            } else if isName(field, "read") {
                marks.read = try readBool(what) ?? false
            } else if isName(field, "readChanged") {
                marks.readChanged = try readDate(what)
            } else if isName(field, "starred") {
                marks.starred = try readBool(what) ?? false
            } else if isName(field, "starredChanged") {
                marks.starredChanged = try readDate(what)
            } else {
                try skipValue()
            }
        }
        return marks
    }

    private mutating func readPlace() throws(Diagnostic) -> LastPlace {
        var place = LastPlace()
        var first = true
        while let field = try nextKey(&first) {
            let what = Field(token: field, owner: .place)
            if isName(field, "day") {
                place.day = try readString(what)
            } else if isName(field, "allDays") {
                place.allDays = try readBool(what) ?? false
            } else if isName(field, "paperKey") {
                place.paperKey = try readString(what)
            } else if isName(field, "sort") {
                place.sort = try readString(what)
            } else if isName(field, "latestDay") {
                place.latestDay = try readString(what)
            } else {
                try skipValue()
            }
        }
        return place
    }

    // MARK: Typed values (null reads as absent)

    /// Where a value stands, for messages.
    private struct Field {
        enum Owner { case file, place, paper(String) }
        var token: Token
        var owner: Owner
    }

    private func describe(_ field: Field) -> String {
        let name = "\"\(name(field.token))\""
        switch field.owner {
        case .file: return name
        case .place: return "\(name) of \"place\""
        case .paper(let key): return "\(name) of paper \(Self.quoted(key))"
        }
    }

    private mutating func readBool(_ field: Field) throws(Diagnostic) -> Bool? {
        if readNull() { return nil }
        if readLiteral("true") { return true }
        if readLiteral("false") { return false }
        throw fail("\(describe(field)) is \(kindOfValue), not true or false")
    }

    private mutating func readString(_ field: Field) throws(Diagnostic) -> String? {
        if readNull() { return nil }
        guard peek == UInt8(ascii: "\"") else { throw fail("\(describe(field)) is \(kindOfValue), not a string") }
        return try string(scanString())
    }

    private mutating func readDate(_ field: Field) throws(Diagnostic) -> Date? {
        if readNull() { return nil }
        guard peek == UInt8(ascii: "\"") else { throw fail("\(describe(field)) is \(kindOfValue), not a date in a string") }
        let token = try scanString()
        let milliseconds: Int64?
        if token.escaped {
            milliseconds = Array(try string(token).utf8).withUnsafeBufferPointer { Self.parseDate($0) }
        } else {
            milliseconds = Self.parseDate(raw(token))
        }
        guard let milliseconds else {
            throw fail("\(describe(field)) is \(Self.quoted(try string(token))), not a date such as \"2026-11-23T10:00:00Z\"")
        }
        return StateTime.date(milliseconds: milliseconds)
    }

    /// `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±HH:MM`; milliseconds since 1970.
    static func parseDate(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        func number(_ start: Int, _ count: Int) -> Int64? {
            guard start + count <= text.count else { return nil }
            var value: Int64 = 0
            for byte in text[start..<start + count] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        func at(_ position: Int, _ characters: StaticString) -> Bool {
            guard position < text.count else { return false }
            return UnsafeBufferPointer(start: characters.utf8Start, count: characters.utf8CodeUnitCount).contains(text[position])
        }
        guard let year = number(0, 4), at(4, "-"), let month = number(5, 2), at(7, "-"), let day = number(8, 2),
              at(10, "Tt "), let hour = number(11, 2), at(13, ":"), let minute = number(14, 2), at(16, ":"),
              let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60 else { return nil }
        var position = 19
        var milliseconds: Int64 = 0
        if at(position, ".") {
            position += 1
            var scale: Int64 = 100
            let start = position
            while position < text.count, text[position] >= 48, text[position] <= 57 {
                milliseconds += Int64(text[position] - 48) * scale
                scale /= 10
                position += 1
            }
            guard position > start else { return nil }
        }
        var offset: Int64 = 0
        if at(position, "Zz") {
            position += 1
        } else if at(position, "+-") {
            let sign: Int64 = text[position] == UInt8(ascii: "-") ? -1 : 1
            guard let hours = number(position + 1, 2) else { return nil }
            position += 3
            if at(position, ":") { position += 1 }
            guard let minutes = number(position, 2), hours < 24, minutes < 60 else { return nil }
            position += 2
            offset = sign * (hours * 60 + minutes) * 60_000
        } else {
            return nil
        }
        guard position == text.count else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + milliseconds - offset
    }

    // MARK: JSON

    private mutating func expectTopLevelObject() throws(Diagnostic) {
        skipSpace()
        guard peek == UInt8(ascii: "{") else {
            guard let byte = peek else { throw Diagnostic(line: 0, message: "it is empty") }
            if kindOfValue == "not JSON" {
                throw fail("it is not JSON: it starts with \(Self.quoted(String(decoding: [byte], as: UTF8.self)))")
            }
            throw fail("it is \(kindOfValue), not a JSON object")
        }
        index += 1
    }

    private mutating func expectEnd() throws(Diagnostic) {
        skipSpace()
        guard index == bytes.count else { throw fail("it is not JSON: more text follows the end of the object") }
    }

    /// The next name of an object whose `{` is consumed, positioned at its value; nil at the closing `}`.
    private mutating func nextKey(_ first: inout Bool) throws(Diagnostic) -> Token? {
        skipSpace()
        if consume(UInt8(ascii: "}")) { return nil }
        if first {
            first = false
        } else {
            guard consume(UInt8(ascii: ",")) else { throw fail("it is not JSON: expected , or } after a value") }
            skipSpace()
        }
        guard peek == UInt8(ascii: "\"") else { throw fail("it is not JSON: expected a name in quotes") }
        let key = try scanString()
        skipSpace()
        guard consume(UInt8(ascii: ":")) else { throw fail("it is not JSON: expected : after \(Self.quoted(name(key)))") }
        skipSpace()
        return key
    }

    private func isName(_ token: Token, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        if token.escaped {
            return (try? string(token))?.utf8.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: count)) == true
        }
        return token.end - token.start == count && memcmp(bytes.baseAddress! + token.start, name.utf8Start, count) == 0
    }

    /// A name for messages, whatever its bytes.
    private func name(_ token: Token) -> String {
        (try? string(token)) ?? String(decoding: raw(token), as: UTF8.self)
    }

    private func string(_ token: Token) throws(Diagnostic) -> String {
        let text: String?
        if token.escaped {
            text = try unescape(raw(token))
        } else if token.ascii {
            text = String(decoding: raw(token), as: UTF8.self)
        } else {
            text = String(validating: raw(token), as: UTF8.self)
        }
        guard let text else { throw fail("a string is not valid UTF-8") }
        return text
    }

    private mutating func skipValue(depth: Int = 0) throws(Diagnostic) {
        guard depth < 512 else { throw fail("it nests too deeply") }
        skipSpace()
        guard let byte = peek else { throw fail("it is not JSON: it ends in the middle") }
        switch byte {
        case UInt8(ascii: "{"):
            index += 1
            var first = true
            while try nextKey(&first) != nil { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            index += 1
            skipSpace()
            if consume(UInt8(ascii: "]")) { return }
            while true {
                try skipValue(depth: depth + 1)
                skipSpace()
                if consume(UInt8(ascii: "]")) { return }
                guard consume(UInt8(ascii: ",")) else { throw fail("it is not JSON: expected , or ] in a list") }
            }
        case UInt8(ascii: "\""):
            let token = try scanString()
            if !token.ascii { _ = try string(token) }
        case _ where Self.isNumberStart(byte):
            try skipNumber()
        default:
            guard readLiteral("true") || readLiteral("false") || readNull() else {
                throw fail("it is not JSON: unexpected \(Self.quoted(String(decoding: [byte], as: UTF8.self)))")
            }
        }
    }

    private mutating func skipNumber() throws(Diagnostic) {
        let bad = fail("it is not JSON: a malformed number")
        _ = consume(UInt8(ascii: "-"))
        if !consume(UInt8(ascii: "0")) { guard skipDigits() else { throw bad } }
        if consume(UInt8(ascii: ".")) { guard skipDigits() else { throw bad } }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            _ = consume(UInt8(ascii: "+")) || consume(UInt8(ascii: "-"))
            guard skipDigits() else { throw bad }
        }
    }

    private mutating func skipDigits() -> Bool {
        let start = index
        while let byte = peek, byte >= 48, byte <= 57 { index += 1 }
        return index > start
    }

    private mutating func readNull() -> Bool { readLiteral("null") }

    private mutating func readLiteral(_ literal: StaticString) -> Bool {
        guard startsWith(literal) else { return false }
        index += literal.utf8CodeUnitCount
        return true
    }

    private func startsWith(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        return index + count <= bytes.count && memcmp(bytes.baseAddress! + index, literal.utf8Start, count) == 0
    }

    /// The string at `"`, passed over; escapes are resolved at once (they are rare), UTF-8 checked when asked.
    private mutating func scanString() throws(Diagnostic) -> Token {
        let base = bytes.baseAddress!
        let count = bytes.count
        let start = index + 1
        var i = start
        var escaped = false
        var high: UInt8 = 0
        scan: while true {
            // Eight bytes at a time until one may be special: `"`, `\`, a control character or non-ASCII. The
            // lowest byte flagged is exact; a flag above it may be false, and is then read as a plain byte.
            while i &+ 8 <= count {
                let word = JSONWord.load(base + i)
                let special = JSONWord.needingEscape(word) | (word & JSONWord.highBits)
                if special != 0 {
                    i &+= special.trailingZeroBitCount >> 3
                    break
                }
                i &+= 8
            }
            guard i < count else { throw fail("it is not JSON: a string is not closed") }
            let byte = base[i]
            switch byte {
            case UInt8(ascii: "\""):
                break scan
            case UInt8(ascii: "\\"):
                escaped = true
                i &+= 2
            case ..<0x20:
                throw fail("it is not JSON: a control character inside a string")
            default:
                high |= byte
                i &+= 1
            }
        }
        index = i + 1
        let token = Token(start: start, end: i, ascii: high < 0x80, escaped: escaped)
        // Escapes are rare: check them now, so the first pass finds a bad one, and resolve them again when used.
        if escaped { _ = try string(token) }
        return token
    }

    private func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws(Diagnostic) -> String? {
        do {
            return try JSONStringEscapes.unescape(raw)
        } catch {
            throw fail("it is not JSON: \(error.reason)")
        }
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        guard let base = bytes.baseAddress else { return }
        var i = index
        var lines = line
        while i < bytes.count {
            let byte = base[i]
            if byte == 32, i &+ 8 <= bytes.count {
                // Indentation, eight at a time: the count of spaces is the count of zero bytes at the low end.
                let others = JSONWord.load(base + i) ^ (JSONWord.ones &* 0x20)
                i &+= others == 0 ? 8 : others.trailingZeroBitCount >> 3
                continue
            }
            if byte == 10 { lines &+= 1 } else if byte != 32, byte != 9, byte != 13 { break }
            i &+= 1
        }
        index = i
        line = lines
    }

    private static func isNumberStart(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "-") || (byte >= 48 && byte <= 57) }

    private var kindOfValue: String {
        switch peek {
        case nil: "nothing"
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "a list"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "t") where startsWith("true"), UInt8(ascii: "f") where startsWith("false"): "true or false"
        case UInt8(ascii: "n") where startsWith("null"): "null"
        case let byte? where Self.isNumberStart(byte): "a number"
        default: "not JSON"
        }
    }

    private func fail(_ message: String) -> Diagnostic { Diagnostic(line: line, message: message) }

    private static func quoted(_ text: String) -> String {
        "\"" + (text.count > 60 ? String(text.prefix(57)) + "…" : text) + "\""
    }
}
