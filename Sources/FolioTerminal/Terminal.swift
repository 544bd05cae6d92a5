import CNCursesW
import Dispatch
import FolioScreen

#if canImport(Glibc)
    import Glibc
#endif

/// The real terminal through ncursesw: draws `Screen`s by writing only the cells that changed, and turns
/// key presses, mouse events and resizes into `Event`s. The only code in Folio that talks to ncurses.
public final class Terminal {
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal(String)
        case cannotStart(String)

        public var description: String {
            switch self {
            case .notATerminal(let what):
                "\(what) is not a terminal; folio is an interactive reader (try `folio list` or `folio check` for scripts)"
            case .cannotStart(let why): "cannot start the terminal: \(why)"
            }
        }
    }

    private var screen: OpaquePointer?
    private var inputFile: UnsafeMutablePointer<FILE>?
    private var lastDrawn: Screen?
    private var palette: Palette
    private var mouseEnabled = false
    private(set) var isRunning = false
    /// Whether the frame's links are written again as OSC 8 hyperlinks after each draw.
    public var hyperlinks = false
    /// Ends `readEvent`'s wait at once: other threads wake it when they post something for the loop.
    public let wakeUp = WakeUp()
    /// Where keys come from, waited on with `poll()` beside `wakeUp`; ncurses itself never blocks.
    private var inputDescriptor: Int32 = STDIN_FILENO
    /// How long a read waits when nothing comes, so the loop still turns to notice signals and the clock.
    private static let idleWaitMilliseconds: Int32 = 100

    /// Starts curses on the controlling terminal. `keysFromTTY` reads keys from /dev/tty (standard input held a digest).
    /// With `colors` (and a terminal that has them) the `theme` colors the screen; without, `Theme.monochrome`.
    public init(keysFromTTY: Bool, colors: Bool, theme: Theme = .dark, mouse: Bool) throws {
        palette = Palette(theme: theme, colorCount: nil)
        if !keysFromTTY, isatty(STDIN_FILENO) == 0 { throw StartError.notATerminal("standard input") }
        if isatty(STDOUT_FILENO) == 0 { throw StartError.notATerminal("standard output") }
        setlocale(LC_ALL, "")
        if wcwidth(0x4E2D) != 2 { setlocale(LC_CTYPE, "C.UTF-8") }
        let input: UnsafeMutablePointer<FILE>?
        if keysFromTTY {
            input = fopen("/dev/tty", "r")
            guard input != nil else { throw StartError.notATerminal("/dev/tty") }
        } else {
            input = folio_stdin()
        }
        inputFile = keysFromTTY ? input : nil
        if keysFromTTY, let input { inputDescriptor = fileno(input) }
        // Esc must answer quickly; the default waits a whole second for an escape sequence.
        set_escdelay(25)
        guard let screen = newterm(nil, folio_stdout(), input) else {
            let term = String(cString: getenv("TERM") ?? strdup("(unset)"))
            throw StartError.cannotStart("TERM=\(term) is unknown to ncurses")
        }
        self.screen = screen
        set_term(screen)
        isRunning = true
        TerminalRestore.install()
        raw()
        noecho()
        nonl()
        keypad(folio_stdscr(), true)
        // Reads never block: `readEvent` waits with poll() (beside the wake-up pipe), then reads what came. Each
        // read also brings keypad mode back after fg.
        wtimeout(folio_stdscr(), 0)
        curs_set(0)
        if colors, has_colors() {
            start_color()
            use_default_colors()
            palette = Palette(theme: theme, colorCount: Int(folio_colors()))
            palette.install()
        }
        if mouse {
            mousemask(folio_mouse_mask_wanted(), nil)
            mouseinterval(250)
            mouseEnabled = true
        }
        // Bracketed paste: the terminal marks pasted text, so a newline in it is not Enter. ncurses does not
        // manage the mode, so it is set here and reset wherever the terminal is given back.
        define_key("\u{1B}[200~", KeyDecoding.pasteStartCode)
        define_key("\u{1B}[201~", KeyDecoding.pasteEndCode)
        TerminalRestore.setBracketedPaste(true)
    }

    deinit { stop() }

    /// The ncurses library's own version, as `ncurses 6.4.20221231`.
    public static var libraryVersion: String { String(cString: curses_version()) }

    /// The colors terminfo gives `$TERM`, read without starting curses: nil when the terminal is unknown.
    public static func terminfoColors() -> Int? {
        let colors = folio_terminfo_colors()
        return colors < 0 ? nil : Int(colors)
    }

    /// Gives the terminal back as it was. Safe to call more than once.
    public func stop() {
        guard isRunning else { return }
        isRunning = false
        if mouseEnabled { mousemask(0, nil) }
        TerminalRestore.setBracketedPaste(false)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        if let inputFile { fclose(inputFile) }
        inputFile = nil
    }

    public var size: Size { Size(width: Int(folio_cols()), height: Int(folio_lines())) }

    /// Stops the process as Ctrl-Z would in a cooked terminal; ncurses' SIGTSTP handler gives the terminal
    /// back first and takes it again after `fg`. Then everything is drawn anew.
    public func suspend() {
        TerminalRestore.setBracketedPaste(false)
        raise(SIGTSTP)
        TerminalRestore.setBracketedPaste(true)
        invalidate()
    }

    /// Forgets what is on the terminal, so the next `draw` writes every cell (Ctrl-L).
    public func invalidate() {
        lastDrawn = nil
        clearok(folio_curscr(), true)
    }

    /// Draws `frame`, writing only the runs of cells that differ from the last frame drawn.
    public func draw(_ frame: Screen) {
        // While a crash is being reported the terminal is given back already: drawing would take it again.
        guard isRunning, !TerminalRestore.crashing.load(ordering: .relaxed) else { return }
        let window = folio_stdscr()
        // A first frame, a new size or a forgotten screen is drawn whole, onto a cleared window.
        if lastDrawn?.size != frame.size { werase(window) }
        for change in frame.changes(since: lastDrawn) {
            let (attributes, pair) = palette.attributes(for: change.style)
            wattr_set(window, attributes, pair, nil)
            let characters = change.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            characters.withUnsafeBufferPointer { buffer in
                _ = mvwaddnwstr(
                    window, Int32(change.row), Int32(change.column), buffer.baseAddress, Int32(buffer.count))
            }
        }
        wattr_set(window, folio_a_normal(), 0, nil)
        if let cursor = frame.cursor {
            curs_set(1)
            wmove(window, Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        wnoutrefresh(window)
        doupdate()
        if hyperlinks, !frame.hyperlinks.isEmpty, frame.hyperlinks != lastDrawn?.hyperlinks || frame != lastDrawn {
            writeHyperlinks(frame)
        }
        lastDrawn = frame
    }

    /// True once the terminal has gone away (its window closed without a SIGHUP reaching us): reads then fail
    /// at once instead of waiting, and the run loop must end rather than spin.
    public private(set) var isLost = false
    private var quickFailures = 0

    /// Waits up to the idle timeout for one input, or until `wakeUp` is woken; nil when nothing came.
    public func readEvent() -> Event? {
        guard isRunning, !TerminalRestore.crashing.load(ordering: .relaxed) else { return nil }
        // What ncurses holds already (the rest of a burst, a resize after SIGWINCH) is not on the descriptor.
        if case .read(let event) = readWaiting() { return event }
        switch wakeUp.wait(forInput: inputDescriptor, milliseconds: Self.idleWaitMilliseconds) {
        case .woken:
            return nil
        case .timedOutOrInterrupted:
            quickFailures = 0
            return nil
        case .input:
            if case .read(let event) = readWaiting() {
                quickFailures = 0
                return event
            }
            // Readable yet nothing to read, many times in a row: the tty is gone (poll reports its hang-up).
            quickFailures += 1
            if quickFailures >= 50 { isLost = true }
            return nil
        }
    }

    private enum Read {
        /// A read that found input; nil when it made no event (a mouse report of no interest).
        case read(Event?)
        case nothing
    }

    /// One input ncurses has or can read without waiting (an escape sequence still waits its 25 ms).
    private func readWaiting() -> Read {
        var character: wint_t = 0
        let status = wget_wch(folio_stdscr(), &character)
        if status == ERR { return .nothing }
        if status == folio_key_code_yes() { return .read(specialKey(Int32(character))) }
        return .read(
            KeyDecoding.key(fromCharacter: UInt32(character), nextCharacter: { self.readImmediately() })
                .map { Event.key($0) })
    }

    /// The text up to the paste's end marker (or a second without any), as one event.
    private func readPaste() -> Event {
        wtimeout(folio_stdscr(), 1_000)
        defer { wtimeout(folio_stdscr(), 0) }
        return .paste(
            KeyDecoding.paste {
                var character: wint_t = 0
                let status = wget_wch(folio_stdscr(), &character)
                if status == ERR { return .nothing }
                return status == folio_key_code_yes() ? .keyCode(Int32(character)) : .character(UInt32(character))
            })
    }

    /// A character already waiting (the rest of an Alt sequence), without blocking.
    private func readImmediately() -> UInt32? {
        var character: wint_t = 0
        let status = wget_wch(folio_stdscr(), &character)
        return status == OK ? UInt32(character) : nil
    }

    /// A key code as an event, finishing what needs the terminal: its size, the mouse state, the paste's text.
    private func specialKey(_ code: Int32) -> Event? {
        switch KeyDecoding.input(fromKeyCode: code) {
        case .key(let key): return .key(key)
        case .resize: return .resize(size)
        case .mouse:
            var event = MEVENT()
            guard getmouse(&event) == OK, let kind = KeyDecoding.mouseKind(buttons: event.bstate) else { return nil }
            return .mouse(MouseEvent(kind, row: Int(event.y), column: Int(event.x)))
        case .pasteStart: return readPaste()
        case .pasteEnd, nil: return nil
        }
    }
}
