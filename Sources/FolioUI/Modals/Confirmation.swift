import FolioCore
import FolioScreen

/// A question the status line asks before a bulk change.
public enum Confirmation: Sendable, Equatable {
    case markAllRead(count: Int)

    var question: String {
        switch self {
        case .markAllRead(let count): "Mark the \(count) unread paper\(count == 1 ? "" : "s") in this view read? (y/n)"
        }
    }
}

extension Confirmation: ModalHandler {
    static var keyContext: KeyContext { .global }

    /// Every key answers: y goes ahead, anything else cancels.
    static func intercept(_ key: Key, in state: inout AppState) -> Handling {
        guard let confirmation = state.confirmation else { return .passed }
        state.modal = nil
        guard key.text == "y" || key.text == "Y" else {
            state.message = "cancelled"
            return .done
        }
        switch confirmation {
        case .markAllRead:
            let changed = state.setMark(.read, to: true, on: state.visible)
            state.message = "marked \(changed) paper\(changed == 1 ? "" : "s") read (u undoes)"
        }
        return .done
    }

    static func perform(_ action: Action, times: Int, argument: String?, in state: inout AppState) -> Handling { .done }
}

extension AppState {
    /// The question on the status line, while one is asked.
    public var confirmation: Confirmation? {
        if case .confirmation(let confirmation) = modal { confirmation } else { nil }
    }
}
