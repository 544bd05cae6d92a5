import FolioCore
import FolioScreen
import Foundation

extension AppState {
    /// Feeds one event through the dispatcher and the reducer, and returns what the edge must do, in order.
    public mutating func handle(_ event: AppEvent) -> [Effect] {
        var effects: [Effect]
        switch event {
        case .key(let key):
            armQuitConfirmation()
            message = nil
            frozenTopicBar = nil
            effects = dispatch(key)
        case .resize(let newSize):
            armQuitConfirmation()
            size = newSize
            clampScroll()
            layOutModal()
            effects = []
        case .mouse(let mouse):
            armQuitConfirmation()
            effects = handleMouse(mouse)
        case .paste(let text):
            armQuitConfirmation()
            effects = modal.map { $0.handler.paste(.pastedLine(text), in: &self) }?.effects ?? []
        case .indexReady(let indexes):
            if let orders = indexes.orders, orders.paperCount == library.papers.count { self.orders = orders }
            restoreTopics(in: indexes.topics)
            backgroundIndexReady(indexes.search, topics: indexes.topics, facts: indexes.facts)
            restoreSelection()
            effects = []
        case .searchReady(let index, let facts):
            paperFacts = facts
            searchIndexReady(index)
            effects = []
        case .marksSaved(let version, let merged, let changedKeys):
            marksSaved(version: version, merged: merged, changedKeys: changedKeys)
            effects = []
        case .saveFailed(let version, let reason):
            saveFailed(version: version, reason: reason)
            effects = []
        case .fetchProgress(let progress):
            fetchProgressed(progress)
            effects = []
        case .fetchFinished(let report):
            fetchFinished(report)
            effects = []
        case .libraryReloaded(let library):
            replaceLibrary(library)
            effects = []
        case .tick(let now):
            saveIfDue(at: now)
            effects = []
        case .reported(let text):
            message = text
            effects = []
        case .exportExists(let path):
            exportExists(path: path)
            effects = []
        case .noteEdited(let paperKey, let text):
            noteEdited(paperKey: paperKey, text: text)
            effects = []
        case .relatedPapersReady(let papers):
            relatedPapersReady(papers)
            effects = []
        case .relatedReady(let answer):
            relatedFound(answer)
            effects = []
        case .libraryCompleted(let library):
            let problemsBefore = self.library.problems.problemCount
            replaceLibrary(library, announcing: false)
            // After a first frame of the newest day's files alone, the other files' problems are news.
            if library.problems.problemCount > problemsBefore {
                message = Self.problemsMessage(library.problems.problemCount + startupProblems.problemCount)
            }
            effects = []
        }
        noteMarkChanges()
        askForRelatedPapers()
        refreshDetailLines()
        effects += emitted
        emitted = []
        return effects
    }

    /// A key's way through the reader, in one place: first the mode on top may take the key itself (a question,
    /// typing a filter); then the keymap turns keys into an action in the mode's context (or the focused pane's,
    /// then global); the action goes to the mode, and what it hands on to the panes and global actions. A key
    /// that binds nothing is offered to the mode as typing.
    mutating func dispatch(_ key: Key) -> [Effect] {
        let handler = modal?.handler
        if let handler, case .handled(let effects) = handler.intercept(key, in: &self) { return effects }
        switch dispatcher.feed(
            key, keymap: keymap, contexts: keyContexts, acceptsCounts: handler?.acceptsCounts ?? true)
        {
        case .action(let action, let count, let argument):
            return perform(action, count: count, argument: argument)
        case .pending, .cancelled:
            return []
        case .unbound(let key):
            if let handler, case .handled(let effects) = handler.type(key, in: &self) { return effects }
            if key.code != .escape { message = "\(key.name) is not bound here: ? shows the keys" }
            return []
        }
    }

    /// The reducer for one action: what every mode shares, then the mode on top, then the panes and global.
    public mutating func perform(_ action: Action, count: Int? = nil, argument: String? = nil) -> [Effect] {
        let times = max(1, count ?? 1)
        switch action {
        case .redraw: return [.redraw]
        case .suspend: return [.saveMarksNow(markSnapshot()), .suspend]
        case .quit: return requestQuit(confirmed: quitArmed)
        default: break
        }
        if let handler = modal?.handler,
            case .handled(let effects) = handler.perform(action, times: times, argument: argument, in: &self)
        {
            return effects
        }
        performInPanes(action, count: count, times: times, argument: argument)
        clampScroll()
        return []
    }

    /// The keymap contexts asked for a key, most specific first: the mode's alone (its keys type), else the
    /// focused pane's, then global.
    public var keyContexts: [KeyContext] {
        if let handler = modal?.handler { return [handler.keyContext] }
        return focus == .list ? [.list, .global] : [.detail, .global]
    }

    /// An effect decided deep inside an operation (a history entry added while applying a filter), returned with
    /// the event's other effects.
    mutating func emit(_ effect: Effect) {
        emitted.append(effect)
    }

    /// `q` right after the warning that marks are not saved quits; any other input in between disarms it.
    private mutating func armQuitConfirmation() {
        quitArmed = quitWarned
        quitWarned = false
    }

    /// What the status line says of the problems met while loading.
    static func problemsMessage(_ count: Int) -> String {
        "\(count) problem\(count == 1 ? "" : "s") loading: L shows them"
    }
}

extension Handling {
    var effects: [Effect] {
        if case .handled(let effects) = self { effects } else { [] }
    }
}
