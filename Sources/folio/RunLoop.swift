import Foundation
import Synchronization
import FolioCore
import FolioTerminal
import FolioUI

/// Wires the terminal to the state: read an event, reduce, carry out effects, draw; and keeps the reading
/// state on disk, within a second of every change and before every exit.
struct RunLoop {
    let library: Library
    let config: Config
    let configProblems: [Diagnostic]
    let keysFromTTY: Bool
    let stateStore: StateStore
    /// Built-in topics merged with the user's topics.toml.
    let topicDefinitions: [TopicDefinition]

    /// A change is saved once no other came for this long, and never later than `longestWait` after it.
    static let quietPeriod: TimeInterval = 0.3
    static let longestWait: TimeInterval = 0.8

    /// How the reader ended.
    struct Outcome {
        /// The termination signal, or 0 after `q`.
        var signal: Int32
        /// Why marks made in this run are not on disk, when they are not: said on standard error after exit.
        var unsavedMarks: String?
    }

    /// Runs until quit or a termination signal.
    func run() throws -> Outcome {
        let (reading, stateMessages) = stateStore.load()
        let settings = config.settings
        let terminal = try Terminal(keysFromTTY: keysFromTTY, colors: settings.colors, mouse: settings.mouse)
        defer { terminal.stop() }
        var state = AppState(library: library, settings: settings, keymap: config.keymap, size: terminal.size,
                             startupProblems: configProblems + stateMessages.map { Diagnostic(message: $0) }, reading: reading)
        state.namedFilters = config.filters
        var saver = Saver(store: stateStore, savedVersion: state.readingVersion)
        let folder = stateStore.url.deletingLastPathComponent()
        let history = HistoryFile(url: folder.appendingPathComponent("search-history"))
        let filterHistory = HistoryFile(url: folder.appendingPathComponent("filter-history"))
        state.searchHistory = history.load()
        state.filterHistory = filterHistory.load()
        var savedHistoryVersion = state.searchHistoryVersion
        var savedFilterHistory = state.filterHistory
        terminal.draw(render(state, size: state.size))
        var quitWarned = false
        // The search index and the topics are built after the first frame, on another thread; keys work meanwhile.
        let built = Mutex<(index: SearchIndex, topics: TopicIndex, facts: PaperFacts)?>(nil)
        let library = self.library
        let definitions = topicDefinitions
        let discover = settings.discoveredTopics
        DispatchQueue.global(qos: .userInitiated).async {
            let indexes = LibraryIndexes.build(library: library, definitions: definitions, discover: discover)
            built.withLock { $0 = (indexes.search, indexes.topics, indexes.facts) }
        }
        while true {
            if state.searchIndex == nil, let (index, topics, facts) = built.withLock({ $0 }) {
                state.backgroundIndexReady(index, topics: topics, facts: facts)
                terminal.draw(render(state, size: state.size))
            }
            if state.searchHistoryVersion != savedHistoryVersion {
                history.save(state.searchHistory)
                savedHistoryVersion = state.searchHistoryVersion
            }
            if state.filterHistory != savedFilterHistory {
                filterHistory.save(state.filterHistory)
                savedFilterHistory = state.filterHistory
            }
            var signal = terminationSignal.load(ordering: .relaxed)
            if terminal.isLost { signal = SIGHUP }
            if signal != 0 {
                saver.save(&state, force: true)
                return Outcome(signal: signal, unsavedMarks: saver.unsaved(state))
            }
            if saver.isDue(state) {
                saver.save(&state, force: false)
                terminal.draw(render(state, size: state.size))
            }
            guard let event = terminal.readEvent() else { continue }
            let confirmingQuit = quitWarned
            quitWarned = false
            var quit = false
            for effect in state.handle(event) {
                switch effect {
                case .quit: quit = true
                case .redraw: terminal.invalidate()
                case .suspend:
                    saver.save(&state, force: true)
                    terminal.suspend()
                }
            }
            saver.noteChange(state)
            if quit {
                saver.save(&state, force: true)
                // Marks that cannot be written are not dropped without a word: as vim's E37, the first `q` says
                // so and stays; a second one right after quits, and the reason is printed after exit.
                guard let unsaved = saver.unsaved(state), !confirmingQuit else {
                    return Outcome(signal: 0, unsavedMarks: saver.unsaved(state))
                }
                quitWarned = true
                state.message = "marks NOT saved: q again quits without them (\(unsaved))"
            }
            terminal.draw(render(state, size: state.size))
        }
    }
}

/// When to save the reading state, and saving it.
struct Saver {
    let store: StateStore
    var savedVersion: Int
    var firstUnsaved: Date?
    var lastChange: Date?
    var lastError: String?

    mutating func noteChange(_ state: AppState) {
        guard state.readingVersion != savedVersion else { return }
        let now = Date()
        if firstUnsaved == nil { firstUnsaved = now }
        lastChange = now
    }

    func isDue(_ state: AppState) -> Bool {
        guard state.readingVersion != savedVersion, let first = firstUnsaved, let last = lastChange else { return false }
        let now = Date()
        return now.timeIntervalSince(last) >= RunLoop.quietPeriod || now.timeIntervalSince(first) >= RunLoop.longestWait
    }

    /// Why the marks are not saved, when the last save failed and they have changed since the last that worked.
    func unsaved(_ state: AppState) -> String? {
        state.readingVersion != savedVersion ? (lastError ?? "not saved yet") : nil
    }

    /// Saves marks and the place; on exit (`force`) even when only the place changed.
    mutating func save(_ state: inout AppState, force: Bool) {
        guard force || state.readingVersion != savedVersion else { return }
        var reading = state.reading
        reading.setPlace(state.place, at: Date())
        do {
            let merged = try store.save(reading)
            let version = state.readingVersion
            state.absorb(merged)
            state.saveProblem = nil
            lastError = nil
            savedVersion = version
            firstUnsaved = nil
            lastChange = nil
        } catch {
            lastError = "\(error)"
            state.saveProblem = "marks NOT saved (kept in memory): \(error)"
            // Try again after the next quiet period rather than on every loop.
            lastChange = Date()
            firstUnsaved = Date()
        }
    }
}

/// Earlier search queries or filters, one a line, beside the state file.
struct HistoryFile {
    let url: URL

    func load() -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Best effort: losing the history is no reason to stop anyone reading.
    func save(_ queries: [String]) {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let text = queries.suffix(200).map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n") + "\n"
        try? Data(text.utf8).write(to: url, options: .atomic)
    }
}
