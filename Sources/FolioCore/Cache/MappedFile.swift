import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file mapped read-only into memory: reading it touches only the pages read, so a start reads what it
/// needs of the cache, not all of it. Unmapped when the last reference goes.
final class MappedFile: @unchecked Sendable {
    // @unchecked: the mapping is read-only and never changes while mapped.
    let bytes: UnsafeRawBufferPointer

    private init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    /// Gives back the memory of the pages holding `range`, once read: the whole library's load reads every
    /// section once, and the cache would otherwise stay in the process's memory beside the library made from it.
    /// A page read again is read again from the file (the mapping is private and never written).
    func discard(_ range: Range<Int>) {
        guard let base = bytes.baseAddress, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = range.lowerBound / page * page
        let end = min(bytes.count, (range.upperBound + page - 1) / page * page)
        madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    /// The mapped file, or nil when it cannot be opened, is not a regular file, is empty or cannot be mapped.
    static func map(_ path: String) -> MappedFile? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else {
            return nil
        }
        let count = Int(status.st_size)
        guard let base = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else {
            return nil
        }
        return MappedFile(bytes: UnsafeRawBufferPointer(start: base, count: count))
    }
}
