import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The cache sections of the files a load parsed, encoded by the parsing workers as each file is parsed (before
/// the join takes its entries) and written to a file of their own beside the cache, unlinked as soon as made:
/// the cache's writer copies a section from there instead of reading and parsing the file a second time. On
/// disk rather than in memory, so that they cost the page cache, not the reader's memory (at 100,000 entries
/// they are some 70 MB); gone when the last reference goes, or with the process.
public final class ParsedSections: Sendable {
    private struct Spilled: Sendable {
        var stamp: DigestFileStamp
        var range: Range<Int>
        var checksum: UInt64
    }

    private let descriptor: Int32
    private let end = Atomic<Int>(0)
    private let spilled = Mutex<[String: Spilled]>([:])

    /// Nil when no file can be made in the cache's folder: the writer then parses every file itself.
    init?(besides cache: LibraryCache) {
        guard cache.makeFolderIfNeeded() else { return nil }
        let name = cache.folder + "/.parsed-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        descriptor = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        unlink(name)
    }

    deinit { close(descriptor) }

    /// How many files' sections are kept.
    public var count: Int { spilled.withLock { $0.count } }

    /// Records the section of `path`, parsed from its content as of `stamp` (taken before it was read), of about
    /// `size` bytes (the file's: a section is about as long, so it is made without growing). A write that fails
    /// records nothing: that file is parsed again by the writer.
    func add(path: String, stamp: DigestFileStamp, outcome: ParseOutcome, size: Int) {
        var section = CacheBytesWriter()
        section.bytes.reserveCapacity(size + size / 4 + 256)
        section.append(outcome)
        let count = section.bytes.count
        let offset = end.add(count, ordering: .relaxed).oldValue
        let written = section.bytes.withUnsafeBytes { bytes in
            var done = 0
            while done < count {
                let wrote = pwrite(descriptor, bytes.baseAddress! + done, count - done, off_t(offset + done))
                if wrote < 0, errno == EINTR { continue }
                guard wrote > 0 else { return false }
                done += wrote
            }
            return true
        }
        guard written else { return }
        let checksum = CacheChecksum.of(section.bytes)
        spilled.withLock { $0[path] = Spilled(stamp: stamp, range: offset..<offset + count, checksum: checksum) }
    }

    /// The section of `path` into `buffer`, and its checksum, when one was recorded for this stamp and reads back
    /// whole and sound.
    func section(path: String, stamp: DigestFileStamp, into buffer: inout [UInt8]) -> UInt64? {
        guard let section = spilled.withLock({ $0[path] }), section.stamp == stamp else { return nil }
        let count = section.range.count
        buffer = [UInt8](repeating: 0, count: count)
        let read = buffer.withUnsafeMutableBytes { readFully(descriptor, into: $0, at: section.range.lowerBound) }
        guard read, CacheChecksum.of(buffer) == section.checksum else { return nil }
        return section.checksum
    }
}
