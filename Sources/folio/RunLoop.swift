import Foundation
import FolioCore
import FolioTerminal
import FolioUI

/// Wires the terminal to the state: read an event, reduce, carry out effects, draw; and keeps the reading
/// state on disk, within a second of every change and before every exit.
struct RunLoop {
    let library: Library
    let config: Config
    let configProblems: [String]
    let keysFromTTY: Bool
    let stateStore: StateStore

    /// A change is saved once no other came for this long, and never later than `longestWait` after it.
    static let quietPeriod: TimeInterval = 0.3
    static let longestWait: TimeInterval = 0.8

    /// Runs until quit or a termination signal; returns the signal number, or 0 after `q`.
    func run() throws -> Int32 {
        let (reading, stateMessages) = stateStore.load()
        let settings = config.settings
        let terminal = try Terminal(keysFromTTY: keysFromTTY, colors: settings.colors, mouse: settings.mouse)
        defer { terminal.stop() }
        var state = AppState(library: library, settings: settings, keymap: config.keymap, size: terminal.size,
                             startupProblems: configProblems + stateMessages, reading: reading)
        var saver = Saver(store: stateStore, savedVersion: state.readingVersion)
        terminal.draw(render(state, size: state.size))
        while true {
            let signal = terminationSignal.load(ordering: .relaxed)
            if signal != 0 {
                saver.save(&state, force: true)
                return signal
            }
            if saver.isDue(state) {
                saver.save(&state, force: false)
                terminal.draw(render(state, size: state.size))
            }
            guard let event = terminal.readEvent() else { continue }
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
                return 0
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
            savedVersion = version
            firstUnsaved = nil
            lastChange = nil
        } catch {
            state.saveProblem = "marks NOT saved (kept in memory): \(error)"
            // Try again after the next quiet period rather than on every loop.
            lastChange = Date()
            firstUnsaved = Date()
        }
    }
}
