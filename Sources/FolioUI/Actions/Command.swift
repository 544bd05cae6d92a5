/// What a key runs: an action, and for the few that act on something named, that name
/// (`apply-filter:fresh`, `toggle-topic:agents`).
public struct Command: Hashable, Sendable, CustomStringConvertible {
    public var action: Action
    public var argument: String?

    public init(_ action: Action, argument: String? = nil) {
        self.action = action
        self.argument = argument
    }

    /// Reads `move-down` or `apply-filter:NAME`; nil for an unknown action, or an argument where none fits.
    public init?(name: String) {
        guard let colon = name.firstIndex(of: ":") else {
            guard let action = Action(name: name), action.argument != .required else { return nil }
            self.init(action)
            return
        }
        let argument = String(name[name.index(after: colon)...])
        guard let action = Action(name: String(name[..<colon])), action.argument != .none, !argument.isEmpty else {
            return nil
        }
        self.init(action, argument: argument)
    }

    /// As the config writes it.
    public var description: String { argument.map { "\(action.name):\($0)" } ?? action.name }
}

extension Action {
    public enum ArgumentUse: Sendable { case none, optional, required }

    /// Whether the action names something after a colon in the config.
    public var argument: ArgumentUse {
        switch self {
        case .applyFilter: .required
        case .toggleTopic: .optional
        default: .none
        }
    }
}
