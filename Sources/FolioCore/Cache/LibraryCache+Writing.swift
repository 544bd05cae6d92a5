import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension LibraryCache {
    /// What a refresh did, for `folio doctor` and the tests.
    public struct RefreshReport: Sendable, Equatable {
        /// Files whose cached section was sound and kept as it was.
        public var kept = 0
        /// Files read and parsed again (new, changed, or their section damaged).
        public var parsed = 0
        /// Files whose section the load had made as it parsed them (`ParsedSections`): copied, not parsed again.
        public var reused = 0
        /// Files left out (unreadable, or changed while being read): parsed at every start until readable.
        public var skipped = 0
        /// Why the cache could not be written, when it could not.
        public var failure: String?
    }

    /// Writes the cache of `files` afresh: a file whose stamp is the one recorded keeps its section (its checksum
    /// checked first), any other is read and parsed again, one at a time (this runs in the background, beside
    /// the reader). Only files read whole, whose stamp did not change while being read, are recorded. The new
    /// cache replaces the old by a rename: a reader sees the old cache or the new one.
    ///
    /// With `firstFrame` (the library a load made, and that load's `Timings.loadedFiles`), the first frame's part
    /// and the snapshot are written too, when the files are still exactly those the library was made from.
    ///
    /// With `parsed` (the load's `Timings.parsedSections`), a file that load parsed, unchanged since, has its
    /// section copied from there rather than parsed again.
    @discardableResult
    public func refresh(
        files: [String], firstFrame: (library: Library, loaded: LoadedFiles)? = nil, parsed: ParsedSections? = nil
    ) -> RefreshReport {
        var report = RefreshReport()
        let old = try? open().get()
        report.failure = StreamedFile.replacing(path) { output in
            output.write([UInt8](repeating: 0, count: Self.headerSize))
            var table = CacheBytesWriter()
            var recorded: UInt32 = 0
            var buffer: [UInt8] = []
            var stamps: [DigestFileStamp?] = []
            for file in files {
                let stamp = DigestFileStamp.of(file)
                stamps.append(stamp)
                guard let stamp else {
                    report.skipped += 1
                    continue
                }
                let offset = output.offset
                var checksum: UInt64
                if let kept = old?.sectionBytes(path: file, stamp: stamp) {
                    checksum = CacheChecksum.of(kept)
                    output.write(kept)
                    report.kept += 1
                } else if let copied = parsed?.section(path: file, stamp: stamp, into: &buffer) {
                    checksum = copied
                    output.write(buffer)
                    report.reused += 1
                } else {
                    guard case .success(let modified) = DigestLoader.readFile(file, into: &buffer),
                        DigestFileStamp.of(file) == stamp
                    else {
                        report.skipped += 1
                        stamps[stamps.count - 1] = nil
                        continue
                    }
                    var input = DigestInput(source: file, bytes: [], modificationDate: modified)
                    swap(&input.bytes, &buffer)
                    var section = CacheBytesWriter()
                    section.append(DigestParser.parse(input))
                    swap(&input.bytes, &buffer)
                    checksum = CacheChecksum.of(section.bytes)
                    output.write(section.bytes)
                    report.parsed += 1
                }
                table.append(file)
                table.append(stamp.size)
                table.append(stamp.modifiedNanoseconds)
                table.append(UInt64(offset))
                table.append(UInt64(output.offset - offset))
                table.append(checksum)
                recorded += 1
            }
            // The first frame and the snapshot, only for the files they were made from, every one of them recorded
            // here as it was then; the snapshot only of a whole library.
            let madeFrom =
                firstFrame.map { report.skipped == 0 && $0.loaded.files == files && $0.loaded.stamps == stamps }
                ?? false
            var front = CacheBytesWriter()
            if let firstFrame, madeFrom {
                front.appendFirstFrame(
                    of: firstFrame.library, stampsDigest: Self.stampsDigest(files: files, stamps: stamps))
            }
            let frontOffset = output.offset
            output.write(front.bytes)
            var snapshot = (offset: output.offset, length: 0, indexChecksum: UInt64(0))
            if let firstFrame, madeFrom, firstFrame.library.knowsEarlierDays {
                snapshot = writeSnapshot(
                    of: firstFrame.library, stampsDigest: Self.stampsDigest(files: files, stamps: stamps),
                    listingDigest: firstFrame.loaded.listingDigest, to: &output)
            }
            let tableOffset = output.offset
            output.write(table.bytes)
            let header = Header(
                fileCount: recorded, tableOffset: UInt64(tableOffset), tableLength: UInt64(table.bytes.count),
                tableChecksum: CacheChecksum.of(table.bytes), frontOffset: UInt64(frontOffset),
                frontLength: UInt64(front.bytes.count), frontChecksum: CacheChecksum.of(front.bytes),
                snapshotOffset: UInt64(snapshot.offset), snapshotLength: UInt64(snapshot.length),
                snapshotIndexChecksum: snapshot.indexChecksum)
            output.write(header.bytes(), at: 0)
        }
        return report
    }

    /// The folder the cache file is in.
    var folder: String { (path as NSString).deletingLastPathComponent }

    /// Whether the cache's folder is there, made now (private to the user) if it was not.
    func makeFolderIfNeeded() -> Bool {
        FileManager.default.fileExists(atPath: folder)
            || (try? FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil
    }

    /// Temporary files of writers that ended before renaming theirs (the reader quit mid-write): gone after an
    /// hour, so that two readers writing at once never remove each other's.
    func removeAbandonedPartials(in folder: String) {
        let prefix = "." + (path as NSString).lastPathComponent + ".partial-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(prefix) {
            let file = folder + "/" + name
            var status = stat()
            if stat(file, &status) == 0, time(nil) - status.st_mtim.tv_sec > 3600 { unlink(file) }
        }
    }
}

/// Writes bytes to a descriptor in order, remembering the first failure (the caller checks once, at the end).
struct StreamedFile {
    /// Writes the file at `path` whole or not at all: `write` streams its bytes into a temporary file beside it
    /// (the folder made, private to the user, when missing; partials an earlier writer abandoned removed), which
    /// is synced and renamed over it, so a reader sees the old file or the new one. Returns why it could not.
    static func replacing(_ path: String, by write: (inout StreamedFile) -> Void) -> String? {
        // The cache's file handling, for any file kept beside it.
        let beside = LibraryCache(path: path)
        let folder = beside.folder
        guard beside.makeFolderIfNeeded() else { return "cannot create \(folder)" }
        beside.removeAbandonedPartials(in: folder)
        let temporary =
            folder + "/." + (path as NSString).lastPathComponent
            + ".partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return "cannot create \(temporary): \(String(cString: strerror(errno)))" }
        var written = false
        defer {
            close(descriptor)
            if !written { unlink(temporary) }
        }
        var output = StreamedFile(descriptor: descriptor)
        write(&output)
        if let failure = output.failure ?? (fsync(descriptor) == 0 ? nil : String(cString: strerror(errno))) {
            return "cannot write \(temporary): \(failure)"
        }
        guard rename(temporary, path) == 0 else {
            return "cannot rename \(temporary) to \(path): \(String(cString: strerror(errno)))"
        }
        written = true
        return nil
    }

    let descriptor: Int32
    private(set) var offset = 0
    private(set) var failure: String?

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func write(_ bytes: [UInt8]) { bytes.withUnsafeBytes { write($0) } }

    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        var done = 0
        while failure == nil, done < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
            } else {
                done += count
            }
        }
        offset += bytes.count
    }

    /// Over bytes written before.
    mutating func write(_ bytes: [UInt8], at position: Int) {
        guard failure == nil else { return }
        let count = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress!, $0.count, off_t(position)) }
        if count != bytes.count { failure = count < 0 ? String(cString: strerror(errno)) : "short write" }
    }
}

extension LibraryCache {
    /// `refresh(files:)` of the files a load of `paths` reads: folders' digest files, files named, not `-`.
    @discardableResult
    public func refresh(
        paths: [String], firstFrame: (library: Library, loaded: LoadedFiles)? = nil, parsed: ParsedSections? = nil
    ) -> RefreshReport {
        refresh(files: Self.files(of: paths), firstFrame: firstFrame, parsed: parsed)
    }

    static func files(of paths: [String]) -> [String] {
        var files: [String] = []
        for path in paths where path != "-" {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            files += isFolder.boolValue ? DigestLoader.filesInFolder(path).files : [path]
        }
        return files
    }
}
