import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension StoredSearchIndex {
    /// Writes `index`, built from `library` (which `validity` describes), and its papers' records, in place of
    /// any stored before: to a temporary file beside it, synced, then renamed over it, so a reader sees the old
    /// index or the new one, whole. Returns why it could not, or nil. Runs in the background, beside the reader.
    @discardableResult
    public func write(_ index: SearchIndex, of library: Library, validFor validity: Validity) -> String? {
        guard 1.littleEndian == 1 else { return "the index is stored on little-endian machines only" }
        let cache = LibraryCache(path: path)
        let folder = cache.folder
        guard cache.makeFolderIfNeeded() else { return "cannot create \(folder)" }
        cache.removeAbandonedPartials(in: folder)
        let temporary =
            folder + "/." + (path as NSString).lastPathComponent
            + ".partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return "cannot create \(temporary): \(String(cString: strerror(errno)))" }
        var written = false
        defer {
            close(descriptor)
            if !written { unlink(temporary) }
        }
        var output = StreamedFile(descriptor: descriptor)
        output.write([UInt8](repeating: 0, count: Header.size))
        var arrays: [Header.Extent] = []
        func append<Element: FixedWidthInteger>(_ array: [Element]) {
            output.write([UInt8](repeating: 0, count: (8 - output.offset % 8) % 8))
            let offset = output.offset
            let checksum = array.withUnsafeBytes { bytes in
                output.write(bytes)
                return CacheChecksum.of(bytes)
            }
            arrays.append(
                Header.Extent(
                    offset: offset, count: array.count, checksum: checksum, elementSize: MemoryLayout<Element>.size))
        }
        // In `Header.elementSizes`' order, which `read` follows.
        append(index.termBytes)
        append(index.termOffsets)
        append(index.postingStart)
        append(index.postingPapers)
        append(index.termPositionStart)
        append(index.positionCounts)
        append(index.positions)
        append(index.titleLengths)
        append(index.abstractLengths)
        append(index.lastSeen)
        let listing = Self.listingArrays(of: library)
        append(listing.starts)
        append(listing.records)
        append(listing.problemFree)
        let header = Header(validity: validity, termCount: index.termCount, arrays: arrays)
        output.write(header.bytes(), at: 0)
        if let failure = output.failure ?? (fsync(descriptor) == 0 ? nil : String(cString: strerror(errno))) {
            return "cannot write \(temporary): \(failure)"
        }
        guard rename(temporary, path) == 0 else {
            return "cannot rename \(temporary) to \(path): \(String(cString: strerror(errno)))"
        }
        written = true
        return nil
    }
}
