import FolioCore
import FolioScreen
import Foundation

/// The config file: settings and key bindings, read from TOML.
///
/// A mistake on one line (an unknown action, a bad key name, a conflict, a wrong type) is reported as
/// `file:line: what` and that line is ignored, so Folio still starts, with the defaults for that line.
public struct Config: Sendable {
    public var settings = Settings()
    public var keymap = Keymap.defaults
    /// Opened when folio is given no PATH; nil means `$XDG_DATA_HOME/folio/digests` (the samples while empty).
    public var digests: String?
    /// The reading-state file, `state = "~/Sync/folio/state.json"` (a synced folder: several machines share it);
    /// nil means `$XDG_STATE_HOME/folio/state.json`. `--state` overrides it.
    public var state: String?
    /// Named filters, `[filters]`: `@NAME` in a filter, `apply-filter:NAME` as a key's action.
    public var filters: [String: String] = [:]
    /// The command `o` opens links with (`%s` the address, else it goes last); nil: `$BROWSER`, else xdg-open.
    public var browser: String?
    /// Whether the browser runs in this terminal (lynx, w3m), with the reader's screen given to it meanwhile;
    /// nil: judged by its name.
    public var terminalBrowser: Bool?
    /// `[display] hyperlinks` as written; nil: OSC 8 links only in terminals known to support them.
    public var hyperlinks: Bool?
    /// The look of each part of the screen: the `theme` setting's theme with the `[colors]` table on top.
    public var theme = Theme.dark
    /// The theme named in `[display] theme`.
    public var themeName = "dark"

    public init() {}

    /// The shipped themes, by the names the `theme` setting takes.
    public static let themes: [(name: String, theme: Theme)] = [("dark", .dark), ("light", .light)]

    /// The parts a `[colors]` table can name, in the order `--print-defaults` writes them.
    public static let colorParts: [(name: String, role: ColorRole)] = [
        ("list-row", .listRow), ("unread", .unread), ("starred", .star), ("match", .highlight),
        ("selected", .selection), ("topic-bar", .topicBar), ("topic-active", .topicActive),
        ("status-line", .status), ("heading", .heading), ("link", .link), ("muted", .muted), ("accent", .accent),
        ("error", .error),
    ]

    /// Contexts a `[keys.NAME]` table can name.
    static let bindableContexts: [KeyContext] = [
        .global, .list, .detail, .search, .topics, .filter, .export, .help, .log,
    ]

    /// The most `[filters]` a config may name. Each is checked with every one it refers to expanded (as deep as
    /// `Filter.maximumNamedDepth`), so this bounds the start-up's work: 50,000 chained filters took minutes.
    public static let maximumNamedFilters = 1_000

    public static func parse(_ text: String, file: String) -> (config: Config, problems: [Diagnostic]) {
        var config = Config()
        let (entries, syntaxErrors) = TOMLSubset.parseCounted(text, file: file)
        var problems = syntaxErrors
        // The user's own bindings so far, per context, with their lines: to find conflicts between them.
        var userBindings: [KeyContext: [(KeySequence, Int)]] = [:]
        // Checked once all are read, since one may refer to another.
        var filterLines: [(name: String, line: Int)] = []
        var filterBindings: [(name: String, line: Int)] = []
        // Applied once the theme they change is known, wherever the file names it.
        var colorEntries: [(role: ColorRole, spec: ColorSpec)] = []

        for entry in entries {
            func problem(_ message: String) {
                problems.append(Diagnostic(file: file, line: entry.line, message: message))
            }
            func expect<T>(_ extract: (TOMLSubset.Value) -> T?, _ what: String) -> T? {
                if let value = extract(entry.value) { return value }
                problem("\(entry.key) must be \(what), not \(entry.value.typeName)")
                return nil
            }
            let bool: (TOMLSubset.Value) -> Bool? = { if case .boolean(let b) = $0 { b } else { nil } }
            let int: (TOMLSubset.Value) -> Int? = { if case .integer(let i) = $0 { i } else { nil } }
            let number: (TOMLSubset.Value) -> Double? = {
                switch $0 {
                case .float(let d): d
                case .integer(let i): Double(i)
                default: nil
                }
            }
            let string: (TOMLSubset.Value) -> String? = { if case .string(let s) = $0 { s } else { nil } }
            /// A string naming one of `choices`: its value, or a problem listing them.
            func oneOf<T>(_ choices: [(name: String, value: T)], _ what: String) -> T? {
                let names = choices.map(\.name)
                let list = names.dropLast().joined(separator: ", ") + " or " + names.last!
                guard let text = expect(string, "one of \(names.joined(separator: ", "))") else { return nil }
                if let choice = choices.first(where: { $0.name == text }) { return choice.value }
                problem("unknown \(what) \"\(text)\": use \(list)")
                return nil
            }

            switch (entry.table, entry.key) {
            case ([], "digests"):
                config.digests = expect(string, "a path in quotes")
            case ([], "state"):
                config.state = expect(string, "a path in quotes")
            case ([], "browser"):
                config.browser = expect(string, "a command in quotes, such as \"firefox --new-window %s\"")
            case ([], "terminal-browser"):
                config.terminalBrowser = expect(bool, "true or false")
            case ([], "api-url"):
                if let value = expect(string, "an address in quotes, such as \"https://huggingface.co\"") {
                    if let url = URL(string: value), ["http", "https"].contains(url.scheme ?? ""), url.host != nil {
                        config.settings.fetch.apiURL = value
                    } else {
                        problem("api-url must be an http:// or https:// address, not \"\(value)\"")
                    }
                }
            case ([], "fetch-interval"):
                if let value = expect(number, "a number of seconds") { config.settings.fetch.interval = max(0, value) }
            case ([], "fetch-on-start"):
                if let value = expect(bool, "true or false") { config.settings.fetch.onStart = value }
            case ([], "fetch-days"):
                if let value = expect(int, "a whole number of days") {
                    config.settings.fetch.catchUpDays = max(1, value)
                }
            case (["display"], "side-by-side-width"):
                if let value = expect(int, "a whole number of columns") {
                    if value >= 20 {
                        config.settings.sideBySideMinWidth = value
                    } else {
                        problem("side-by-side-width must be at least 20")
                    }
                }
            case (["display"], "list-ratio"):
                if let value = expect(number, "a number between 0.1 and 0.9") {
                    if (0.1...0.9).contains(value) {
                        config.settings.listRatio = value
                    } else {
                        problem("list-ratio must be between 0.1 and 0.9")
                    }
                }
            case (["display"], "unicode"):
                if let value = expect(bool, "true or false") { config.settings.unicode = value }
            case (["display"], "colors"):
                if let value = expect(bool, "true or false") { config.settings.colors = value }
            case (["display"], "color"):
                if let mode = oneOf(ColorMode.allCases.map { ($0.rawValue, $0) }, "color") {
                    config.settings.color = mode
                }
            case (["display"], "theme"):
                if let theme = oneOf(themes.map { ($0.name, $0) }, "theme") { (config.themeName, config.theme) = theme }
            case (["colors"], let name):
                guard let part = colorParts.first(where: { $0.name == name }) else {
                    problem(
                        "unknown part \"\(name)\" in [colors]: use \(colorParts.map(\.name).joined(separator: ", "))")
                    continue
                }
                guard let text = expect(string, "colors in quotes, such as \"black on yellow bold\"") else { continue }
                do {
                    colorEntries.append((part.role, try ColorSpec(parsing: text)))
                } catch {
                    problem("\(name): \(error.description); \(name) keeps its default")
                }
            case (["display"], "topic-bar"):
                if let value = expect(bool, "true or false") { config.settings.topicBar = value }
            case (["display"], "discovered-topics"):
                if let value = expect(bool, "true or false") { config.settings.discoveredTopics = value }
            case (["display"], "hyperlinks"):
                if let value = expect(bool, "true or false") {
                    config.hyperlinks = value
                    config.settings.hyperlinks = value
                }
            case (["display"], "mouse"):
                if let value = expect(bool, "true or false") { config.settings.mouse = value }
            case (["reading"], "mark-read-on-open"):
                if let value = expect(bool, "true or false") { config.settings.markReadOnOpen = value }
            case (["reading"], "default-sort"):
                if let value = expect(string, "one of digest, upvotes, title, first-seen") {
                    if let sort = SortOrder(rawValue: value) {
                        config.settings.defaultSort = sort
                    } else {
                        problem("unknown sort \"\(value)\": use digest, upvotes, title or first-seen")
                    }
                }
            case (["filters"], let name):
                guard TopicCatalog.isValidName(name.lowercased()), name == name.lowercased() else {
                    problem(
                        "filter name \"\(name)\" must be lower-case letters, digits and dashes, to be written @\(name)")
                    continue
                }
                guard let text = expect(string, "a filter in quotes, such as \"unread and upvotes>10\"") else {
                    continue
                }
                guard config.filters.count < Self.maximumNamedFilters || config.filters[name] != nil else {
                    problem("more than \(Self.maximumNamedFilters) named filters; \(name) is left out")
                    continue
                }
                config.filters[name] = text
                filterLines.append((name, entry.line))
            case (let table, let key) where table.count == 2 && table[0] == "keys":
                guard let context = bindableContexts.first(where: { $0.rawValue == table[1] }) else {
                    problem(
                        "unknown key context [keys.\(table[1])]: use \(bindableContexts.map(\.rawValue).joined(separator: ", "))"
                    )
                    continue
                }
                guard let sequence = KeySequence(parsing: key) else {
                    problem(
                        "bad key name \"\(key)\": write keys like j, G, ctrl-d, alt-x, pgdn, space, f1, or a sequence \"g g\""
                    )
                    continue
                }
                guard let actionName = expect(string, "an action name in quotes") else { continue }
                let action: Command?
                if actionName == "none" {
                    action = nil
                } else if let known = Command(name: actionName) {
                    action = known
                    if known.action == .applyFilter, let name = known.argument {
                        filterBindings.append((name, entry.line))
                    }
                } else {
                    problem("unknown action \"\(actionName)\" (`folio keys` lists them; \"none\" unbinds)")
                    continue
                }
                if let clash = userBindings[context, default: []].first(where: { bound, _ in
                    bound == sequence || bound.isPrefix(of: sequence) || sequence.isPrefix(of: bound)
                }) {
                    problem(
                        "\"\(sequence)\" conflicts with \"\(clash.0)\" bound on line \(clash.1) in [keys.\(context.rawValue)]; this line is ignored"
                    )
                    continue
                }
                userBindings[context, default: []].append((sequence, entry.line))
                if let action {
                    // A user's sequence replaces defaults it would clash with: in its own context, and for a
                    // global binding also in the panes asked before global (else a default `g` hides `g g`).
                    for affected in context == .global ? bindableContexts : [context] {
                        let userOwned = Set(userBindings[affected, default: []].map(\.0)).subtracting([sequence])
                        config.keymap.removeConflicts(with: sequence, in: affected, keeping: userOwned)
                    }
                    config.keymap.bind(sequence, to: action, in: context)
                } else {
                    config.keymap.bind(sequence, to: nil, in: context)
                }
            default:
                let table = entry.table.isEmpty ? "" : "[\(entry.table.joined(separator: "."))] "
                problem("unknown setting \(table)\(entry.key) (`folio config --print-defaults` shows every setting)")
            }
        }
        for (role, spec) in colorEntries { config.theme[role] = spec }
        // Each checked against all as written, so one left out does not make another that uses it look unknown.
        let written = config.filters
        for (name, line) in filterLines {
            do {
                _ = try Filter.parse(written[name] ?? "", named: written)
            } catch {
                problems.append(
                    Diagnostic(file: file, line: line, message: "filter \(name): \(error.description); it is left out"))
                config.filters[name] = nil
            }
        }
        for (name, line) in filterBindings where config.filters[name] == nil {
            problems.append(
                Diagnostic(file: file, line: line, message: "apply-filter:\(name) names no filter in [filters]"))
        }
        problems.sortKept { $0.line < $1.line }
        return (config, problems.diagnostics(file: file))
    }

    /// A config file with every setting and binding at its default, commented: what `folio config --print-defaults` writes.
    public static func defaultText() -> String {
        let settings = Settings()
        var lines = [
            "# Folio config: ~/.config/folio/config.toml (or $XDG_CONFIG_HOME/folio/config.toml, or --config PATH).",
            "# Every value below is the default. Delete what you do not change.",
            "",
            "# The digest folder opened when folio is given no PATH (default: $XDG_DATA_HOME/folio/digests, where",
            "# folio fetch writes; the bundled samples while it holds none). FOLIO_DIGESTS overrides it.",
            "# digests = \"~/papers\"",
            "",
            "# The reading-state file (marks, tags, notes, the place): in a synced folder (Syncthing, Dropbox,",
            "# Nextcloud) several machines share it, and conflict copies left beside it are merged at start and on",
            "# each save. --state overrides it. Default: $XDG_STATE_HOME/folio/state.json.",
            "# state = \"~/Sync/folio/state.json\"",
            "",
            "# The command o and O open links with: %s is the address (else it goes last). Run without a shell.",
            "# Default: $BROWSER (a colon-separated list), else xdg-open.",
            "# browser = \"firefox --new-window %s\"",
            "# The browser runs in this terminal (lynx, w3m, elinks and links are taken to); the reader waits.",
            "# terminal-browser = false",
            "# Where `folio fetch` and R ask for digests (FOLIO_API_URL overrides); /api/daily_papers is appended.",
            "api-url = \"\(FetchSettings().apiURL)\"",
            "# The least seconds between two requests to the site.",
            "fetch-interval = \(FetchSettings().interval)",
            "# Fetch (as R does) once the reader has drawn its first screen.",
            "fetch-on-start = \(FetchSettings().onStart)",
            "# At most this many days R catches up on since the newest digest.",
            "fetch-days = \(FetchSettings().catchUpDays)",
            "",
            "[display]",
            "# Side by side from this many columns; list above detail below it.",
            "side-by-side-width = \(settings.sideBySideMinWidth)",
            "# Share of the width (side by side) or height (stacked) the list takes, 0.1 to 0.9.",
            "list-ratio = \(settings.listRatio)",
            "# Unicode symbols (★ ▲); false draws * and ^.",
            "unicode = \(settings.unicode)",
            "# Colors: auto (when the terminal has them and NO_COLOR is not set), always or never; --color overrides.",
            "color = \(TOMLSubset.string(settings.color.rawValue))",
            "# The color theme: \(themes.map(\.name).joined(separator: " or ")). [colors] below changes single parts of it.",
            "theme = \(TOMLSubset.string(Config().themeName))",
            "# The wheel scrolls, a click selects, a double click opens; false leaves the mouse to the terminal.",
            "mouse = \(settings.mouse)",
            "# Links in the detail pane as OSC 8 hyperlinks. Unset: on only in terminals known to support them",
            "# (kitty, WezTerm, iTerm2, VTE, Windows Terminal, foot), never inside tmux or screen.",
            "# hyperlinks = false",
            "# A line above the panes with the view's topics, numbered, and how many papers each holds.",
            "topic-bar = \(settings.topicBar)",
            "# Topics found in the loaded abstracts, besides the built-in ones and yours ($XDG_CONFIG_HOME/folio/topics.toml).",
            "discovered-topics = \(settings.discoveredTopics)",
            "",
            "[reading]",
            "# Opening a paper's detail pane marks it read.",
            "mark-read-on-open = \(settings.markReadOnOpen)",
            "# digest, upvotes, title or first-seen.",
            "default-sort = \(TOMLSubset.string(settings.defaultSort.rawValue))",
            "",
        ]
        lines += colorsText()
        lines += [
            "# Named filters: @NAME in a filter, and a key's action as \"apply-filter:NAME\".",
            "[filters]",
            "# fresh = \"unread and upvotes>10\"",
            "",
            "# Key bindings, per context: list, detail, search, topics (the picker), filter (the prompt), help, log,",
            "# and global (asked after the focused pane). \"toggle-topic:NAME\" toggles one topic from any key.",
            "# A key is j, G, ?, space, enter, tab, esc, up, pgdn, home, f1, ctrl-d, alt-x; a sequence is \"g g\".",
            "# Bind a key to \"none\" to unbind it. `folio keys` lists every action.",
        ]
        for context in bindableContexts {
            let bindings = Keymap.defaults.bindings[context] ?? [:]
            guard !bindings.isEmpty else { continue }
            lines.append("")
            lines.append("[keys.\(context.rawValue)]")
            let ordered = bindings.sorted { a, b in
                let ia = Action.table.firstIndex { $0.action == a.value.action }!,
                    ib = Action.table.firstIndex { $0.action == b.value.action }!
                return (ia, a.key.description) < (ib, b.key.description)
            }
            for (sequence, action) in ordered {
                lines.append("\(TOMLSubset.string(sequence.description)) = \(TOMLSubset.string(action.description))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
