import ArgumentParser
import FolioCore
import FolioScreen
import FolioUI
import Foundation

extension Folio {
    struct ListCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Print the papers, newest first, each once; --filter keeps those a filter matches.",
            discussion: """
                A filter combines topic:NAME, unread, read, starred, day:today, date>=2025-12-01, upvotes>10, \
                seen>1, words and "phrases" (as in search), @NAME (a named filter from the config) with and, or, \
                not and parentheses; atoms side by side are joined by and.
                """)

        @OptionGroup var digests: DigestPaths
        @OptionGroup var configOptions: ConfigOptions
        @Option(
            help: ArgumentHelp("Keep only the papers this filter matches; quote it for the shell.", valueName: "expr"),
            completion: Completions.filter)
        var filter: String?
        @OptionGroup var state: StateOption
        @OptionGroup var topicsFile: TopicsFileOption
        @Flag(
            help:
                "JSON for scripts: an array of {title, date, upvotes, arxivId, key, topics, read, starred, authors, links, …}."
        )
        var json = false
        @Option(parsing: .unconditional, help: "At most this many papers (0: all).") var limit = 0

        func run() throws {
            try checkLimit(limit)
            var standardError = StandardError()
            let selection = try PaperSelection(
                digests: digests, configOptions: configOptions, filter: filter, state: state, topicsFile: topicsFile,
                wantsTopics: json)
            let (library, read, starred) = (selection.library, selection.read, selection.starred)
            var papers = selection.papers
            if limit > 0 { papers = Array(papers.prefix(limit)) }
            if json {
                try printPapersJSON(
                    papers.map { id in
                        (
                            library.papers[id],
                            [
                                "date": library.papers[id].lastSeen.iso, "read": read.contains(id),
                                "starred": starred.contains(id),
                                "topics": selection.topicNames(of: id),
                            ]
                        )
                    })
                if library.hasPathErrors { throw ExitCode(2) }
                if papers.isEmpty { throw ExitCode(1) }
                return
            }
            for id in papers {
                print(paperLine(library.papers[id], read: read.contains(id), starred: starred.contains(id)))
            }
            if library.hasPathErrors { throw ExitCode(2) }
            // As grep does: nothing found is said on standard error, with exit status 1.
            if papers.isEmpty {
                print(filter == nil ? "folio: no papers" : "folio: no paper matches the filter", to: &standardError)
                throw ExitCode(1)
            }
        }

        /// The filter with a caret under the problem, on standard error; exit code 2, as for any usage error.
        static func badFilter(_ text: String, _ problem: Diagnostic) -> ExitCode {
            var standardError = StandardError()
            // A filter's problems always have a column: the parser and the topic check both give one.
            let column = problem.column ?? 1
            print("folio: bad filter at column \(column): \(problem.message)", to: &standardError)
            print("  " + text, to: &standardError)
            print("  " + String(repeating: " ", count: max(0, column - 1)) + "^", to: &standardError)
            return ExitCode(2)
        }
    }
}
