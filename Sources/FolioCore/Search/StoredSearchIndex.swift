import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A library's search index, kept beside its library cache (`library-<hash>.index` in `$XDG_CACHE_HOME/folio`),
/// so that a start or a `folio search` whose files have not changed reads the index instead of building it.
///
/// The file: a header (magic, the layout's version, the parsers' version, the paper and term counts, what the
/// index is valid for, where each of the index's arrays lies with its element count and checksum, and a
/// checksum of all that), then the arrays, each at an 8-byte boundary, in this machine's little-endian layout.
/// It is used only for the library it was built from (`Validity`: the files' stamps taken before they were read,
/// the paper count, a digest of the papers in order), only when every checksum holds, and only once its
/// structure is checked (`SearchIndex.Parts.isSound`), so a damaged or foreign file is never trusted and never
/// read out of bounds. Safe to delete at any time; written whole or not at all.
public struct StoredSearchIndex: Sendable {
    static let magic: [UInt8] = Array("FOLIOIDX".utf8)
    /// Raise whenever the index built from a library changes (folding, positions, caps, array layout), so that an
    /// index stored by an older folio is not used.
    static let formatVersion: UInt32 = 1

    /// The index file.
    public let path: String

    public init(path: String) { self.path = path }

    /// The index beside `cache`, named as it is.
    public init(beside cache: LibraryCache) {
        self.init(path: (cache.path as NSString).deletingPathExtension + ".index")
    }

    /// The index of the library made from `paths`, beside that library's cache.
    public init(forPaths paths: [String], xdg: XDGPaths = XDGPaths()) {
        self.init(beside: LibraryCache(forPaths: paths, xdg: xdg))
    }

    /// What a stored index answers for: the files a load read and their stamps, and the library that load made.
    public struct Validity: Sendable, Equatable {
        public var stampsDigest: UInt64
        public var paperCount: Int
        /// Each paper's title hash, title and abstract lengths and last day, in order: what ties the index's paper
        /// numbers, lengths and days to this library's.
        public var papersDigest: UInt64

        /// The digest of the files and stamps in `loaded`: all that `readWithListing` checks.
        public static func stampsDigest(of loaded: LoadedFiles) -> UInt64 {
            LibraryCache.stampsDigest(files: loaded.files, stamps: loaded.stamps)
        }

        /// `loaded` must have been stamped before the files were read (`listing(paths:)` then the load): a file
        /// written meanwhile then has a newer stamp than the one recorded, and the index is not used again.
        public init(loaded: LoadedFiles, library: Library) {
            stampsDigest = Self.stampsDigest(of: loaded)
            paperCount = library.papers.count
            // Three words a paper, read field by field: a loop copying each `Paper` would retain all its parts.
            var words = [UInt64](repeating: 0, count: 3 * library.papers.count)
            words.withUnsafeMutableBufferPointer { words in
                library.papers.withUnsafeBufferPointer { papers in
                    for index in papers.indices {
                        words[3 * index] = papers[index].titleHash
                        words[3 * index + 1] =
                            UInt64(papers[index].title.utf8.count) << 32 | UInt64(papers[index].abstract.utf8.count)
                        words[3 * index + 2] = UInt64(bitPattern: Int64(papers[index].lastSeen.ordinal))
                    }
                }
            }
            papersDigest = words.withUnsafeBytes { CacheChecksum.of($0) }
        }

        init(stampsDigest: UInt64, paperCount: Int, papersDigest: UInt64) {
            (self.stampsDigest, self.paperCount, self.papersDigest) = (stampsDigest, paperCount, papersDigest)
        }
    }

    /// The files a load of `paths` reads, stamped now: to be taken before the load. Nil for standard input, which
    /// has no stamp.
    public static func listing(paths: [String]) -> LoadedFiles? {
        guard !paths.contains("-") else { return nil }
        return LoadedFiles(files: LibraryCache.files(of: paths))
    }

    /// Whether `FOLIO_NO_CACHE` asks for no cache: then no index is stored or read either.
    public static func disabled(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        LibraryCache.disabled(environment: environment)
    }

    // MARK: - Reading

    /// The stored index, when the file holds a sound one valid for `validity`; else nil (missing, of another
    /// version, for other files or another library, damaged anywhere). `workers`: how many threads read its
    /// arrays; the reader uses one, leaving the other core to the UI thread, busy with the library just loaded.
    public func read(validFor validity: Validity, workers: Int = 2) -> SearchIndex? {
        guard let (descriptor, header) = openHeader(), header.validity == validity else { return nil }
        defer { close(descriptor) }
        guard let parts = Self.readArrays(descriptor, header.arrays, workers: workers),
            parts.isSound(paperCount: validity.paperCount, termCount: header.termCount)
        else { return nil }
        return SearchIndex(parts)
    }

    /// The file, open, and its header when that is sound; the caller closes the descriptor.
    func openHeader() -> (descriptor: Int32, header: Header)? {
        guard 1.littleEndian == 1 else { return nil }  // the arrays are stored as a little-endian host holds them
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        var headerBytes = [UInt8](repeating: 0, count: Header.size)
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) >= Header.size,
            Self.read(descriptor, into: &headerBytes, at: 0),
            let header = Header(headerBytes, fileSize: Int(status.st_size))
        else {
            close(descriptor)
            return nil
        }
        return (descriptor, header)
    }

    /// Every array, read by `workers` threads (the biggest first), each checked against its checksum.
    static func readArrays(_ descriptor: Int32, _ extents: [Header.Extent], workers: Int = 2)
        -> SearchIndex.Builder.Parts?
    {
        let arrays = ReadArrays()
        /// Reads array `number` and hands it to `store`; false when it is not sound.
        func reading<Element: FixedWidthInteger & SendableMetatype>(
            _ number: Int, _ store: @escaping @Sendable ([Element]) -> Void
        ) -> @Sendable () -> Bool {
            {
                guard let array: [Element] = read(descriptor, extents[number]) else { return false }
                store(array)
                return true
            }
        }
        // Each task sets one property of its own: none touches another's.
        let tasks: [@Sendable () -> Bool] = [
            reading(0) { arrays.termBytes = $0 }, reading(1) { arrays.termOffsets = $0 },
            reading(2) { arrays.postingStart = $0 }, reading(3) { arrays.postingPapers = $0 },
            reading(4) { arrays.termPositionStart = $0 }, reading(5) { arrays.positionCounts = $0 },
            reading(6) { arrays.positions = $0 }, reading(7) { arrays.titleLengths = $0 },
            reading(8) { arrays.abstractLengths = $0 }, reading(9) { arrays.lastSeen = $0 },
        ]
        // The index's ten arrays (the listing's follow them), the biggest first.
        let order = tasks.indices.sorted {
            extents[$0].count * extents[$0].elementSize > extents[$1].count * extents[$1].elementSize
        }
        let next = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        DispatchQueue.concurrentPerform(iterations: max(1, workers)) { _ in
            while !failed.load(ordering: .relaxed) {
                let taken = next.add(1, ordering: .relaxed).oldValue
                guard taken < order.count else { return }
                if !tasks[order[taken]]() { failed.store(true, ordering: .relaxed) }
            }
        }
        guard !failed.load(ordering: .relaxed), let termBytes = arrays.termBytes, let termOffsets = arrays.termOffsets,
            let postingStart = arrays.postingStart, let postingPapers = arrays.postingPapers,
            let termPositionStart = arrays.termPositionStart, let positionCounts = arrays.positionCounts,
            let positions = arrays.positions, let titleLengths = arrays.titleLengths,
            let abstractLengths = arrays.abstractLengths, let lastSeen = arrays.lastSeen
        else { return nil }
        return SearchIndex.Builder.Parts(
            termBytes: termBytes, termOffsets: termOffsets, postingStart: postingStart, postingPapers: postingPapers,
            termPositionStart: termPositionStart, positionCounts: positionCounts, positions: positions,
            titleLengths: titleLengths, abstractLengths: abstractLengths, lastSeen: lastSeen)
    }

    /// The arrays as the readers fill them in: one property each, so that two threads never write the same one.
    private final class ReadArrays: @unchecked Sendable {
        var termBytes: [UInt8]?
        var termOffsets: [UInt32]?
        var postingStart: [UInt32]?
        var postingPapers: [UInt32]?
        var termPositionStart: [UInt32]?
        var positionCounts: [UInt8]?
        var positions: [UInt16]?
        var titleLengths: [UInt16]?
        var abstractLengths: [UInt16]?
        var lastSeen: [Int32]?
    }

    /// One array, read whole into memory and its checksum checked.
    static func read<Element: FixedWidthInteger>(_ descriptor: Int32, _ extent: Header.Extent) -> [Element]? {
        guard extent.elementSize == MemoryLayout<Element>.size else { return nil }
        var complete = true
        let array = [Element](unsafeUninitializedCapacity: extent.count) { buffer, initialized in
            complete = readFully(descriptor, into: UnsafeMutableRawBufferPointer(buffer), at: extent.offset)
            // Integers need no initialising: whatever was read is dropped below when it is not all there.
            initialized = extent.count
        }
        guard complete, array.withUnsafeBytes({ CacheChecksum.of($0) }) == extent.checksum else { return nil }
        return array
    }

    private static func read(_ descriptor: Int32, into bytes: inout [UInt8], at offset: Int) -> Bool {
        bytes.withUnsafeMutableBytes { readFully(descriptor, into: $0, at: offset) }
    }

    // MARK: - Header

    /// The file's first bytes; see the type's comment.
    struct Header {
        /// magic, 2 versions, 2 counts, 2 digests, 13 extents of 3 words, the checksum.
        static let size = 8 + 8 + 16 + 16 + arrayCount * 24 + 8
        static let arrayCount = 13
        /// The size in bytes of an element of each array, in their order in the file: the index's ten, then the
        /// listing's three (`StoredSearchIndex+Listing.swift`).
        static let elementSizes = [1, 4, 4, 4, 4, 1, 2, 2, 2, 4, 4, 1, 1]

        struct Extent {
            var offset: Int
            var count: Int
            var checksum: UInt64
            var elementSize: Int
        }

        var validity: Validity
        var termCount: Int
        var arrays: [Extent]

        init(validity: Validity, termCount: Int, arrays: [Extent]) {
            (self.validity, self.termCount, self.arrays) = (validity, termCount, arrays)
        }

        /// The header of `bytes`: its checksum, versions and every extent's bounds within the file checked.
        init?(_ bytes: [UInt8], fileSize: Int) {
            guard bytes.count == Self.size, bytes.prefix(8).elementsEqual(StoredSearchIndex.magic) else { return nil }
            let checked = bytes.withUnsafeBytes { raw -> Header? in
                var reader = CacheBytesReader(raw, offset: 8)
                guard reader.integer(UInt32.self) == StoredSearchIndex.formatVersion,
                    reader.integer(UInt32.self) == LibraryCache.parserVersion,
                    let paperCount = reader.integer(UInt64.self), let termCount = reader.integer(UInt64.self),
                    let stampsDigest = reader.integer(UInt64.self), let papersDigest = reader.integer(UInt64.self),
                    paperCount <= UInt64(fileSize), termCount <= UInt64(fileSize)
                else { return nil }
                var arrays: [Extent] = []
                for elementSize in Self.elementSizes {
                    guard let offset = reader.integer(UInt64.self), let count = reader.integer(UInt64.self),
                        let checksum = reader.integer(UInt64.self), offset >= UInt64(Self.size),
                        offset <= UInt64(fileSize), count <= (UInt64(fileSize) - offset) / UInt64(elementSize)
                    else { return nil }
                    arrays.append(
                        Extent(offset: Int(offset), count: Int(count), checksum: checksum, elementSize: elementSize))
                }
                guard
                    reader.integer(UInt64.self)
                        == CacheChecksum.of(UnsafeRawBufferPointer(rebasing: raw[0..<Self.size - 8]))
                else { return nil }
                return Header(
                    validity: Validity(
                        stampsDigest: stampsDigest, paperCount: Int(paperCount), papersDigest: papersDigest),
                    termCount: Int(termCount), arrays: arrays)
            }
            guard let checked else { return nil }
            self = checked
        }

        func bytes() -> [UInt8] {
            var header = CacheBytesWriter()
            header.bytes = StoredSearchIndex.magic
            header.append(StoredSearchIndex.formatVersion)
            header.append(LibraryCache.parserVersion)
            header.append(UInt64(validity.paperCount))
            header.append(UInt64(termCount))
            header.append(validity.stampsDigest)
            header.append(validity.papersDigest)
            for extent in arrays {
                header.append(UInt64(extent.offset))
                header.append(UInt64(extent.count))
                header.append(extent.checksum)
            }
            header.append(CacheChecksum.of(header.bytes))
            return header.bytes
        }
    }
}
