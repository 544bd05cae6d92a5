import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What tells that a digest file changed without reading it: its size and its modification time to the
/// nanosecond. A cached parse is used only while the file's stamp is the one recorded with it.
public struct DigestFileStamp: Hashable, Sendable {
    public var size: Int64
    public var modifiedNanoseconds: Int64

    public init(size: Int64, modifiedNanoseconds: Int64) {
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
    }

    /// The stamp of the regular file at `path` (links followed), or nil.
    public static func of(_ path: String) -> DigestFileStamp? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return DigestFileStamp(
            size: Int64(status.st_size),
            modifiedNanoseconds: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec))
    }
}

/// The files a load read, in order, and their stamps taken before reading: what its library was made from.
public struct LoadedFiles: Sendable, Equatable {
    public var files: [String] = []
    public var stamps: [DigestFileStamp?] = []
    /// `LibraryCache.listingDigest` of what listing the paths said beside the files: a snapshot is made for it too.
    public var listingDigest: UInt64 = 0

    public init() {}

    /// Stats the files on every core: a warm start at 1,000,000 entries checks 20,000 files before its first frame,
    /// 80 ms on one thread, most of it in the kernel's path lookups.
    init(files: [String]) {
        self.files = files
        let workers = files.count < 2_000 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        stamps = [DigestFileStamp?](unsafeUninitializedCapacity: files.count) { buffer, count in
            // Each worker initializes only its own part of the buffer.
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let range = files.count * worker / workers..<files.count * (worker + 1) / workers
                for index in range { (buffer.baseAddress! + index).initialize(to: DigestFileStamp.of(files[index])) }
            }
            count = files.count
        }
    }
}
