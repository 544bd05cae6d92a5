import CNCursesW
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Set by SIGINT, SIGTERM and SIGHUP; the run loop sees it within one read timeout and exits cleanly.
public let terminationSignal = Atomic<Int32>(0)

/// The handlers that were in place before ours (the Swift runtime's backtracer among them), by signal number.
nonisolated(unsafe) private let previousCrashActions: UnsafeMutablePointer<sigaction> = {
    let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    pointer.initialize(repeating: sigaction(), count: 65)
    return pointer
}()

/// Makes sure the terminal is given back on every way out: normal exit, termination signals and crashes.
enum TerminalRestore {
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]
    private static let installed = Mutex(false)

    static func install() {
        let first = installed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        _ = terminationSignal.load(ordering: .relaxed)
        _ = previousCrashActions
        atexit {
            if !isendwin() {
                TerminalRestore.setBracketedPaste(false)
                endwin()
            }
        }
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                terminationSignal.store(number, ordering: .relaxed)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signalNumber, &action, nil)
        }
        for signalNumber in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { number, info, context in
                // Give the terminal back first, then let the previous handler (the backtracer) report the crash.
                TerminalRestore.setBracketedPaste(false)
                endwin()
                sigaction(number, previousCrashActions + Int(number), nil)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_SIGINFO | SA_NODEFER
            sigaction(signalNumber, &action, previousCrashActions + Int(signalNumber))
        }
    }

    /// Turns the terminal's bracketed paste on or off. A plain write(2) to standard output, where the screen
    /// is drawn: safe in a signal handler.
    static func setBracketedPaste(_ on: Bool) {
        let sequence: StaticString = on ? "\u{1B}[?2004h" : "\u{1B}[?2004l"
        _ = sequence.withUTF8Buffer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}
