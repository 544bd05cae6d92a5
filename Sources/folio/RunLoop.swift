import FolioCore
import FolioTerminal
import FolioUI
import Foundation
import Synchronization

/// Wiring: the terminal's events and the background's results go into the state, the state's effects are carried
/// out, and the screen is drawn. Every decision (what a key does, when to save, whether `q` may quit) is the
/// reducer's; this only does what it is told.
struct RunLoop {
    let library: Library
    let config: Config
    let configProblems: [Diagnostic]
    let keysFromTTY: Bool
    let stateStore: StateStore
    /// Built-in topics merged with the user's topics.toml.
    let topicDefinitions: [TopicDefinition]
    /// What was loaded (watched for changes), whether it is the samples shown for want of fetched digests, and
    /// where `R` fetches to (nil when reading standard input).
    var digestPaths: [String] = []
    var showingSamples = false
    var fetchTarget: LiveDigests.FetchTarget?
    /// How the library was loaded: through the cache or not, whole or the first frame's only.
    var startup: StartupLibrary.Outcome?

    /// How the reader ended.
    struct Outcome {
        /// The termination signal, or 0 after `q`.
        var signal: Int32
        /// Why marks made in this run are not on disk, when they are not: said on standard error after exit.
        var unsavedMarks: String?
        /// The library when the reader ended: the whole one (with every file's problems) once it arrived after a
        /// first frame of the newest day alone.
        var library: Library
    }

    /// Runs until quit or a termination signal.
    func run() throws -> Outcome {
        let (reading, stateMessages) = stateStore.load()
        var settings = config.settings
        if config.hyperlinks == nil { settings.hyperlinks = Opener.terminalSupportsHyperlinks() }
        let terminal = try Terminal(
            keysFromTTY: keysFromTTY, colors: settings.colors, theme: config.theme, mouse: settings.mouse)
        terminal.hyperlinks = settings.hyperlinks
        defer { terminal.stop() }
        let folder = stateStore.url.deletingLastPathComponent()
        let histories = Dictionary(
            uniqueKeysWithValues: [HistoryKind.search, .filter].map {
                ($0, HistoryFile(url: folder.appendingPathComponent($0.rawValue)))
            })
        var state = AppState(
            library: library, settings: settings, keymap: config.keymap, size: terminal.size,
            startupProblems: configProblems + stateMessages.map { Diagnostic(message: $0) }, reading: reading,
            namedFilters: config.filters, searchHistory: histories[.search]!.load(),
            filterHistory: histories[.filter]!.load())
        if showingSamples, let folder = fetchTarget?.folder { state.say(DigestHome.samplesMessage(folder: folder)) }
        terminal.draw(render(state, size: state.size))
        let writer = MarkWriter(store: stateStore)
        let opener = Opener(config: config)
        let noteEditor = NoteEditor(environment: ProcessInfo.processInfo.environment)
        let clipboard = Clipboard()
        // What other threads report, taken in on the next turn of the loop, which the post wakes at once.
        let mailbox = Mutex<[AppEvent]>([])
        let wakeUp = terminal.wakeUp
        let post: @Sendable (AppEvent) -> Void = { event in
            mailbox.withLock { $0.append(event) }
            wakeUp.wake()
        }
        // The search index and the topics are built after the first frame, on another thread; keys work meanwhile.
        // Then the digests are watched, and loaded again when they change.
        let live = LiveDigests(
            paths: digestPaths, showingSamples: showingSamples, target: fetchTarget, definitions: topicDefinitions,
            discover: settings.discoveredTopics, post: post)
        live.cache = startup?.cache
        live.completesLibrary = startup?.isFirstFrameOnly ?? false
        live.startupLoaded = startup?.loaded
        live.start(library: library)
        if let refresh = startup?.refresh { Thread.detachNewThread(refresh) }
        // `fetch-on-start`: R after the first frame; its fetch comes out with the first turn's effects.
        if settings.fetch.onStart { _ = state.perform(.refresh) }
        while true {
            var signal = terminationSignal.load(ordering: .relaxed)
            if terminal.isLost { signal = SIGHUP }
            if signal != 0 {
                _ = state.handle(writer.saveNow(state.markSnapshot()))
                return Outcome(signal: signal, unsavedMarks: state.unsavedMarks, library: state.library)
            }
            let key = terminal.readEvent()
            // Taken after the wait, not before: a post during the wait ends it and its event is taken now. Taken
            // before, an event posted between the take and the wait had its wake-up spent on this turn, and
            // waited for the next key or the 100 ms timeout (the search index, just after the whole library).
            var events = mailbox.withLock { events in
                defer { events = [] }
                return events
            }
            if let key { events.append(AppEvent(key)) }
            // A tick alone changes nothing on the screen: its save reports back as an event of its own.
            let changesScreen = !events.isEmpty
            events.append(.tick(Date()))
            var pending = events[...]
            while let event = pending.popFirst() {
                for effect in state.handle(event) {
                    switch effect {
                    case .quit:
                        return Outcome(signal: 0, unsavedMarks: state.unsavedMarks, library: state.library)
                    case .redraw: terminal.invalidate()
                    case .suspend: terminal.suspend()
                    case .saveMarks(let snapshot): writer.save(snapshot, deliver: post)
                    // Its outcome is handled before anything else, so `q` hears whether its save worked.
                    case .saveMarksNow(let snapshot): pending.insert(writer.saveNow(snapshot), at: pending.startIndex)
                    case .saveHistory(let kind, let entries): histories[kind]?.save(entries)
                    case .open(let link):
                        pending.append(.reported(opener.open(link, terminal: terminal, post: post)))
                    case .copy(let text, let what):
                        pending.append(.reported(clipboard.copy(text, what: what, terminal: terminal)))
                    case .export(let file): pending.append(ExportWriter.write(file))
                    case .fetch(let plan): live.fetch(plan)
                    case .editNote(let request): pending.append(noteEditor.edit(request, terminal: terminal))
                    case .findRelated(let request):
                        DispatchQueue.global(qos: .userInitiated).async { post(.relatedReady(request.answer())) }
                    }
                }
            }
            if changesScreen { terminal.draw(render(state, size: state.size)) }
        }
    }
}
