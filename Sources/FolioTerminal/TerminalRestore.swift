import CNCursesW
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Set by every signal that ends Folio but leaves it running long enough to do so cleanly (`endingSignals`); the
/// run loop sees it within one read timeout, saves the marks, gives the terminal back and exits.
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
    /// Signals whose default is to end the process (SIGQUIT's with a core): caught, so that marks are saved and
    /// the terminal restored first. SIGPIPE too: a terminal that went away is seen as lost, not as a crash.
    public static let endingSignals: [Int32] = [
        SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM,
    ]
    private static let installed = Mutex(false)
    /// Set by a crash signal before the terminal is given back: the drawing thread stops taking it again.
    static let crashing = Atomic<Bool>(false)

    static func install() {
        let first = installed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        _ = terminationSignal.load(ordering: .relaxed)
        _ = crashing.load(ordering: .relaxed)
        _ = previousCrashActions
        atexit {
            if !isendwin() {
                TerminalRestore.setBracketedPaste(false)
                endwin()
            }
        }
        for signalNumber in endingSignals {
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
                TerminalRestore.crashing.store(true, ordering: .relaxed)
                TerminalRestore.setBracketedPaste(false)
                endwin()
                sigaction(number, previousCrashActions + Int(number), nil)
                raise(number)
                // The reporter returned (for a signal sent with kill, or when it is off, nothing faults again on
                // return): end the process as the signal's default would, never go on drawing.
                TerminalRestore.endByDefault(number)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_SIGINFO | SA_NODEFER
            sigaction(signalNumber, &action, previousCrashActions + Int(signalNumber))
        }
    }

    /// Ends the process with `number`'s default action (a core for SEGV and the like), and if even that returns,
    /// with `_exit(128 + number)`. Async-signal-safe calls only.
    static func endByDefault(_ number: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(number, &action, nil)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, number)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        raise(number)
        _exit(128 + number)
    }

    /// Turns the terminal's bracketed paste on or off. A plain write(2) to standard output, where the screen
    /// is drawn: safe in a signal handler.
    static func setBracketedPaste(_ on: Bool) {
        let sequence: StaticString = on ? "\u{1B}[?2004h" : "\u{1B}[?2004l"
        _ = sequence.withUTF8Buffer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}
