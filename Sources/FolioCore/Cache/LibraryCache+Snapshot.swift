import Foundation
import Synchronization

/// The snapshot: the whole library as the last full load joined it, so that a load whose files are exactly those
/// (none new, none gone, none changed, the folders listing the same skipped files) neither parses nor joins.
///
/// Laid out for decoding on every core: an index (checksummed in the cache's header) says where the head lies
/// (the counts, problems, notes, digests and days, with its own checksum) and where each chunk of papers lies
/// (a run of consecutive papers, with its own checksum). Workers take chunks, read each into a buffer they
/// reuse (`MappedFile.read`: the chunks never stay in the process's memory beside the library), check it and
/// decode it into its papers' places. Any damage (a checksum, a count, an index out of bounds) and the load
/// goes on as without the snapshot.
extension LibraryCache {
    /// Where a run of papers lies in the snapshot part, and its checksum.
    struct SnapshotChunk {
        static let size = 32
        var firstPaper: Int
        var paperCount: Int
        var range: Range<Int>
        var checksum: UInt64
    }

    /// What the index says, all offsets relative to the snapshot part's start.
    struct SnapshotIndex {
        static let fixedSize = 48
        var stampsDigest: UInt64
        var listingDigest: UInt64
        var paperCount: Int
        var head: Range<Int>
        var headChecksum: UInt64
        var chunks: [SnapshotChunk]

        static func size(chunkCount: Int) -> Int { fixedSize + SnapshotChunk.size * chunkCount }
    }

    /// Papers a chunk holds: sixteen chunks or more, so that every core has its share and they finish together;
    /// at most 512 papers each (half a megabyte: the buffer a worker reads them into stays small), a hundred and
    /// thirty chunks at 66,000 papers, an index of 4 KB.
    static func papersPerSnapshotChunk(paperCount: Int) -> Int { max(16, min(512, paperCount / 16)) }

    /// A checksum of what listing the paths said beside the files (the files skipped, the paths missing): a
    /// snapshot holds those notes and problems, so a new skipped file makes it stale too.
    static func listingDigest(notes: [String], problems: [Diagnostic]) -> UInt64 {
        var writer = CacheBytesWriter()
        writer.append(notes)
        writer.append(UInt32(problems.count))
        for problem in problems { writer.append(problem) }
        return CacheChecksum.of(writer.bytes)
    }

    /// The library recorded in the snapshot, when it was made from exactly `loaded` (files and stamps) and a
    /// listing whose digest is `listingDigest`; nil when there is none, it is stale, or any of it is damaged.
    func snapshot(loaded: LoadedFiles, listingDigest: UInt64) -> Library? {
        guard let opened = openSnapshot(loaded: loaded, listingDigest: listingDigest) else { return nil }
        let (file, start, index, head) = opened
        guard
            let papers = Self.decodePapers(
                index: index, digestCount: head.summary.digests.count,
                read: { file.read(start + $0.lowerBound..<start + $0.upperBound, into: &$1) })
        else { return nil }
        var library = Library(
            papers: papers, days: head.days, digests: head.summary.digests, problems: head.summary.problems)
        library.notes = head.summary.notes
        library.fileCount = head.summary.fileCount
        library.knowsEarlierDays = head.knowsEarlierDays
        return library
    }

    /// What the snapshot says of its library without decoding a paper: `folio check` prints no more.
    func snapshotCounts(loaded: LoadedFiles, listingDigest: UInt64) -> LibraryCounts? {
        guard let (_, _, index, head) = openSnapshot(loaded: loaded, listingDigest: listingDigest) else {
            return nil
        }
        return LibraryCounts(
            problems: head.summary.problems, notes: head.summary.notes, fileCount: head.summary.fileCount,
            entryCount: head.summary.digests.reduce(0) { $0 + $1.entryCount }, paperCount: index.paperCount)
    }

    /// The snapshot's index and head, checked, when it was made from `loaded` and that listing.
    private func openSnapshot(loaded: LoadedFiles, listingDigest: UInt64)
        -> (file: MappedFile, start: Int, index: SnapshotIndex, head: SnapshotHead)?
    {
        guard let file = MappedFile.map(path), case .success(let header) = Header.read(file.bytes),
            header.snapshotLength > 0
        else { return nil }
        let start = Int(header.snapshotOffset)
        let part = UnsafeRawBufferPointer(rebasing: file.bytes[start..<start + Int(header.snapshotLength)])
        guard let index = Self.snapshotIndex(part, checksum: header.snapshotIndexChecksum),
            index.stampsDigest == Self.stampsDigest(files: loaded.files, stamps: loaded.stamps),
            index.listingDigest == listingDigest
        else { return nil }
        var buffer: [UInt8] = []
        guard file.read(start + index.head.lowerBound..<start + index.head.upperBound, into: &buffer),
            let head = buffer.withUnsafeBytes({ buffer -> SnapshotHead? in
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<index.head.count])
                guard CacheChecksum.of(bytes) == index.headChecksum else { return nil }
                var reader = CacheBytesReader(bytes)
                return reader.snapshotHead(paperCount: index.paperCount)
            })
        else { return nil }
        return (file, start, index, head)
    }

    /// The index at the start of `part`, its checksum and bounds checked: the head and the chunks lie in the part,
    /// the chunks cover the papers in order, each once.
    private static func snapshotIndex(_ part: UnsafeRawBufferPointer, checksum: UInt64) -> SnapshotIndex? {
        var reader = CacheBytesReader(part)
        guard let indexLength = reader.integer(UInt32.self), let indexBytes = reader.raw(Int(indexLength)),
            CacheChecksum.of(indexBytes) == checksum
        else { return nil }
        var index = CacheBytesReader(indexBytes)
        func range() -> Range<Int>? {
            guard let offset = index.integer(UInt64.self), let length = index.integer(UInt64.self),
                offset <= UInt64(part.count), length <= UInt64(part.count) - offset
            else { return nil }
            return Int(offset)..<Int(offset + length)
        }
        guard let stampsDigest = index.integer(UInt64.self), let listingDigest = index.integer(UInt64.self),
            let paperCount = index.integer(UInt32.self), let head = range(),
            let headChecksum = index.integer(UInt64.self), let chunkCount = index.integer(UInt32.self),
            Int(indexLength) == SnapshotIndex.size(chunkCount: Int(chunkCount))
        else { return nil }
        var chunks: [SnapshotChunk] = []
        chunks.reserveCapacity(Int(chunkCount))
        var covered = 0
        for _ in 0..<chunkCount {
            guard let first = index.integer(UInt32.self), Int(first) == covered,
                let count = index.integer(UInt32.self), let bytes = range(), let sum = index.integer(UInt64.self)
            else { return nil }
            chunks.append(
                SnapshotChunk(firstPaper: Int(first), paperCount: Int(count), range: bytes, checksum: sum))
            covered += Int(count)
        }
        guard covered == Int(paperCount), index.isAtEnd, !index.failed else { return nil }
        return SnapshotIndex(
            stampsDigest: stampsDigest, listingDigest: listingDigest, paperCount: Int(paperCount), head: head,
            headChecksum: headChecksum, chunks: chunks)
    }

    /// Every paper, the chunks decoded on every core straight into their places; nil when any chunk is damaged
    /// (the papers decoded are let go).
    private static func decodePapers(
        index: SnapshotIndex, digestCount: Int, read: @Sendable (Range<Int>, inout [UInt8]) -> Bool
    ) -> [Paper]? {
        let chunks = index.chunks
        guard !chunks.isEmpty else { return [] }
        let next = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        var complete = false
        let papers = [Paper](unsafeUninitializedCapacity: index.paperCount) { buffer, initialized in
            // Per chunk, how many of its papers were made: what to let go when another chunk fails.
            let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: chunks.count)
            counts.initialize(repeating: 0)
            defer { counts.deallocate() }
            nonisolated(unsafe) let buffer = buffer
            nonisolated(unsafe) let made = counts
            let workers = min(chunks.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                var bytes: [UInt8] = []
                while !failed.load(ordering: .relaxed) {
                    let number = next.add(1, ordering: .relaxed).oldValue
                    guard number < chunks.count else { break }
                    let chunk = chunks[number]
                    guard read(chunk.range, &bytes) else {
                        failed.store(true, ordering: .relaxed)
                        break
                    }
                    let sound = bytes.withUnsafeBytes { read in
                        let bytes = UnsafeRawBufferPointer(rebasing: read[0..<chunk.range.count])
                        guard CacheChecksum.of(bytes) == chunk.checksum else { return false }
                        var reader = CacheBytesReader(bytes)
                        for id in chunk.firstPaper..<chunk.firstPaper + chunk.paperCount {
                            guard let paper = reader.paper(id: id, digestCount: digestCount) else { return false }
                            (buffer.baseAddress! + id).initialize(to: paper)
                            made[number] += 1
                        }
                        return !reader.failed && reader.isAtEnd
                    }
                    if !sound { failed.store(true, ordering: .relaxed) }
                }
            }
            if failed.load(ordering: .relaxed) {
                for (number, chunk) in chunks.enumerated() {
                    (buffer.baseAddress! + chunk.firstPaper).deinitialize(count: made[number])
                }
                initialized = 0
            } else {
                initialized = index.paperCount
                complete = true
            }
        }
        return complete ? papers : nil
    }

    /// Writes the snapshot of `library` at the end of `output`: its index first (as zeros, written over once the
    /// chunks' places are known), the head, then the chunks, each made and written in turn (never the whole in
    /// memory). Returns where the part lies and its index's checksum, for the header.
    func writeSnapshot(
        of library: Library, stampsDigest: UInt64, listingDigest: UInt64, to output: inout StreamedFile
    ) -> (offset: Int, length: Int, indexChecksum: UInt64) {
        let start = output.offset
        let paperCount = library.papers.count
        let perChunk = Self.papersPerSnapshotChunk(paperCount: paperCount)
        let chunkCount = (paperCount + perChunk - 1) / perChunk
        let indexLength = SnapshotIndex.size(chunkCount: chunkCount)
        output.write([UInt8](repeating: 0, count: 4 + indexLength))
        var head = CacheBytesWriter()
        head.appendSnapshotHead(of: library)
        let headOffset = output.offset - start
        output.write(head.bytes)
        var index = CacheBytesWriter()
        index.append(stampsDigest)
        index.append(listingDigest)
        index.append(UInt32(paperCount))
        index.append(UInt64(headOffset))
        index.append(UInt64(head.bytes.count))
        index.append(CacheChecksum.of(head.bytes))
        index.append(UInt32(chunkCount))
        for number in 0..<chunkCount {
            let first = number * perChunk
            let papers = first..<min(paperCount, first + perChunk)
            var chunk = CacheBytesWriter()
            for id in papers { chunk.append(library.papers[id]) }
            index.append(UInt32(first))
            index.append(UInt32(papers.count))
            index.append(UInt64(output.offset - start))
            index.append(UInt64(chunk.bytes.count))
            index.append(CacheChecksum.of(chunk.bytes))
            output.write(chunk.bytes)
        }
        var prefix = CacheBytesWriter()
        prefix.append(UInt32(indexLength))
        prefix.bytes += index.bytes
        output.write(prefix.bytes, at: start)
        return (start, output.offset - start, CacheChecksum.of(index.bytes))
    }
}

extension CacheBytesWriter {
    /// Everything of the library but its papers: the counts, problems, notes, digests and days.
    mutating func appendSnapshotHead(of library: Library) {
        appendLoadSummary(of: library)
        append(library.knowsEarlierDays)
        append(UInt32(library.days.count))
        for day in library.days {
            append(day.date)
            append(UInt32(day.papers.count))
            for paper in day.papers { append(UInt32(paper)) }
            append(UInt32(day.digests.count))
            for digest in day.digests { append(UInt32(digest)) }
        }
    }
}

/// Everything of a snapshot's library but its papers.
struct SnapshotHead {
    var summary: LoadSummary
    var knowsEarlierDays: Bool
    var days: [Day]
}

extension CacheBytesReader {
    /// What `appendSnapshotHead` wrote; nil when any of it is damaged or points past the `paperCount` papers or
    /// the digests it holds.
    mutating func snapshotHead(paperCount: Int) -> SnapshotHead? {
        guard let summary = loadSummary(), let knowsEarlierDays = flag(), let dayCount = integer(UInt32.self),
            Int(dayCount) <= bytes.count - offset
        else { return nil }
        var days: [Day] = []
        days.reserveCapacity(Int(dayCount))
        for _ in 0..<dayCount {
            guard let date = date(), let papers = numbers(below: paperCount),
                let dayDigests = numbers(below: summary.digests.count)
            else { return nil }
            days.append(Day(date: date, papers: papers, digests: dayDigests))
        }
        guard !failed, isAtEnd else { return nil }
        return SnapshotHead(summary: summary, knowsEarlierDays: knowsEarlierDays, days: days)
    }

    /// A count, then that many 32-bit numbers, each below `limit`.
    private mutating func numbers(below limit: Int) -> [Int]? {
        guard let count = integer(UInt32.self), Int(count) <= (bytes.count - offset) / 4,
            let raw = raw(Int(count) * 4)
        else { return nil }
        var numbers: [Int] = []
        numbers.reserveCapacity(Int(count))
        for at in stride(from: 0, to: raw.count, by: 4) {
            let number = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
            guard number < limit else { return nil }
            numbers.append(number)
        }
        return numbers
    }
}
