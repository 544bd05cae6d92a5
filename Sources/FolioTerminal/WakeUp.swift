#if canImport(Glibc)
    import Glibc
#endif

/// A self-pipe that ends the terminal's wait for a key: another thread calls `wake()` when it has posted
/// something, and the read returns at once instead of at its timeout. The read end is waited on with `poll()`
/// beside the keys' file descriptor.
public final class WakeUp: Sendable {
    /// Read end, then write end; both non-blocking and closed on exec.
    let readEnd: Int32
    private let writeEnd: Int32

    public init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
        } else {
            ends = [-1, -1]
        }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        if readEnd >= 0 { close(readEnd) }
        if writeEnd >= 0 { close(writeEnd) }
    }

    /// Ends the current (or next) wait. Safe from any thread; a full pipe already holds a wake-up, so a write
    /// that would block is dropped.
    public func wake() {
        guard writeEnd >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Takes every pending wake-up out of the pipe, so the next wait waits again.
    func drain() {
        guard readEnd >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }

    /// What ended a wait.
    public enum Outcome: Equatable, Sendable {
        /// The input has bytes (or hung up: the read then fails at once).
        case input
        /// `wake()` was called; the wake-ups are drained.
        case woken
        /// Nothing within the timeout, or a signal arrived (a resize, a termination) and must be looked at.
        case timedOutOrInterrupted
    }

    /// Waits up to `milliseconds` (-1: without end) for bytes on `input` or a wake-up.
    public func wait(forInput input: Int32, milliseconds: Int32) -> Outcome {
        var descriptors = [
            pollfd(fd: input, events: Int16(POLLIN), revents: 0),
            pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&descriptors, nfds_t(readEnd >= 0 ? 2 : 1), milliseconds)
        guard ready > 0 else { return .timedOutOrInterrupted }
        if descriptors[0].revents != 0 { return .input }
        drain()
        return .woken
    }
}
