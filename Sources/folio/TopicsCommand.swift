import ArgumentParser
import Foundation
import FolioCore
import FolioUI

extension Folio {
    struct TopicsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "topics",
            abstract: "Print the topics of the loaded papers with their counts: built-in, yours (topics.toml) and discovered.")

        @OptionGroup var digests: DigestPaths
        @OptionGroup var configOptions: ConfigOptions
        @Flag(help: "Write the built-in topics as a topics.toml to start your own from.") var printDefaults = false
        @Option(help: ArgumentHelp("The topics file (default: $XDG_CONFIG_HOME/folio/topics.toml).", valueName: "path"))
        var topicsFile: String?

        func run() throws {
            if printDefaults {
                print(BuiltInTopics.toml)
                return
            }
            let (config, _) = try configOptions.load()
            let library = digests.load(config: config)
            var standardError = StandardError()
            for problem in library.problems { print("folio: \(problem)", to: &standardError) }
            let (definitions, problems) = TopicCatalog.load(userFile: topicsFile.map(ConfigOptions.expandTilde) ?? TopicCatalog.userFilePath(),
                                                            required: topicsFile != nil)
            for problem in problems { print("folio: \(problem)", to: &standardError) }
            let topics = TopicIndex(definitions: definitions, index: SearchIndex(library: library),
                                    discover: config.settings.discoveredTopics)
            let nameWidth = topics.topics.map { $0.name.count }.max() ?? 0
            for topic in topics.topics {
                let name = topic.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                let count = String(topic.count).leftPadded(to: 6)
                let source = topic.source.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                print("\(name) \(count)  \(source)  \(DisplayText.sanitize(topic.keywords.prefix(6).joined(separator: ", ")))")
            }
            print("\(topics.topics.count) topics over \(library.papers.count) papers")
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
