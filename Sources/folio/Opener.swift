import FolioCore
import FolioTerminal
import FolioUI
import Foundation

/// Opens links: the config's `browser`, else `$BROWSER` (a colon-separated list of commands, `%s` the address,
/// `%%` a percent sign, the address appended when there is no `%s`), else xdg-open. Each is an argv, split on
/// spaces, started without a shell; a terminal browser runs in the foreground with the screen given to it.
struct Opener {
    /// The commands to try in turn, and where they came from, for messages.
    var commands: [String]
    var source: String
    var terminalBrowser: Bool?
    var environment: [String: String]

    static let terminalBrowsers: Set<String> = [
        "lynx", "w3m", "links", "links2", "elinks", "browsh", "carbonyl", "www-browser",
    ]

    init(config: Config, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        terminalBrowser = config.terminalBrowser
        if let browser = config.browser, !browser.trimmingCharacters(in: .whitespaces).isEmpty {
            commands = [browser]
            source = "the config's browser"
        } else if let list = environment["BROWSER"], !list.trimmingCharacters(in: .whitespaces).isEmpty {
            commands = list.split(separator: ":").map(String.init).filter {
                !$0.trimmingCharacters(in: .whitespaces).isEmpty
            }
            source = "$BROWSER"
        } else {
            commands = ["xdg-open"]
            source = "xdg-open"
        }
    }

    /// One command part with the address put in: words split on white space, `%s` replaced in each, `%%` a
    /// percent sign; the address is one word of its own, whatever it holds.
    static func argv(_ command: String, url: String) -> [String] {
        var usedAddress = false
        var argv: [String] = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { word in
            var result = ""
            var characters = Substring(word)
            while let character = characters.popFirst() {
                if character == "%", let next = characters.first {
                    if next == "s" {
                        result += url
                        usedAddress = true
                        characters = characters.dropFirst()
                        continue
                    }
                    if next == "%" {
                        result += "%"
                        characters = characters.dropFirst()
                        continue
                    }
                }
                result.append(character)
            }
            return result
        }
        if !usedAddress { argv.append(url) }
        return argv
    }

    /// Whether the terminal is one known to make OSC 8 sequences links: kitty, WezTerm, iTerm2, VTE 0.50 on
    /// (GNOME Terminal, Tilix), Windows Terminal, foot. Never inside tmux or screen, which may not pass them on.
    static func terminalSupportsHyperlinks(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        let term = environment["TERM"] ?? ""
        if !(environment["TMUX"] ?? "").isEmpty || term.hasPrefix("screen") || term.hasPrefix("tmux") { return false }
        if ["iTerm.app", "WezTerm"].contains(environment["TERM_PROGRAM"] ?? "") { return true }
        if term == "xterm-kitty" || term == "foot" || term.hasPrefix("foot-") || term == "wezterm" { return true }
        if !(environment["WT_SESSION"] ?? "").isEmpty || !(environment["KITTY_WINDOW_ID"] ?? "").isEmpty { return true }
        return Int(environment["VTE_VERSION"] ?? "").map { $0 >= 5000 } ?? false
    }

    func isTerminalBrowser(_ program: String) -> Bool {
        terminalBrowser ?? Self.terminalBrowsers.contains(URL(fileURLWithPath: program).lastPathComponent)
    }

    /// Opens `link`; returns what to say on the status line at once. A detached browser that fails soon after
    /// starting is reported later through `post`.
    func open(_ link: PaperLink, terminal: Terminal, post: @escaping @Sendable (AppEvent) -> Void) -> String {
        let url = link.url
        let lower = url.lowercased()
        // Only web addresses Folio built or took from the site's record: nothing else is ever started.
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"),
            url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return "not opened: \(url) is not a web address" }
        let what = link.isSearch ? "a search for the paper" : link.kind.label
        if source == "xdg-open", (environment["DISPLAY"] ?? "").isEmpty, (environment["WAYLAND_DISPLAY"] ?? "").isEmpty
        {
            return "cannot open: no display and no browser set (browser in the config, or $BROWSER); link: \(url)"
        }
        var missing: [String] = []
        for command in commands {
            let argv = Self.argv(command, url: url)
            guard let program = argv.first, Spawner.find(program, path: environment["PATH"]) != nil else {
                missing.append(argv.first ?? command)
                continue
            }
            let name = URL(fileURLWithPath: program).lastPathComponent
            do {
                if isTerminalBrowser(program) {
                    let status = try terminal.suspended { try Spawner.runInForeground(argv) }
                    return status == 0 ? "back from \(name)" : "\(name) ended with status \(status)"
                }
                let pid = try Spawner.startDetached(argv)
                Spawner.reap(pid) { status, seconds in
                    // A browser that stays open may end much later, as the user closes it: only a quick failure
                    // is news.
                    if status != 0, seconds < 10 {
                        post(.reported("\(name) could not open \(url) (status \(status))"))
                    }
                }
                return "opened \(what) with \(name)"
            } catch {
                missing.append(program)
            }
        }
        return "cannot open: \(missing.joined(separator: ", ")) not found (from \(source)); link: \(url)"
    }
}
