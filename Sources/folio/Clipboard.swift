import FolioTerminal
import FolioUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Copying: OSC 52 through the terminal (it works over ssh; inside tmux wrapped for passthrough when tmux itself
/// does not take it), and wl-copy, xclip or xsel as well when one is there for the display.
final class Clipboard {
    private let environment: [String: String]
    /// Whether tmux takes OSC 52 itself (`set-clipboard` on or external), asked once.
    private lazy var tmuxForwards: Bool = {
        guard let tmux = Spawner.find("tmux", path: environment["PATH"]) else { return false }
        return Spawner.output(of: [tmux, "show-options", "-gv", "set-clipboard"]).map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines) != "off"
        } ?? true
    }()

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Copies `text`; returns the status line's words for how ("OSC 52 and xclip").
    func copy(_ text: String, what: String, terminal: Terminal) -> String {
        var ways: [String] = []
        let inTmux = !(environment["TMUX"] ?? "").isEmpty
        terminal.setClipboard(Array(text.utf8), tmuxPassthrough: inTmux && !tmuxForwards)
        ways.append(inTmux ? (tmuxForwards ? "OSC 52 to tmux" : "OSC 52 through tmux") : "OSC 52")
        if let tool = tool() {
            if pipe(text, into: tool) { ways.append(URL(fileURLWithPath: tool[0]).lastPathComponent) }
        }
        return "copied the \(what) (\(ways.joined(separator: " and ")))"
    }

    /// The clipboard tool for the display there is, if installed.
    private func tool() -> [String]? {
        let path = environment["PATH"]
        if !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty, let copy = Spawner.find("wl-copy", path: path) {
            return [copy]
        }
        guard !(environment["DISPLAY"] ?? "").isEmpty else { return nil }
        if let xclip = Spawner.find("xclip", path: path) { return [xclip, "-selection", "clipboard"] }
        if let xsel = Spawner.find("xsel", path: path) { return [xsel, "--clipboard", "--input"] }
        return nil
    }

    /// Starts `argv` with `text` on its standard input, written and closed on another thread.
    private func pipe(_ text: String, into argv: [String]) -> Bool {
        var ends: [Int32] = [0, 0]
        guard Glibc.pipe(&ends) == 0 else { return false }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        guard let pid = try? Spawner.startDetached(argv, input: readEnd, closing: [writeEnd]) else {
            close(readEnd)
            close(writeEnd)
            return false
        }
        close(readEnd)
        let bytes = Array(text.utf8)
        DispatchQueue.global(qos: .utility).async {
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                if written < 0, errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
            close(writeEnd)
        }
        Spawner.reap(pid) { _, _ in }
        return true
    }
}
