import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole file with POSIX calls, straight into a byte array: digests, the config, topics.toml, the
/// reading state. Foundation's readers copy through Data and say less about why a read failed; every caller
/// here words its own message from the `errno` this gives.
public enum WholeFile {
    /// Why a file could not be read: the `errno` of the call that failed. A folder is `EISDIR`, found before
    /// reading, and a missing file `ENOENT`, so a caller can treat those as it must.
    public struct Failure: Error, Sendable, Equatable {
        public var code: Int32

        public init(code: Int32) { self.code = code }

        /// The operating system's words for the code, as `strerror` gives them.
        public var reason: String { String(cString: strerror(code)) }
    }

    /// The file's bytes.
    public static func read(_ path: String) -> Result<[UInt8], Failure> {
        var bytes: [UInt8] = []
        return read(path, into: &bytes).map { _ in bytes }
    }

    /// Reads the file into `bytes`, reusing its storage from file to file: `read` fills the array in place,
    /// which only grows (zero-filled) where a file is larger than every one before. Returns the modification
    /// time. On failure `bytes` is empty (its storage kept).
    public static func read(_ path: String, into bytes: inout [UInt8]) -> Result<Date, Failure> {
        func failure(_ code: Int32) -> Result<Date, Failure> {
            bytes.removeAll(keepingCapacity: true)
            return .failure(Failure(code: code))
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return failure(errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return failure(errno) }
        if (status.st_mode & S_IFMT) == S_IFDIR { return failure(EISDIR) }
        #if canImport(Darwin)
            let modified = Date(timeIntervalSince1970: TimeInterval(status.st_mtimespec.tv_sec))
        #else
            let modified = Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec))
        #endif
        let code = read(descriptor: descriptor, sizeHint: Int(status.st_size), into: &bytes)
        return code == 0 ? .success(modified) : failure(code)
    }

    /// Reads `descriptor` to its end into `bytes`; 0, or the `errno` of a failed read (`bytes` then holds what
    /// was read before it). Room for the size and
    /// a byte more, to see the end in one call; what grew since, or has no size (a pipe, /proc), is read on in
    /// doubling room.
    public static func read(descriptor: Int32, sizeHint: Int, into bytes: inout [UInt8]) -> Int32 {
        var room = max(sizeHint + 1, 4096)
        var length = 0
        var code: Int32 = 0
        while true {
            if bytes.count < room { bytes.append(contentsOf: repeatElement(0, count: room - bytes.count)) }
            let got = bytes.withUnsafeMutableBytes { readSome(descriptor, $0.baseAddress! + length, room - length) }
            if got < 0 {
                if errno == EINTR { continue }
                code = errno
                break
            }
            if got == 0 { break }
            length += got
            if length == room { room *= 2 }
        }
        bytes.removeLast(bytes.count - length)
        return code
    }
}

/// POSIX `read`, by a name that the `read` methods above do not hide.
private func readSome(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
