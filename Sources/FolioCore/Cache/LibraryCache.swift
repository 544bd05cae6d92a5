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
public struct LibraryCache: Sendable {
    /// The layout of the file; a cache of another layout is ignored (and rewritten).
    static let formatVersion: UInt32 = 1
    /// What the parsers make of a digest: raise it whenever a parser's output changes (a new field of an entry,
    /// a problem worded otherwise), so that entries parsed by an older folio are not used.
    static let parserVersion: UInt32 = 1
    static let magic: [UInt8] = Array("FOLIOLIB".utf8)
    /// magic, two versions, file count, a spare word, the table's offset, length and checksum, the header's
    /// checksum. The sections follow; the table comes last, so a writer streams the sections out as it makes them.
    static let headerSize = 56

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

        /// The parse outcome of `path` with this stamp, when the cache holds a sound one.
        func outcome(path: String, stamp: DigestFileStamp) -> ParseOutcome? {
            guard let bytes = sectionBytes(path: path, stamp: stamp) else { return nil }
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
        guard bytes.count >= Self.headerSize, bytes.prefix(8).elementsEqual(Self.magic) else {
            return .failure(.badHeader)
        }
        var header = CacheBytesReader(bytes, offset: 8)
        guard let format = header.integer(UInt32.self), let parser = header.integer(UInt32.self),
            let fileCount = header.integer(UInt32.self), header.integer(UInt32.self) != nil,
            let tableOffset = header.integer(UInt64.self), let tableLength = header.integer(UInt64.self),
            let tableChecksum = header.integer(UInt64.self), let headerChecksum = header.integer(UInt64.self),
            CacheChecksum.of(UnsafeRawBufferPointer(rebasing: bytes[0..<Self.headerSize - 8])) == headerChecksum
        else { return .failure(.badHeader) }
        guard format == Self.formatVersion, parser == Self.parserVersion else { return .failure(.otherVersion) }
        guard tableOffset >= UInt64(Self.headerSize), tableOffset <= UInt64(bytes.count),
            tableLength == UInt64(bytes.count) - tableOffset
        else { return .failure(.badTable) }
        let tableStart = Int(tableOffset)
        let table = UnsafeRawBufferPointer(rebasing: bytes[tableStart...])
        guard CacheChecksum.of(table) == tableChecksum else { return .failure(.badTable) }
        var reader = CacheBytesReader(table)
        var sections: [String: Section] = [:]
        sections.reserveCapacity(Int(min(fileCount, 1 << 20)))
        for _ in 0..<fileCount {
            guard let path = reader.text(), let size = reader.integer(Int64.self),
                let modified = reader.integer(Int64.self), let offset = reader.integer(UInt64.self),
                let length = reader.integer(UInt64.self), let checksum = reader.integer(UInt64.self),
                offset >= UInt64(Self.headerSize), offset <= tableOffset, length <= tableOffset - offset
            else { return .failure(.badTable) }
            sections[path] = Section(
                stamp: DigestFileStamp(size: size, modifiedNanoseconds: modified),
                range: Int(offset)..<Int(offset + length), checksum: checksum)
        }
        guard reader.isAtEnd, !reader.failed else { return .failure(.badTable) }
        return .success(Contents(file: file, sections: sections))
    }
}
