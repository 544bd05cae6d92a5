import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A script a test runs as a program (a stand-in browser or editor).
public enum ExecutableScript {
    /// Writes `text` to `url` as an executable file, through a descriptor opened close-on-exec.
    ///
    /// Not `String.write(to:atomically:)`: Foundation opens its temporary file without `O_CLOEXEC`, so a tmux
    /// server another test starts at that moment inherits the descriptor, keeps the file open for writing as
    /// long as it lives, and every later `exec` of the script fails with ETXTBSY ("text file busy"): a browser
    /// test then waited 20 s for an argv that never came, only in full parallel runs on a busy machine.
    public static func write(_ text: String, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
            written += count
        }
        // The mode given to open applies to a new file only (and through the umask).
        fchmod(descriptor, 0o755)
    }
}
