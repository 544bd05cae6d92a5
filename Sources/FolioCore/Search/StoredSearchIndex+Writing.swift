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
        return StreamedFile.replacing(path) { output in
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
                        offset: offset, count: array.count, checksum: checksum, elementSize: MemoryLayout<Element>.size)
                )
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
        }
    }
}
