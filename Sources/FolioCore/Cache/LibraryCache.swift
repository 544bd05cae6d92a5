import Foundation

/// The parsed digests, kept between runs in `$XDG_CACHE_HOME/folio`, so that a start whose files have not
/// changed reads their entries instead of parsing them again.
///
/// One file per set of opened paths: a header (magic, the file format's version, the parsers' output version, a
/// checksum of the header and one of the table), a table of the files (path, size, modification time in
/// nanoseconds, where its section lies and the section's checksum), then a section per file: its parse outcome,
/// problems included. A section is used only when its file's stamp is unchanged and its checksum holds, and is
/// read through bounds-checked reads; anything else (no cache, another version, damage anywhere) means the
/// file is parsed as if there were no cache. Safe to delete at any time; written whole or not at all.
///
/// Beside the sections, two parts made from the library the last full load joined, each valid only for exactly
/// the files (and stamps) it was made from: the first frame's (the newest day, `LibraryCache+FirstFrame.swift`)
/// and the snapshot (the whole library, `LibraryCache+Snapshot.swift`), which a load returns instead of parsing
/// or joining anything.
public struct LibraryCache: Sendable {
    /// The layout of the file; a cache of another layout is ignored (and rewritten).
    static let formatVersion: UInt32 = 2
    /// What the parsers make of a digest: raise it whenever a parser's output changes (a new field of an entry,
    /// a problem worded otherwise), so that entries parsed by an older folio are not used.
    static let parserVersion: UInt32 = 1
    static let magic: [UInt8] = Array("FOLIOLIB".utf8)
    /// See `Header`.
    static let headerSize = Header.size

    /// The cache file.
    public let path: String

    public init(path: String) { self.path = path }

    /// The cache of the library made from `paths`: named by a checksum of their absolute forms, so each
    /// folder (or set of files) opened has its own and two never overwrite each other's.
    public init(forPaths paths: [String], xdg: XDGPaths = XDGPaths()) {
        let key = paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }.joined(separator: "\u{0}")
        let name = String(CacheChecksum.of(Array(key.utf8)), radix: 16)
        self.init(path: xdg.cacheHome + "/folio/library-\(name).cache")
    }

    /// Whether `FOLIO_NO_CACHE` asks for no cache (any value but empty or `0`).
    public static func disabled(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let value = environment["FOLIO_NO_CACHE"] else { return false }
        return !value.isEmpty && value != "0"
    }

    /// A file's cached section, as the table records it.
    struct Section {
        var stamp: DigestFileStamp
        var range: Range<Int>
        var checksum: UInt64
    }

    /// An opened cache whose header and table are sound; its sections are checked one by one, when read.
    struct Contents: @unchecked Sendable {
        // @unchecked: the mapping is read-only.
        let file: MappedFile
        let sections: [String: Section]
        let hasFirstFrame: Bool
        let hasSnapshot: Bool

        /// The parse outcome of `path` with this stamp, when the cache holds a sound one.
        func outcome(path: String, stamp: DigestFileStamp) -> ParseOutcome? {
            guard let bytes = sectionBytes(path: path, stamp: stamp) else { return nil }
            defer { file.discard(sections[path]!.range) }
            var reader = CacheBytesReader(bytes)
            return reader.outcome(path: path)
        }

        /// The section of `path`, when its stamp is `stamp` and its checksum holds.
        func sectionBytes(path: String, stamp: DigestFileStamp) -> UnsafeRawBufferPointer? {
            guard let section = sections[path], section.stamp == stamp else { return nil }
            let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[section.range])
            return CacheChecksum.of(bytes) == section.checksum ? bytes : nil
        }
    }

    /// Why a cache could not be used: said by `folio doctor`, never shown in the reader.
    enum Rejection: Error, Equatable {
        case missing, badHeader, otherVersion, badTable
    }

    /// The cache, its header and table checked; its sections are checked when read.
    func open() -> Result<Contents, Rejection> {
        guard let file = MappedFile.map(path) else { return .failure(.missing) }
        let bytes = file.bytes
        let header: Header
        switch Header.read(bytes) {
        case .success(let read): header = read
        case .failure(let rejection): return .failure(rejection)
        }
        let table = UnsafeRawBufferPointer(rebasing: bytes[Int(header.tableOffset)...])
        guard CacheChecksum.of(table) == header.tableChecksum else { return .failure(.badTable) }
        var reader = CacheBytesReader(table)
        var sections: [String: Section] = [:]
        sections.reserveCapacity(Int(min(header.fileCount, 1 << 20)))
        for _ in 0..<header.fileCount {
            guard let path = reader.text(), let size = reader.integer(Int64.self),
                let modified = reader.integer(Int64.self), let offset = reader.integer(UInt64.self),
                let length = reader.integer(UInt64.self), let checksum = reader.integer(UInt64.self),
                offset >= UInt64(Header.size), offset <= header.tableOffset, length <= header.tableOffset - offset
            else { return .failure(.badTable) }
            sections[path] = Section(
                stamp: DigestFileStamp(size: size, modifiedNanoseconds: modified),
                range: Int(offset)..<Int(offset + length), checksum: checksum)
        }
        guard reader.isAtEnd, !reader.failed else { return .failure(.badTable) }
        return .success(
            Contents(
                file: file, sections: sections, hasFirstFrame: header.frontLength > 0,
                hasSnapshot: header.snapshotLength > 0))
    }

    /// The cache file's first bytes: magic, the format's and the parsers' versions, the number of files, a spare
    /// word, where the table lies and its checksum, where the first frame's part lies and its checksum, where the
    /// snapshot lies and the checksum of its index, and the checksum of all that. The sections follow, then the
    /// first frame's part, then the snapshot, then the table: a writer streams them out as it makes them and
    /// writes the header last.
    struct Header {
        static let size = 104
        var fileCount: UInt32
        var tableOffset: UInt64, tableLength: UInt64, tableChecksum: UInt64
        /// A length of 0: no first frame recorded.
        var frontOffset: UInt64, frontLength: UInt64, frontChecksum: UInt64
        /// A length of 0: no snapshot recorded. Its chunks have checksums of their own, in its index.
        var snapshotOffset: UInt64 = 0, snapshotLength: UInt64 = 0, snapshotIndexChecksum: UInt64 = 0

        /// The header of `bytes`, its checksum, versions and bounds checked (not the table's or a section's
        /// checksum).
        static func read(_ bytes: UnsafeRawBufferPointer) -> Result<Header, Rejection> {
            guard bytes.count >= size, bytes.prefix(8).elementsEqual(LibraryCache.magic) else {
                return .failure(.badHeader)
            }
            var reader = CacheBytesReader(bytes, offset: 8)
            // The versions first: another version's header may be laid out otherwise (version 1's was shorter),
            // so its checksum would say "damaged" of a cache that is only older.
            guard let format = reader.integer(UInt32.self), let parser = reader.integer(UInt32.self) else {
                return .failure(.badHeader)
            }
            guard format == LibraryCache.formatVersion, parser == LibraryCache.parserVersion else {
                return .failure(.otherVersion)
            }
            guard let fileCount = reader.integer(UInt32.self), reader.integer(UInt32.self) != nil,
                let tableOffset = reader.integer(UInt64.self), let tableLength = reader.integer(UInt64.self),
                let tableChecksum = reader.integer(UInt64.self), let frontOffset = reader.integer(UInt64.self),
                let frontLength = reader.integer(UInt64.self), let frontChecksum = reader.integer(UInt64.self),
                let snapshotOffset = reader.integer(UInt64.self), let snapshotLength = reader.integer(UInt64.self),
                let snapshotIndexChecksum = reader.integer(UInt64.self), let checksum = reader.integer(UInt64.self),
                CacheChecksum.of(UnsafeRawBufferPointer(rebasing: bytes[0..<size - 8])) == checksum
            else { return .failure(.badHeader) }
            let count = UInt64(bytes.count)
            guard tableOffset >= UInt64(size), tableOffset <= count, tableLength == count - tableOffset,
                frontOffset >= UInt64(size), frontOffset <= tableOffset, frontLength <= tableOffset - frontOffset,
                snapshotOffset >= UInt64(size), snapshotOffset <= tableOffset,
                snapshotLength <= tableOffset - snapshotOffset
            else { return .failure(.badTable) }
            return .success(
                Header(
                    fileCount: fileCount, tableOffset: tableOffset, tableLength: tableLength,
                    tableChecksum: tableChecksum, frontOffset: frontOffset, frontLength: frontLength,
                    frontChecksum: frontChecksum, snapshotOffset: snapshotOffset, snapshotLength: snapshotLength,
                    snapshotIndexChecksum: snapshotIndexChecksum))
        }

        func bytes() -> [UInt8] {
            var header = CacheBytesWriter()
            header.bytes = LibraryCache.magic
            header.append(LibraryCache.formatVersion)
            header.append(LibraryCache.parserVersion)
            header.append(fileCount)
            header.append(UInt32(0))
            for number in [
                tableOffset, tableLength, tableChecksum, frontOffset, frontLength, frontChecksum, snapshotOffset,
                snapshotLength, snapshotIndexChecksum,
            ] {
                header.append(number)
            }
            header.append(CacheChecksum.of(header.bytes))
            return header.bytes
        }
    }
}

extension LibraryCache {
    /// What a start would make of the cache now, in words, for `folio doctor`.
    public func state(paths: [String]) -> String {
        switch open() {
        case .failure(.missing): return "not yet written"
        case .failure(.otherVersion): return "of another folio version: written again at the next start"
        case .failure: return "damaged: ignored, and written again at the next start"
        case .success(let contents):
            if DigestLoader.firstFrame(paths: paths, cache: self) != nil {
                return "\(contents.sections.count) files, current: the next start draws from it"
            }
            return "\(contents.sections.count) files; some digests changed since: those are parsed again"
        }
    }
}
