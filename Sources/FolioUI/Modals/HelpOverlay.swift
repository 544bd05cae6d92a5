import FolioCore
import FolioScreen

/// The `?` panel: every key from the Action table, scrollable, filtered by what is typed after `/`.
public struct HelpOverlay: Sendable, Equatable {
    public internal(set) var scroll = 0
    /// Text the keys shown are filtered by, and whether it is being typed.
    public internal(set) var filter = ""
    public internal(set) var isEditingFilter = false
    /// The panel's lines, made when it opens and when the filter or the width changes, not on every key.
    public internal(set) var lines: [StyledLine] = []
    var linesWidth = -1

    /// Makes the lines anew when what they depend on changed.
    mutating func layOut(in state: AppState) {
        let width = OverlayContent.frame(in: state.size).width
        lines = OverlayContent.helpLines(state, filter: filter, editing: isEditingFilter)
        linesWidth = width
    }
}

/// The `L` panel: the problems met while loading, scrollable.
public struct LogOverlay: Sendable, Equatable {
    public internal(set) var scroll = 0
    public internal(set) var lines: [StyledLine] = []
    var linesWidth = -1

    mutating func layOut(in state: AppState) {
        lines = OverlayContent.logLines(state)
        linesWidth = OverlayContent.frame(in: state.size).width
    }
}

extension HelpOverlay: ModalHandler {
    static var keyContext: KeyContext { .help }

    static func current(_ state: AppState) -> HelpOverlay? {
        if case .help(let help) = state.modal { help } else { nil }
    }

    /// Typing the filter takes every key: text narrows the keys shown, Enter keeps the filter, Esc clears it.
    static func intercept(_ key: Key, in state: inout AppState) -> Handling {
        guard var help = current(state), help.isEditingFilter else { return .passed }
        switch key.code {
        case .enter: help.isEditingFilter = false
        case .escape:
            help.filter = ""
            help.isEditingFilter = false
        case .backspace: if !help.filter.isEmpty { help.filter.removeLast() }
        default:
            if key.ctrl, key.code == .character("u") {
                help.filter = ""
            } else if let text = key.text {
                help.filter.append(text)
            }
        }
        help.scroll = 0
        help.layOut(in: state)
        state.modal = .help(help)
        return .done
    }

    static func perform(_ action: Action, times: Int, argument: String?, in state: inout AppState) -> Handling {
        guard var help = current(state) else { return .passed }
        switch action {
        case .help, .showLog:
            state.modal = nil
        case .search:
            help.isEditingFilter = true
            help.scroll = 0
            help.layOut(in: state)
            state.modal = .help(help)
        default:
            if let scroll = OverlayContent.scrolled(
                help.scroll, by: action, times: times, lines: help.lines.count, size: state.size)
            {
                help.scroll = scroll
                state.modal = .help(help)
            }
        }
        // Nothing else runs under the panel.
        return .done
    }

    static func paste(_ line: String, in state: inout AppState) -> Handling {
        guard var help = current(state), help.isEditingFilter else { return .done }
        help.filter += line
        help.scroll = 0
        help.layOut(in: state)
        state.modal = .help(help)
        return .done
    }
}

extension LogOverlay: ModalHandler {
    static var keyContext: KeyContext { .log }

    static func perform(_ action: Action, times: Int, argument: String?, in state: inout AppState) -> Handling {
        guard case .log(var log) = state.modal else { return .passed }
        switch action {
        case .help, .showLog:
            state.modal = nil
        default:
            if let scroll = OverlayContent.scrolled(
                log.scroll, by: action, times: times, lines: log.lines.count, size: state.size)
            {
                log.scroll = scroll
                state.modal = .log(log)
            }
        }
        return .done
    }
}
