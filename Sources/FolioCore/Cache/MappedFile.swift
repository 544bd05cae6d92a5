import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file mapped read-only into memory: reading it touches only the pages read, so a start reads what it
/// needs of the cache, not all of it. Unmapped when the last reference goes.
final class MappedFile: @unchecked Sendable {
    // @unchecked: the mapping is read-only and never changes while mapped.
    let bytes: UnsafeRawBufferPointer
    /// The file mapped, open while mapped, for `read(_:into:)`.
    private let descriptor: Int32

    private init(bytes: UnsafeRawBufferPointer, descriptor: Int32) {
        self.bytes = bytes
        self.descriptor = descriptor
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
        close(descriptor)
    }

    /// Copies the bytes of `range` into the start of `buffer` (grown when too small, never shrunk: a reader reuses
    /// one for every part it reads) with `pread`, not through the mapping: a part read once and in bulk (the
    /// snapshot's chunks) then never enters the process's page tables, so it neither counts in its memory nor
    /// costs giving back (`madvise` of a few megabytes took a millisecond a call).
    func read(_ range: Range<Int>, into buffer: inout [UInt8]) -> Bool {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return false }
        if buffer.count < range.count { buffer = [UInt8](repeating: 0, count: range.count) }
        return buffer.withUnsafeMutableBytes {
            readFully(
                descriptor, into: UnsafeMutableRawBufferPointer(rebasing: $0[..<range.count]), at: range.lowerBound)
        }
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
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else {
            close(descriptor)
            return nil
        }
        let count = Int(status.st_size)
        guard let base = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else {
            close(descriptor)
            return nil
        }
        return MappedFile(bytes: UnsafeRawBufferPointer(start: base, count: count), descriptor: descriptor)
    }
}

/// Fills `buffer` from the file at `offset` with `pread`; false when the file ends first or cannot be read.
func readFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
    var done = 0
    while done < buffer.count {
        let got = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
        if got < 0, errno == EINTR { continue }
        guard got > 0 else { return false }
        done += got
    }
    return true
}
