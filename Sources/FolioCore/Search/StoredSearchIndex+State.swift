import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension StoredSearchIndex {
    /// What a start (or `folio search`) would make of the stored index now, in words, for `folio doctor`. Reads
    /// its header and stamps the files; the arrays' checksums are checked when it is read.
    public func state(paths: [String]) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            return "not yet written: the reader stores the index it builds"
        }
        guard let (descriptor, header) = openHeader() else {
            return "damaged or of another folio version: built and stored again at the next start"
        }
        close(descriptor)
        guard let loaded = Self.listing(paths: paths), header.validity.stampsDigest == Validity.stampsDigest(of: loaded)
        else { return "some digests changed since: built and stored again at the next start" }
        return "current: search works as soon as the library is read"
    }
}
