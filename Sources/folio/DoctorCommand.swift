import ArgumentParser
import FolioCore
import FolioScreen
import FolioTerminal
import FolioUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Folio {
    /// What Folio finds on this machine, for a bug report or a set-up that does not work: the terminal and its
    /// colors, the locale, the files it reads and writes, the digests, the tools it can hand links to.
    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say what folio finds: terminal and colors, locale, config and state files, digests, tools.",
            discussion:
                "Exits 1 when something will not work (a file folio cannot write, wide characters measured wrong).")

        @OptionGroup var digests: DigestPaths
        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var state: StateOption
        @OptionGroup var topicsFile: TopicsFileOption

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            var report = Report()
            report.line("folio", Folio.versionSummary)

            // The terminal, as terminfo describes $TERM, and what the color rules decide.
            let term = environment["TERM"].flatMap { $0.isEmpty ? nil : $0 }
            let colors = Terminal.terminfoColors()
            let onTTY = isatty(STDOUT_FILENO) != 0 && isatty(STDIN_FILENO) != 0
            let termText = term.map { "TERM=\($0)" } ?? "TERM is not set"
            let colorsText = colors.map { $0 > 0 ? "\($0) colors" : "no colors" } ?? "unknown to terminfo"
            report.line(
                "terminal",
                "\(termText), \(colorsText); "
                    + (onTTY ? "standard input and output are a terminal" : "not run on a terminal here"),
                problem: term == nil || colors == nil)
            let (config, configProblems) = try configOptions.load()
            let wanted =
                config.settings.colors
                && ColorMode.wantsColor(
                    flag: nil, setting: config.settings.color, environment: environment)
            let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
            var colorWhy = "color = \(config.settings.color.rawValue)"
            if noColor { colorWhy += ", NO_COLOR is set" }
            if !config.settings.colors { colorWhy += ", colors = false" }
            let drawn = wanted && (colors ?? 0) > 0
            // Off the terminal (`folio doctor | less`, a script) nothing is drawn in color here: what is said is what
            // the reader would do on a terminal of this TERM, and that it is not one.
            let colorState =
                drawn
                ? (onTTY ? "on" : "on in the reader on this TERM (not a terminal here)") + ", theme \(config.themeName)"
                : "off"
            report.line(
                "colors",
                "\(colorState) (\(colorWhy)\(wanted && !drawn ? ", the terminal has none" : ""))"
            )

            // The locale: wide characters must measure two columns, as the terminal draws them.
            let requested = ["LC_ALL", "LC_CTYPE", "LANG"].first { !(environment[$0] ?? "").isEmpty }
            let requestedText = requested.map { "\($0)=\(environment[$0]!)" } ?? "no LC_ALL, LC_CTYPE or LANG"
            setlocale(LC_ALL, "")
            var locale = String(cString: setlocale(LC_CTYPE, nil))
            var measured = TextWidth.columns("中")
            var fallback = ""
            if measured != 2 {
                // What the reader does too: a locale without wide characters falls back to C.UTF-8.
                setlocale(LC_CTYPE, "C.UTF-8")
                locale = String(cString: setlocale(LC_CTYPE, nil))
                measured = TextWidth.columns("中")
                fallback = " after falling back to C.UTF-8"
            }
            report.line(
                "locale",
                "\(requestedText); in force \(locale); "
                    + (measured == 2
                        ? "wide characters measure right\(fallback) (中 is 2 columns)"
                        : "wide characters measure \(measured) column(s), not 2: install a UTF-8 locale"),
                problem: measured != 2)

            // Files read and written.
            let configPath = configOptions.config.map(ConfigOptions.expandTilde) ?? ConfigOptions.defaultPath()
            let configState =
                !FileManager.default.fileExists(atPath: configPath)
                ? "not there: the defaults are in force"
                : configProblems.isEmpty
                    ? "read, no problem" : "\(configProblems.count) problem(s): folio config lists them"
            report.line("config", "\(configPath) (\(configState))", problem: !configProblems.isEmpty)
            let topicsPath = topicsFile.topicsFile.map(ConfigOptions.expandTilde) ?? TopicCatalog.userFilePath()
            report.line(
                "topics",
                "\(topicsPath) (\(FileManager.default.fileExists(atPath: topicsPath) ? "there" : "not there: built-in topics only"))"
            )
            let statePath = state.url(config: config).path
            let writable = Self.writableFolder(for: statePath)
            report.line(
                "state",
                "\(statePath) (\(FileManager.default.fileExists(atPath: statePath) ? "there" : "not yet written"); "
                    + (writable.map { "\($0) is writable" }
                        ?? "its folder cannot be made or written: marks will not be saved")
                    + ")",
                problem: writable == nil)
            report.line(
                "history", state.url(config: config).deletingLastPathComponent().path + "/{search,filter}-history")

            // The digests opened with no PATH, and how many files they hold.
            let paths = digests.resolved(config: config)
            let named = !(environment["FOLIO_DIGESTS"] ?? "").isEmpty
            let source =
                !digests.paths.isEmpty
                ? "given"
                : digests.usesSamples(config: config)
                    ? "the bundled samples (\(DigestHome.folder(config: config)) holds no digest yet: folio fetch)"
                    : named ? "FOLIO_DIGESTS" : config.digests != nil ? "the config's digests" : "the digest folder"
            var missing = false
            let counted = paths.map { path -> String in
                var isFolder: ObjCBool = false
                let shown = Diagnostic.displayPath(path)
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                    missing = true
                    return "\(shown) (not there)"
                }
                guard isFolder.boolValue else { return "\(shown) (a file)" }
                let count = DigestLoader.filesInFolder(path).files.count
                return "\(shown) (\(count) digest file\(count == 1 ? "" : "s"))"
            }
            report.line("digests", "\(counted.joined(separator: ", ")), \(source)", problem: missing)
            let unused = digests.noCache ? "--no-cache" : LibraryCache.disabled() ? "FOLIO_NO_CACHE is set" : nil
            report.line("cache", Self.describeCache(paths: paths, unusedBecause: unused))
            report.line("index", Self.describeIndex(paths: paths, unusedBecause: unused))

            // Tools to hand links and text to.
            let browsers = (environment["BROWSER"] ?? "").split(separator: ":").map(String.init)
            let opener =
                !browsers.isEmpty
                ? "BROWSER=\(environment["BROWSER"]!)"
                    + (browsers.contains { Self.find($0.split(separator: " ").first.map(String.init) ?? $0) != nil }
                        ? "" : " (not found on PATH)")
                : Self.find("xdg-open").map { "xdg-open (\($0))" } ?? "none: set BROWSER or install xdg-utils"
            report.line("opener", opener)
            let clipboard = ["wl-copy", "xclip", "xsel"].map { tool in
                Self.find(tool).map { "\(tool) (\($0))" } ?? "\(tool) not found"
            }
            let display = ["WAYLAND_DISPLAY", "DISPLAY"].filter { !(environment[$0] ?? "").isEmpty }
            report.line(
                "clipboard",
                clipboard.joined(separator: ", ")
                    + (display.isEmpty
                        ? "; no display (terminal clipboard only)" : "; \(display.joined(separator: ", ")) set")
            )
            report.line(
                "editor", environment["EDITOR"].flatMap { $0.isEmpty ? nil : "EDITOR=\($0)" } ?? "EDITOR is not set")

            var output = SafeOutput()
            print(report.text, terminator: "", to: &output)
            if report.problems > 0 {
                print("\(report.problems) thing\(report.problems == 1 ? "" : "s") to look at (marked !)", to: &output)
                throw ExitCode(1)
            }
        }

        /// The folder `path` goes in, when it exists and is writable or can be made so: nil when it cannot.
        static func writableFolder(for path: String) -> String? {
            var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            while !FileManager.default.fileExists(atPath: folder.path) {
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { return nil }
                folder = parent
            }
            return access(folder.path, W_OK) == 0 ? URL(fileURLWithPath: path).deletingLastPathComponent().path : nil
        }

        /// The library cache of these digests: where, how large, whether a start can use it.
        static func describeCache(paths: [String], unusedBecause unused: String?) -> String {
            let cache = LibraryCache(forPaths: paths)
            if let unused { return "\(cache.path) (not used: \(unused))" }
            guard let size = (try? FileManager.default.attributesOfItem(atPath: cache.path))?[.size] as? Int else {
                return "\(cache.path) (not yet written: the reader writes it after its first frame)"
            }
            let state = cache.state(paths: paths)
            return "\(cache.path) (\(String(format: "%.1f", Double(size) / 1_048_576)) MB; \(state))"
        }

        /// The search index stored beside that cache: where, how large, whether the next start can read it.
        static func describeIndex(paths: [String], unusedBecause unused: String?) -> String {
            let index = StoredSearchIndex(forPaths: paths)
            if let unused { return "\(index.path) (not used: \(unused))" }
            let state = index.state(paths: paths)
            guard let size = (try? FileManager.default.attributesOfItem(atPath: index.path))?[.size] as? Int else {
                return "\(index.path) (\(state))"
            }
            return "\(index.path) (\(String(format: "%.1f", Double(size) / 1_048_576)) MB; \(state))"
        }

        /// A program's path on $PATH, when it is there and can run.
        static func find(_ program: String) -> String? {
            if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
            let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            return folders.map { "\($0)/\(program)" }.first { access($0, X_OK) == 0 }
        }

        /// Lines of `name: what`, a ! before the ones that will not work.
        struct Report {
            var text = ""
            var problems = 0

            mutating func line(_ name: String, _ what: String, problem: Bool = false) {
                if problem { problems += 1 }
                text += (problem ? "! " : "  ") + name.padding(toLength: 10, withPad: " ", startingAt: 0) + what + "\n"
            }
        }
    }
}
