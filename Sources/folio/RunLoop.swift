import FolioCore
import FolioTerminal
import FolioUI

/// Wires the terminal to the state: read an event, reduce, carry out effects, draw.
struct RunLoop {
    let library: Library
    let config: Config
    let configProblems: [String]
    let keysFromTTY: Bool

    /// Runs until quit or a termination signal; returns the signal number, or 0 after `q`.
    func run() throws -> Int32 {
        let settings = config.settings
        let terminal = try Terminal(keysFromTTY: keysFromTTY, colors: settings.colors, mouse: settings.mouse)
        defer { terminal.stop() }
        var state = AppState(library: library, settings: settings, keymap: config.keymap, size: terminal.size,
                             startupProblems: configProblems)
        terminal.draw(render(state, size: state.size))
        while true {
            let signal = terminationSignal.load(ordering: .relaxed)
            if signal != 0 { return signal }
            guard let event = terminal.readEvent() else { continue }
            var quit = false
            for effect in state.handle(event) {
                switch effect {
                case .quit: quit = true
                case .redraw: terminal.invalidate()
                }
            }
            if quit { return 0 }
            terminal.draw(render(state, size: state.size))
        }
    }
}
