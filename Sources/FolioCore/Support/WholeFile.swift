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

        /// A character or block device (`/dev/zero`, a tty): never read, it may never end.
        public static let device = Failure(code: -1)
        /// Longer than the reader's `maximumSize`: read that far and no further.
        public static let tooLarge = Failure(code: -2)
        /// A named pipe (FIFO) in the file system: opening it waits for a writer, perhaps forever. The pipe of a
        /// shell's `<(command)` (`/dev/fd/N`, a link to `pipe:[…]`) has its writer already and is read.
        public static let namedPipe = Failure(code: -3)

        /// The operating system's words for the code, as `strerror` gives them.
        public var reason: String {
            switch code {
            case Self.device.code: "it is a device, not a file"
            case Self.tooLarge.code: "it is larger than the limit"
            case Self.namedPipe.code: "it is a named pipe, which may wait forever for a writer"
            default: String(cString: strerror(code))
            }
        }
    }

    /// What a config, topics.toml or state file may weigh: far past any real one, short of a runaway file.
    public static let maximumSmallFileSize = 16 << 20

    /// Whether `status` is the null device's: it ends at once, and `--config /dev/null` is how a user (and the
    /// man page build) says "no config", so it reads as an empty file where other devices are refused.
    static func isNullDevice(_ status: stat) -> Bool {
        var null = stat()
        return stat("/dev/null", &null) == 0 && (null.st_mode & S_IFMT) == S_IFCHR && status.st_rdev == null.st_rdev
    }

    /// The file's bytes.
    public static func read(_ path: String, maximumSize: Int = maximumSmallFileSize) -> Result<[UInt8], Failure> {
        var bytes: [UInt8] = []
        return read(path, into: &bytes, maximumSize: maximumSize).map { _ in bytes }
    }

    /// Reads the file into `bytes`, reusing its storage from file to file: `read` fills the array in place,
    /// which only grows (zero-filled) where a file is larger than every one before. Returns the modification
    /// time. On failure `bytes` is empty (its storage kept). A device is refused before it is opened; a named
    /// pipe is refused (`Failure.namedPipe`); the pipe of `<(command)` is read, as far as `maximumSize`.
    public static func read(_ path: String, into bytes: inout [UInt8], maximumSize: Int = .max) -> Result<Date, Failure>
    {
        func failure(_ code: Int32) -> Result<Date, Failure> {
            bytes.removeAll(keepingCapacity: true)
            return .failure(Failure(code: code))
        }
        var before = stat()
        if stat(path, &before) == 0, [S_IFCHR, S_IFBLK].contains(before.st_mode & S_IFMT), !isNullDevice(before) {
            return failure(Failure.device.code)
        }
        if before.st_mode & S_IFMT == S_IFIFO, !isAnonymousPipe(path) { return failure(Failure.namedPipe.code) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return failure(errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return failure(errno) }
        if (status.st_mode & S_IFMT) == S_IFDIR { return failure(EISDIR) }
        if [S_IFCHR, S_IFBLK].contains(status.st_mode & S_IFMT), !isNullDevice(status) {
            return failure(Failure.device.code)
        }
        #if canImport(Darwin)
            let modified = Date(timeIntervalSince1970: TimeInterval(status.st_mtimespec.tv_sec))
        #else
            let modified = Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec))
        #endif
        let code = read(
            descriptor: descriptor, sizeHint: min(Int(status.st_size), maximumSize), into: &bytes,
            maximumSize: maximumSize)
        return code == 0 ? .success(modified) : failure(code)
    }

    /// Whether `path` is a link to a pipe of no name (`/dev/fd/63` from a shell's `<(command)` reads as
    /// `pipe:[123]`), which, unlike a named pipe, has a writer from the start.
    static func isAnonymousPipe(_ path: String) -> Bool {
        var target = [CChar](repeating: 0, count: 64)
        let length = readlink(path, &target, target.count - 1)
        guard length > 0 else { return false }
        return String(decoding: target.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self).hasPrefix("pipe:")
    }

    /// Reads `descriptor` to its end into `bytes`; 0, or the `errno` of a failed read (`bytes` then holds what
    /// was read before it). Room for the size and
    /// a byte more, to see the end in one call; what grew since, or has no size (a pipe, /proc), is read on in
    /// doubling room. Past `maximumSize` bytes it stops: `Failure.tooLarge`'s code (`bytes` then holds the
    /// first `maximumSize + 1`).
    public static func read(descriptor: Int32, sizeHint: Int, into bytes: inout [UInt8], maximumSize: Int = .max)
        -> Int32
    {
        var room = min(max(sizeHint + 1, 4096), maximumSize == .max ? .max : maximumSize + 1)
        var length = 0
        var code: Int32 = 0
        while true {
            // An Array of zeros, not `repeatElement`: a memset in any build (the generic one took 9 s for 16 MiB
            // in a debug build).
            if bytes.count < room { bytes.append(contentsOf: [UInt8](repeating: 0, count: room - bytes.count)) }
            let got = bytes.withUnsafeMutableBytes { readSome(descriptor, $0.baseAddress! + length, room - length) }
            if got < 0 {
                if errno == EINTR { continue }
                code = errno
                break
            }
            if got == 0 { break }
            length += got
            if length > maximumSize {
                code = Failure.tooLarge.code
                break
            }
            if length == room { room = min(room * 2, maximumSize == .max ? .max : maximumSize + 1) }
        }
        bytes.removeLast(bytes.count - length)
        return code
    }
}

/// POSIX `read`, by a name that the `read` methods above do not hide.
private func readSome(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
