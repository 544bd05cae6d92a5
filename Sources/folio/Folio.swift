import ArgumentParser
import FolioCore
import FolioSamples
import FolioScreen
import FolioTerminal
import FolioUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

@main
struct Folio: ParsableCommand {
    /// Said by `--version` and in the User-Agent of every request to the site.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "A terminal reader for daily-paper digests.",
        usage: """
            folio [PATH ...] [--config <path>] [--state <path>] [--color <when>]
            folio <subcommand> [<options>]
            """,
        discussion: """
            folio PATH opens the reader (the same as folio read PATH). With no PATH, folio opens the digest \
            folder (FOLIO_DIGESTS, the config's digests, else $XDG_DATA_HOME/folio/digests, where folio fetch \
            writes), or the digests bundled with it while that holds none. A PATH is a digest file (page or compact text, or \
            API JSON), a folder read recursively for .txt, .json and .md files, or - for standard input.

            Exit status, as grep: 0 when something was found, 1 when nothing matched, 2 for an error (a path \
            that does not exist, no paper readable, a bad option or filter).
            """,
        version: Folio.versionText,
        subcommands: [
            Read.self, Check.self, SearchCommand.self, ListCommand.self, ExportCommand.self, TopicsCommand.self,
            Keys.self, ConfigCommand.self, FetchCommand.self, Doctor.self,
        ],
        defaultSubcommand: Read.self
    )

    /// As ArgumentParser's, but a usage mistake exits 2, as every other error does (grep's convention: 1 means
    /// only that nothing matched); and bash's completion script gets `Completions.bashColonWords`. SIGPIPE is put
    /// back to its default first: `folio list | head` ends quietly when `head` has read enough, even under a parent
    /// that ignores the signal (the reader catches it, in `TerminalRestore`).
    static func main() {
        signal(SIGPIPE, SIG_DFL)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["--generate-completion-script", "bash"] || arguments == ["--generate-completion-script=bash"] {
            print(completionScript(for: .bash) + Completions.bashColonWords, terminator: "")
            return
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            var standardError = StandardError()
            print(fullMessage(for: error), to: &standardError)
            Foundation.exit(2)
        }
    }
}

/// Options every command that loads digests shares.
struct DigestPaths: ParsableArguments {
    @Argument(
        help:
            "Digest files or folders; - reads one digest from standard input. Default: the digest folder (folio fetch writes there), else the bundled samples.",
        completion: Completions.digestPaths)
    var paths: [String] = []
    @Flag(
        help:
            "Parse every digest, without the library cache in $XDG_CACHE_HOME/folio (as FOLIO_NO_CACHE=1). Only the reader writes it; the other commands read it when it is current."
    )
    var noCache = false

    /// The paths to load: the given ones, else the digest folder (`FOLIO_DIGESTS`, the config's `digests`, else
    /// `$XDG_DATA_HOME/folio/digests`), else, while that holds no digest and was not named, the samples that ship
    /// with folio.
    func resolved(config: Config? = nil) -> [String] {
        if !paths.isEmpty { return paths }
        let folder = DigestHome.folder(config: config)
        if usesSamples(config: config) { return [FolioSamples.folder.path] }
        return [folder]
    }

    /// Whether no PATH was given and the default digest folder holds no digest yet (a folder named in the
    /// config or FOLIO_DIGESTS is opened even so, to say what is wrong with it).
    func usesSamples(config: Config? = nil) -> Bool {
        guard paths.isEmpty else { return false }
        let environment = ProcessInfo.processInfo.environment
        let named = config?.digests != nil || !(environment["FOLIO_DIGESTS"] ?? "").isEmpty
        return !named && !DigestHome.holdsDigests(DigestHome.folder(config: config))
    }

    /// Whether the library cache may be read (and, by the reader, written).
    var usesCache: Bool { !noCache && !LibraryCache.disabled() }

    /// The library of a one-shot command: through the library cache when there is one (its snapshot when
    /// current, else each unchanged file's parse), never writing it; the same library as a load without it.
    /// Kept until the process exits (`ProcessEnd.keep`): freeing it would only delay the exit.
    func load(config: Config? = nil) -> Library {
        let paths = resolved(config: config)
        var timings = DigestLoader.Timings()
        let library = DigestLoader.load(
            paths: paths, cache: usesCache ? LibraryCache(forPaths: paths) : nil, timings: &timings)
        ProcessEnd.keep(library)
        return library
    }

    /// What `folio check` prints: from the cache's snapshot alone when it is current (no paper decoded, the
    /// counts it recorded), else from a load.
    func counts() -> LibraryCounts {
        let paths = resolved()
        if usesCache, let counts = DigestLoader.snapshotCounts(paths: paths, cache: LibraryCache(forPaths: paths)) {
            return counts
        }
        return LibraryCounts(load())
    }
}

/// `--config PATH`, and finding and reading the config file.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The config file (default: $XDG_CONFIG_HOME/folio/config.toml).", valueName: "path"),
        completion: .file(extensions: ["toml"]))
    var config: String?

    static func defaultPath() -> String { XDGPaths().configFile("config.toml") }

    static func expandTilde(_ path: String) -> String { XDGPaths().expandingTilde(path) }

    /// The config in force and the problems in it. A missing default file is no problem; a missing --config is.
    func load() throws -> (Config, [Diagnostic]) {
        let path = config.map(Self.expandTilde) ?? Self.defaultPath()
        let bytes: [UInt8]
        switch WholeFile.read(path) {
        case .success(let read): bytes = read
        case .failure(let missing) where missing.code == ENOENT && config == nil: return (Config(), [])
        case .failure(let reason):
            let shown = Diagnostic.displayPath(path)
            let why =
                reason == .tooLarge
                ? "it is larger than \(WholeFile.maximumSmallFileSize >> 20) MiB, far past any config" : reason.reason
            if config != nil { throw failure("cannot read the config file \(shown): \(why)", code: 2) }
            // The default file is there but unusable (a device, too large): said, not silently passed over.
            return (Config(), [Diagnostic(file: path, message: "cannot read: \(why); the defaults are in force")])
        }
        return Config.parse(String(decoding: bytes, as: UTF8.self), file: path)
    }
}

extension Folio {
    struct Read: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "read", abstract: "Browse digests in the terminal (the default).")

        @OptionGroup var digests: DigestPaths
        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var state: StateOption
        @Option(
            help: ArgumentHelp(
                "Colors: auto (when the terminal has them and NO_COLOR is not set), always or never.",
                valueName: "when"))
        var color: ColorMode?

        func run() throws {
            let keysFromTTY = digests.paths.contains("-")
            // Fail fast, before reading anything, when there is no terminal to draw on.
            if !keysFromTTY, isatty(STDIN_FILENO) == 0 {
                throw failure(
                    "standard input is not a terminal; folio is an interactive reader (use `folio check` in scripts)",
                    code: 2)
            }
            if isatty(STDOUT_FILENO) == 0 {
                throw failure(
                    "standard output is not a terminal; folio is an interactive reader (use `folio check` in scripts)",
                    code: 2)
            }
            var (config, configProblems) = try configOptions.load()
            // `colors = false`, the older setting, still turns them off.
            config.settings.colors =
                config.settings.colors
                && ColorMode.wantsColor(
                    flag: color, setting: config.settings.color, environment: ProcessInfo.processInfo.environment)
            let paths = digests.resolved(config: config)
            let startup = StartupLibrary.load(paths: paths, useCache: digests.usesCache)
            let library = startup.library
            // Nothing at all could be read from the paths given: say so, as less does, without a blank screen.
            if library.papers.isEmpty, !library.problems.isEmpty, !digests.paths.isEmpty {
                var standardError = StandardError()
                for problem in library.problems { print("folio: \(problem)", to: &standardError) }
                throw ExitCode(2)
            }
            let (topics, topicProblems) = TopicCatalog.load(userFile: TopicCatalog.userFilePath())
            let problems = configProblems + topicProblems
            let outcome: RunLoop.Outcome
            do {
                var runLoop = RunLoop(
                    library: library, config: config, configProblems: problems, keysFromTTY: keysFromTTY,
                    stateStore: StateStore(url: state.url(config: config)), topicDefinitions: topics)
                runLoop.digestPaths = paths
                runLoop.startup = startup
                runLoop.showingSamples = digests.usesSamples(config: config)
                if !keysFromTTY { runLoop.fetchTarget = try FetchCommand.target(config: config) }
                outcome = try runLoop.run()
            } catch let error as Terminal.StartError {
                throw failure(error.description, code: 2)
            }
            reportProblems(outcome.library, problems)
            if let unsaved = outcome.unsavedMarks {
                let exit = failure(
                    "marks made in this session were NOT saved to \(Diagnostic.displayPath(state.url(config: config).path)): \(unsaved)",
                    code: 1)
                throw outcome.signal != 0 ? ExitCode(128 + outcome.signal) : exit
            }
            if outcome.signal != 0 { throw ExitCode(128 + outcome.signal) }
        }

        private func reportProblems(_ library: Library, _ configProblems: [Diagnostic]) {
            let all = configProblems + library.problems
            guard !all.isEmpty else { return }
            var standardError = StandardError()
            print("folio: \(all.count) problem\(all.count == 1 ? "" : "s") loading:", to: &standardError)
            for problem in all { print("  \(problem)", to: &standardError) }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Load digests and print every problem, then a summary; exit 1 when there are problems, 2 when a path is missing or nothing is readable."
        )

        @OptionGroup var digests: DigestPaths
        @Flag(help: "JSON for scripts: {problems: [{file, line, column, message}], notes, files, entries, papers}.")
        var json = false

        func run() throws {
            let library = digests.counts()
            let status: Int32 =
                library.problems.hasPathErrors || (library.paperCount == 0 && !library.problems.isEmpty)
                ? 2 : library.problems.isEmpty ? 0 : 1
            if json {
                try printJSON([
                    "problems": library.problems.map { problem -> [String: Any] in
                        var object: [String: Any] = [
                            "file": problem.file, "line": problem.line, "message": problem.message,
                        ]
                        if let column = problem.column { object["column"] = column }
                        return object
                    },
                    "notes": library.notes, "files": library.fileCount, "entries": library.entryCount,
                    "papers": library.paperCount,
                ])
                if status != 0 { throw ExitCode(status) }
                return
            }
            var output = SafeOutput()
            for problem in library.problems { print(problem, to: &output) }
            for note in library.notes { print("note: \(note)", to: &output) }
            func counted(_ count: Int, _ one: String, _ many: String) -> String {
                "\(count) \(count == 1 ? one : many)"
            }
            print(
                [
                    counted(library.fileCount, "file", "files"), counted(library.entryCount, "entry", "entries"),
                    counted(library.paperCount, "paper", "papers"),
                    counted(library.problems.problemCount, "problem", "problems"),
                ].joined(separator: ", "))
            if status != 0 { throw ExitCode(status) }
        }
    }
}

extension Folio {
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the key bindings in force (the defaults merged with the config).")

        @Option(help: "table, json, markdown or man (the KEYS section of folio(1)).") var format: KeyHelp.Format =
            .table
        @Flag(help: "JSON for scripts, as --format json: an array of {action, group, help, keys: {context: [keys]}}.")
        var json = false
        @OptionGroup var configOptions: ConfigOptions

        func run() throws {
            let (config, problems) = try configOptions.load()
            var standardError = StandardError()
            for problem in problems { print("folio: \(problem)", to: &standardError) }
            let chosen: KeyHelp.Format = json ? .json : format
            let text = KeyHelp.format(config.keymap, filters: config.filters, as: chosen)
            print(chosen == .json ? JSONOutput.escapingControls(text) : text, terminator: "")
        }
    }

    struct ConfigCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config", abstract: "Show or check the config file.")

        @Flag(help: "Write a commented config with every default to standard output.") var printDefaults = false
        @OptionGroup var configOptions: ConfigOptions

        func run() throws {
            if printDefaults {
                print(Config.defaultText(), terminator: "")
                return
            }
            // Without a flag: check the config in force and say what is wrong with it.
            let (config, problems) = try configOptions.load()
            var output = SafeOutput()
            for problem in problems { print(problem, to: &output) }
            // Topics found in the papers exist only once papers are loaded: a name that is neither built-in nor
            // the user's may be one of those, or a typo. Worth a word, not an error.
            let written = Set(TopicCatalog.load(userFile: TopicCatalog.userFilePath()).topics.map(\.name))
            var named: [(what: String, topic: String)] = []
            for (name, text) in config.filters.sorted(by: { $0.key < $1.key }) {
                for topic in (try? Filter.parse(text, named: config.filters))?.topicNames ?? [] {
                    named.append(("filter \(name)", topic))
                }
            }
            for commands in config.keymap.bindings.values {
                for command in commands.values where command.action == .toggleTopic {
                    if let topic = command.argument { named.append(("a key's \(command)", topic.lowercased())) }
                }
            }
            for (what, topic) in named where !written.contains(topic) {
                print(
                    "note: \(what) names topic \(topic), which is neither built-in nor in topics.toml: it works only if found in the papers",
                    to: &output)
            }
            if let folder = config.digests {
                var status = stat()
                let expanded = ConfigOptions.expandTilde(folder)
                if stat(expanded, &status) != 0 {
                    print(
                        "note: digests = \"\(Diagnostic.displayPath(folder))\" names nothing that exists: folio will say so when it starts",
                        to: &output)
                } else if [S_IFCHR, S_IFBLK, S_IFIFO].contains(status.st_mode & S_IFMT) {
                    let kind = status.st_mode & S_IFMT == S_IFIFO ? "a named pipe" : "a device"
                    print(
                        "note: digests = \"\(Diagnostic.displayPath(folder))\" is \(kind), not a folder or a file: folio will refuse it",
                        to: &output)
                }
            }
            let path = configOptions.config.map(ConfigOptions.expandTilde) ?? ConfigOptions.defaultPath()
            if !FileManager.default.fileExists(atPath: path) {
                print(
                    "no config file at \(Diagnostic.displayPath(path)): the defaults are in force (folio config --print-defaults shows them)",
                    to: &output)
            } else {
                print(
                    problems.isEmpty
                        ? "config OK: \(Diagnostic.displayPath(path))"
                        : "\(problems.problemCount) problem\(problems.problemCount == 1 ? "" : "s") in \(Diagnostic.displayPath(path))",
                    to: &output)
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}

extension KeyHelp.Format: ExpressibleByArgument {}
extension ColorMode: ExpressibleByArgument {}

extension Folio {
    struct SearchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract:
                "Print the papers matching a query, best first (words, \"phrases\", -word, title:word, abstract:word).",
            discussion: """
                Words match whole words; word* matches every word it starts. A query that starts with - goes \
                after --, so that it is not read as an option:

                  folio search -- "-video diffusion"
                """)

        @Argument(
            help: """
                The query; quote it for the shell. One that starts with - goes after --, as shown above.
                """
        )
        var query: String
        @OptionGroup var digests: DigestPaths
        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var state: StateOption
        @Flag(
            help:
                "JSON for scripts: an array of {title, date, upvotes, arxivId, key, score, read, starred, authors, links, …}."
        )
        var json = false
        @Option(parsing: .unconditional, help: "At most this many results (0: all).") var limit = 20

        func run() throws {
            try checkLimit(limit)
            let (config, _) = try configOptions.load()
            // `--no-cache` reads no stored index either: every digest is parsed and searched in one pass.
            let stored = digests.usesCache ? StoredSearch(paths: digests.resolved(config: config)) : nil
            let query = SearchQuery(parsing: self.query, lastWordIsPrefix: false)
            // From the index the reader stored for these very files, without loading them, when it can answer.
            let answered = json ? nil : stored?.answerWithoutLoading(query, limit: limit > 0 ? limit : nil)
            let library = answered?.library ?? digests.load(config: config)
            try reportLoadProblems(library)
            let (reading, _) = StateStore(url: state.url(config: config)).load()
            let (read, starred) = reading.markedSets(in: library)
            // Else the stored index when valid for the library loaded; else one pass over the text, ranked as
            // the index ranks: no index is built for one query.
            let (results, total) =
                answered.map { ($0.results, $0.total) }
                ?? Self.search(
                    query, in: library, layer: PaperLayer(reading: reading, library: library),
                    limit: limit > 0 ? limit : library.papers.count, index: stored?.index(for: library))
            var standardError = StandardError()
            if results.count < total {
                print(
                    "folio: the best \(results.count) of \(total) papers shown (--limit N shows more, 0 all)",
                    to: &standardError)
            }
            if json {
                let paper = { (result: SearchResult) in library.papers[result.paper] }
                try printPapersJSON(
                    results.map { result in
                        (
                            paper(result),
                            [
                                "score": result.score, "date": paper(result).lastSeen.iso,
                                "read": read.contains(result.paper), "starred": starred.contains(result.paper),
                            ]
                        )
                    })
            } else {
                // The line `folio list` prints.
                for result in results {
                    print(
                        paperLine(
                            library.papers[result.paper], read: read.contains(result.paper),
                            starred: starred.contains(result.paper)))
                }
            }
            if library.hasPathErrors { throw ExitCode(2) }
            // As grep: 1 when nothing matches.
            if results.isEmpty {
                if !json { print("folio: no paper matches", to: &standardError) }
                throw ExitCode(1)
            }
        }

        /// The best `limit` results and how many match. `note:` terms are the reader's own layer, not the
        /// digests' text: the rest of the query is ranked (from `index` when given, else in one pass over the
        /// text) and the papers whose notes pass are kept,
        /// as the reader's search pane does; `note:` terms alone list the papers with such notes, in library
        /// order.
        static func search(
            _ query: SearchQuery, in library: Library, layer: PaperLayer, limit: Int, index: SearchIndex? = nil
        ) -> (results: [SearchResult], total: Int) {
            func rank(_ query: SearchQuery, limit: Int) -> (results: [SearchResult], total: Int) {
                guard let index else { return StreamingSearch(query).search(in: library, limit: limit) }
                return StoredSearch.rank(query, in: index, limit: limit)
            }
            guard let keeps = layer.noteFilter(for: query) else { return rank(query, limit: limit) }
            let rest = query.indexPart
            let kept: [SearchResult] =
                rest.isEmpty
                ? layer.papersWithNotes.filter(keeps).map { SearchResult(paper: $0, score: 0) }
                : rank(rest, limit: library.papers.count).results.filter { keeps($0.paper) }
            return (Array(kept.prefix(limit)), kept.count)
        }
    }
}

/// Prints what went wrong loading on standard error; when nothing at all could be read, exits 2, an error, as
/// grep does (a command that printed an empty answer would say the papers were looked through). A path that does
/// not exist is an error too, but the command first answers for the others: it exits 2 at its end.
func reportLoadProblems(_ library: Library) throws {
    var standardError = StandardError()
    for problem in library.problems { print("folio: \(problem)", to: &standardError) }
    if library.papers.isEmpty, !library.problems.isEmpty {
        print("folio: no papers could be read", to: &standardError)
        throw ExitCode(2)
    }
}

/// `--limit -1` is a mistake, not "all": exit 2 with what is wanted.
func checkLimit(_ limit: Int) throws {
    if limit < 0 { throw failure("--limit must be 0 or more (0: all), not \(limit)", code: 2) }
}

/// One paper on one line, for `folio list` and `folio search` alike: its mark (• unread, ★ starred), the last
/// day it was listed, its upvotes as the site writes them, its title.
func paperLine(_ paper: Paper, read: Bool, starred: Bool) -> String {
    let votes = paper.upvotes.map { "▲" + UpvoteText.short($0) } ?? ""
    let mark = starred ? "★" : read ? " " : "•"
    return "\(mark) \(paper.lastSeen.iso)  \(votes.leftPadded(to: 6))  \(DisplayText.sanitize(paper.title))"
}

extension Library {
    /// A path given that does not exist or cannot be read (a digest read and found wanting is no such error).
    var hasPathErrors: Bool { problems.hasPathErrors }
}

extension [Diagnostic] {
    /// A path given that does not exist or cannot be read, among these problems of a load.
    var hasPathErrors: Bool {
        contains { problem in
            problem.line == 0
                && (problem.message == "no such file or folder" || problem.message.hasPrefix("cannot read")
                    || problem.message.hasPrefix("no .txt, .json or .md files"))
        }
    }
}

/// Any JSON value, pretty and with sorted keys, on standard output, every control and format character escaped
/// (`JSONOutput`).
func printJSON(_ value: Any) throws {
    let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])
    print(JSONOutput.escapingControls(String(decoding: data, as: UTF8.self)))
}

/// Papers as a JSON array for scripts: title, key, and upvotes and arXiv id when known, authors, links and the
/// site's record (`Paper.recordJSON`), with `fields` added.
func printPapersJSON(_ papers: [(paper: Paper, fields: [String: Any])]) throws {
    let objects: [[String: Any]] = papers.map { paper, fields in
        var object = paper.recordJSON.merging(fields) { _, field in field }
        object["title"] = paper.title
        object["key"] = paper.key
        if let votes = paper.upvotes { object["upvotes"] = votes }
        if let id = paper.arxivID { object["arxivId"] = id }
        return object
    }
    try printJSON(objects)
}

/// Error messages go to standard error, unbuffered. They quote file names, digest text and config lines: no
/// control character or escape sequence in them reaches the terminal, as in the UI.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(DisplayText.sanitize(string, keepNewlines: true).utf8))
    }
}

/// Standard output for lines that quote what was read (problems, notes, config mistakes), sanitized likewise.
struct SafeOutput: TextOutputStream {
    mutating func write(_ string: String) {
        Swift.print(DisplayText.sanitize(string, keepNewlines: true), terminator: "")
    }
}

/// Prints `folio: message` on standard error and gives the exit code to throw.
func failure(_ message: String, code: Int32) -> ExitCode {
    var standardError = StandardError()
    print("folio: \(message)", to: &standardError)
    return ExitCode(code)
}
