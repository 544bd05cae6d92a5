import ArgumentParser
import Foundation
import FolioCore
import FolioSamples
import FolioTerminal
import FolioUI
#if canImport(Glibc)
import Glibc
#endif

@main
struct Folio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "A terminal reader for daily-paper digests.",
        discussion: """
            With no PATH, folio opens the digests bundled with it. A PATH is a digest file (page or compact \
            text, or API JSON), a folder read recursively for .txt, .json and .md files, or - for standard input.
            """,
        subcommands: [Read.self, Check.self],
        defaultSubcommand: Read.self
    )
}

/// Options every command that loads digests shares.
struct DigestPaths: ParsableArguments {
    @Argument(help: "Digest files or folders; - reads one digest from standard input. Default: the bundled samples.")
    var paths: [String] = []

    /// The paths to load: the given ones, else the samples that ship with folio.
    var resolved: [String] { paths.isEmpty ? [FolioSamples.folder.path] : paths }

    func load() -> Library { DigestLoader.load(paths: resolved) }
}

extension Folio {
    struct Read: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "read", abstract: "Browse digests in the terminal (the default).")

        @OptionGroup var digests: DigestPaths

        func run() throws {
            let keysFromTTY = digests.paths.contains("-")
            // Fail fast, before reading anything, when there is no terminal to draw on.
            if !keysFromTTY, isatty(STDIN_FILENO) == 0 {
                throw failure("standard input is not a terminal; folio is an interactive reader (use `folio check` in scripts)", code: 2)
            }
            if isatty(STDOUT_FILENO) == 0 {
                throw failure("standard output is not a terminal; folio is an interactive reader (use `folio check` in scripts)", code: 2)
            }
            let library = digests.load()
            let settings = Settings()
            let signal = try RunLoop(library: library, settings: settings, keysFromTTY: keysFromTTY).run()
            reportProblems(library)
            if signal != 0 { throw ExitCode(128 + signal) }
        }

        private func reportProblems(_ library: Library) {
            guard !library.problems.isEmpty else { return }
            var standardError = StandardError()
            print("folio: \(library.problems.count) problem\(library.problems.count == 1 ? "" : "s") loading digests:", to: &standardError)
            for problem in library.problems { print("  \(problem)", to: &standardError) }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load digests and print every problem, then a summary; exit 1 when there are problems.")

        @OptionGroup var digests: DigestPaths

        func run() throws {
            let library = digests.load()
            for problem in library.problems { print(problem) }
            for note in library.notes { print("note: \(note)") }
            print("\(library.fileCount) files, \(library.entryCount) entries, \(library.papers.count) papers, \(library.problems.count) problems")
            if !library.problems.isEmpty { throw ExitCode(1) }
        }
    }
}

/// Error messages go to standard error, unbuffered.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}

/// Prints `folio: message` on standard error and gives the exit code to throw.
func failure(_ message: String, code: Int32) -> ExitCode {
    var standardError = StandardError()
    print("folio: \(message)", to: &standardError)
    return ExitCode(code)
}
