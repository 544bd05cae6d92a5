import FolioCore
import FolioScreen

/// The `f` prompt on the status line.
public struct FilterPrompt: Sendable, Equatable {
    public internal(set) var text: String
    /// What is wrong with the text, after Enter; the prompt stays open and nothing changes.
    public internal(set) var problem: Diagnostic?
    var history = HistoryCursor()
    /// The editing cursor, in characters into `text`; nil at its end.
    public internal(set) var cursor: Int?
}

extension FilterPrompt: ModalHandler {
    static var keyContext: KeyContext { .filter }
    /// Digits are typed into the filter.
    static var acceptsCounts: Bool { false }

    static func perform(_ action: Action, times: Int, argument: String?, in state: inout AppState) -> Handling {
        switch action {
        case .historyBack: state.recallFilterHistory(older: true)
        case .historyForward: state.recallFilterHistory(older: false)
        default: return .passed
        }
        return .done
    }

    /// Typing at the prompt: text edits, Enter applies (or points at the mistake), Esc leaves things as they were.
    static func type(_ key: Key, in state: inout AppState) -> Handling {
        guard var prompt = state.filterPrompt else { return .passed }
        switch key.code {
        case .enter:
            if let problem = state.applyFilter(prompt.text) {
                prompt.problem = problem
                // The caret above marks the mistake; the cursor stays at the end of the line, as a shell leaves it,
                // so Ctrl-U clears the whole line and Backspace deletes what was typed last.
                state.modal = .filterPrompt(prompt)
            } else if state.filterPrompt != nil {
                state.modal = nil
            }
            return .done
        case .escape:
            state.modal = nil
            return .done
        default:
            if key.code == .backspace, prompt.text.isEmpty {
                state.modal = nil
                return .done
            }
            // Keys that edit nothing are still the prompt's: they never run a list key behind it.
            guard prompt.text.applyLineEdit(key, cursor: &prompt.cursor) else { return .done }
        }
        prompt.problem = nil
        prompt.history.index = nil
        state.modal = .filterPrompt(prompt)
        return .done
    }

    static func paste(_ line: String, in state: inout AppState) -> Handling {
        guard var prompt = state.filterPrompt else { return .done }
        prompt.text.insertLine(line, cursor: &prompt.cursor)
        prompt.problem = nil
        state.modal = .filterPrompt(prompt)
        return .done
    }
}

extension AppState {
    /// The filter prompt, while it is open.
    public var filterPrompt: FilterPrompt? {
        if case .filterPrompt(let prompt) = modal { prompt } else { nil }
    }

    mutating func openFilterPrompt() {
        modal = .filterPrompt(FilterPrompt(text: activeFilter?.name.map { "@" + $0 } ?? activeFilter?.text ?? ""))
    }

    mutating func recallFilterHistory(older: Bool) {
        guard var prompt = filterPrompt,
            let text = prompt.history.step(older: older, from: prompt.text, in: filterHistory)
        else { return }
        prompt.text = text
        prompt.cursor = nil
        prompt.problem = nil
        modal = .filterPrompt(prompt)
    }
}
