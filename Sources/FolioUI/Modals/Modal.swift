import FolioCore
import FolioScreen

/// The one mode on top of the panes, if any. Only one can be open at a time, so "the help over an open filter
/// prompt" cannot be represented; dispatch (`AppState.handle`) and render both read this one value.
public enum Modal: Sendable, Equatable {
    case help(HelpOverlay)
    case log(LogOverlay)
    case search(SearchPane)
    case topicPicker(TopicPicker)
    case filterPrompt(FilterPrompt)
    case confirmation(Confirmation)
    case paperMenu(PaperMenu)
    case exportPrompt(ExportPrompt)
    case tagPrompt(TagPrompt)

    /// The type that handles inputs while this mode is on top.
    var handler: any ModalHandler.Type {
        switch self {
        case .help: HelpOverlay.self
        case .log: LogOverlay.self
        case .search: SearchPane.self
        case .topicPicker: TopicPicker.self
        case .filterPrompt: FilterPrompt.self
        case .confirmation: Confirmation.self
        case .paperMenu: PaperMenu.self
        case .exportPrompt: ExportPrompt.self
        case .tagPrompt: TagPrompt.self
        }
    }
}

/// What a mode did with an input: took it (with what the edge must do), or left it to the panes and global keys.
enum Handling: Equatable {
    case handled([Effect])
    case passed

    static let done = Handling.handled([])
}

/// A mode's behaviour, as tig's `view_request` and gitui's `EventState`: each input is offered to the mode on
/// top first, and what it does not handle goes on to the focused pane, then to the global actions.
///
/// The mode's value lives in `AppState.modal`, where render reads it; the handler is its type, reading and
/// changing that value through the state, so there is never a second copy to fall out of step.
protocol ModalHandler {
    /// The keymap context asked while this mode is on top (before `global` where `fallsThrough`).
    static var keyContext: KeyContext { get }
    /// Whether digits before a key are counts (`5j`); false where digits are typed or pick something.
    static var acceptsCounts: Bool { get }
    /// A key before the keymap sees it, for a mode that takes every key (a y/n question, typing a filter).
    static func intercept(_ key: Key, in state: inout AppState) -> Handling
    /// An action the keymap resolved.
    static func perform(_ action: Action, times: Int, argument: String?, in state: inout AppState) -> Handling
    /// A key that no binding took: typing on a prompt line.
    static func type(_ key: Key, in state: inout AppState) -> Handling
    /// Pasted text, already one line.
    static func paste(_ line: String, in state: inout AppState) -> Handling
}

extension ModalHandler {
    static var acceptsCounts: Bool { true }
    static func intercept(_ key: Key, in state: inout AppState) -> Handling { .passed }
    static func type(_ key: Key, in state: inout AppState) -> Handling { .passed }
    static func paste(_ line: String, in state: inout AppState) -> Handling { .done }
}

extension AppState {
    /// After a resize: a panel's lines are laid out again for the new width.
    mutating func layOutModal() {
        let width = OverlayContent.frame(in: size).width
        switch modal {
        case .help(var help) where help.linesWidth != width:
            help.layOut(in: self)
            modal = .help(help)
        case .log(var log) where log.linesWidth != width:
            log.layOut(in: self)
            modal = .log(log)
        default:
            break
        }
    }
}
