import ArgumentParser
import FolioCore
import FolioUI
import Foundation

/// The papers a command prints: every loaded paper once, newest first, kept by `--filter`, with the reading
/// marks and (when asked or the filter needs them) the topics. `folio list` and `folio export` share it.
struct PaperSelection {
    var library: Library
    var papers: [PaperID]
    var read: PaperSet
    var starred: PaperSet
    var topics: TopicIndex?

    /// Loads and selects; a bad filter prints its caret and exits 2, an empty load exits 1.
    init(
        digests: DigestPaths, configOptions: ConfigOptions, filter: String?, state: StateOption,
        topicsFile: TopicsFileOption, wantsTopics: Bool
    ) throws {
        let (config, _) = try configOptions.load()
        var standardError = StandardError()
        var parsed: Filter?
        if let filter {
            do {
                parsed = try Filter.parse(filter, named: config.filters)
            } catch {
                throw Folio.ListCommand.badFilter(filter, error)
            }
        }
        library = digests.load(config: config)
        try reportLoadProblems(library)
        let (reading, messages) = StateStore(url: state.url(config: config)).load()
        for message in messages { print("folio: \(message)", to: &standardError) }
        (read, starred) = reading.markedSets(in: library)
        var indexes: LibraryIndexes?
        if wantsTopics || parsed?.needsIndex == true {
            indexes = LibraryIndexes.build(
                library: library, definitions: try topicsFile.load().topics,
                discover: config.settings.discoveredTopics)
        }
        topics = indexes?.topics
        var kept: PaperSet?
        if let parsed, let filter {
            do {
                kept = try parsed.evaluate(
                    in: Filter.Context(
                        library: library, topics: topics, index: indexes?.search,
                        read: read, starred: starred, facts: indexes?.facts,
                        layer: PaperLayer(reading: reading, library: library)))
            } catch {
                throw Folio.ListCommand.badFilter(filter, error)
            }
        }
        papers = PaperOrdering.papers(in: library, scope: .allDays, sort: .digest)
        if let kept { papers = papers.filter { kept.contains($0) } }
    }

    /// The names of a paper's topics, when topics were made.
    func topicNames(of paper: PaperID) -> [String] {
        topics.map { index in index.topics(of: paper).map { index.topics[$0].name } } ?? []
    }
}
