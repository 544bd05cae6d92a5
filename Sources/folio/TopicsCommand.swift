import ArgumentParser
import FolioCore
import FolioScreen
import FolioUI
import Foundation

/// `--topics-file PATH`, and reading the topics in force.
struct TopicsFileOption: ParsableArguments {
    @Option(
        help: ArgumentHelp("The topics file (default: $XDG_CONFIG_HOME/folio/topics.toml).", valueName: "path"),
        completion: .file(extensions: ["toml"]))
    var topicsFile: String?

    /// The built-in topics with the user's file on top; its problems are printed on standard error. A file named
    /// here that cannot be read stops the command (exit 2), as a missing --config does.
    func load() throws -> (topics: [TopicDefinition], problems: [Diagnostic]) {
        let loaded = TopicCatalog.load(
            userFile: topicsFile.map(ConfigOptions.expandTilde) ?? TopicCatalog.userFilePath(),
            required: topicsFile != nil)
        var standardError = StandardError()
        for problem in loaded.problems { print("folio: \(problem)", to: &standardError) }
        if topicsFile != nil, loaded.problems.contains(where: { $0.line == 0 }) { throw ExitCode(2) }
        return loaded
    }
}

/// `--state PATH`: the reading-state file.
struct StateOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The reading-state file (default: the config's state, else $XDG_STATE_HOME/folio/state.json).",
            valueName: "path"),
        completion: .file(extensions: ["json"]))
    var state: String?

    /// `--state`, else the config's `state`, else the default.
    func url(config: Config) -> URL {
        (state ?? config.state).map { URL(fileURLWithPath: ConfigOptions.expandTilde($0)) } ?? StateStore.defaultURL()
    }
}

extension Folio {
    struct TopicsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "topics",
            abstract:
                "Print the topics of the loaded papers with their counts: built-in, yours (topics.toml) and discovered."
        )

        @OptionGroup var digests: DigestPaths
        @OptionGroup var configOptions: ConfigOptions
        @Flag(help: "Write the built-in topics as a topics.toml to start your own from.") var printDefaults = false
        @OptionGroup var topicsFile: TopicsFileOption
        @Flag(help: "JSON for scripts: {topics: [{name, count, source, keywords}], papers}.") var json = false

        func run() throws {
            if printDefaults {
                print(BuiltInTopics.toml)
                return
            }
            let (config, _) = try configOptions.load()
            let library = digests.load(config: config)
            try reportLoadProblems(library)
            let (definitions, problems) = try topicsFile.load()
            let topics = LibraryIndexes.build(
                library: library, definitions: definitions,
                discover: config.settings.discoveredTopics
            ).topics
            if json {
                try printJSON([
                    "topics": topics.topics.map { topic -> [String: Any] in
                        [
                            "name": topic.name, "count": topic.count, "source": topic.source.rawValue,
                            "keywords": topic.keywords,
                        ]
                    },
                    "papers": library.papers.count,
                ])
                if library.hasPathErrors || !problems.isEmpty { throw ExitCode(library.hasPathErrors ? 2 : 1) }
                return
            }
            let nameWidth = topics.topics.map { $0.name.count }.max() ?? 0
            for topic in topics.topics {
                let name = topic.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                let count = String(topic.count).leftPadded(to: 6)
                let source = topic.source.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                print(
                    "\(name) \(count)  \(source)  \(DisplayText.sanitize(topic.keywords.prefix(6).joined(separator: ", ")))"
                )
            }
            print("\(topics.topics.count) topics over \(library.papers.count) papers")
            if library.hasPathErrors { throw ExitCode(2) }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}
