import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension StoredSearchIndex {
    /// What a start (or `folio search`) would make of the stored index now, in words, for `folio doctor`: its
    /// header, every array's checksum and structure, as a start checks them, and the files' stamps.
    public func state(paths: [String]) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            return "not yet written: the reader stores the index it builds"
        }
        guard let (descriptor, header) = openHeader() else {
            return "damaged or of another folio version: built and stored again at the next start"
        }
        defer { close(descriptor) }
        guard let parts = Self.readArrays(descriptor, header.arrays),
            parts.isSound(paperCount: header.validity.paperCount, termCount: header.termCount)
        else { return "damaged: built and stored again at the next start" }
        guard let loaded = Self.listing(paths: paths), header.validity.stampsDigest == Validity.stampsDigest(of: loaded)
        else { return "some digests changed since: built and stored again at the next start" }
        return "current: search works as soon as the library is read"
    }
}
