extension Renderer {
    /// One part of the status line's key hint: the key (as the keymap names it), how the hint shows it when it is
    /// that key, the action and the word after it.
    struct HintPart {
        var key: String
        var shown: String
        var action: Action
        var word: String

        init(_ key: String, shown: String? = nil, _ action: Action, _ word: String) {
            self.key = key
            self.shown = shown ?? key
            self.action = action
            self.word = word
        }
    }

    /// The key hint from the keymap in force, so it never names a key the config unbound (`"q" = "none"` must not
    /// leave "q quit" on the screen): each part's default key while it still runs the action in the focused
    /// pane, else the shortest key that does, else the part is left out. Ends in a space, as the status line's
    /// right side does; empty when no part has a key.
    static func keyHint(_ state: AppState, _ parts: [HintPart]) -> String {
        let shown = parts.compactMap { part in hintKey(state, part).map { "\($0) \(part.word)" } }
        return shown.isEmpty ? "" : shown.joined(separator: " · ") + " "
    }

    private static func hintKey(_ state: AppState, _ part: HintPart) -> String? {
        // The panes' keys, as the hint is about the panes even while a modal is drawn over them.
        let contexts: [KeyContext] = state.focus == .list ? [.list, .global] : [.detail, .global]
        func runsAction(_ sequence: KeySequence) -> Bool {
            state.keymap.lookup(sequence, in: contexts) == .action(part.action, argument: nil)
        }
        if let preferred = KeySequence(parsing: part.key), runsAction(preferred) { return part.shown }
        let command = Command(part.action)
        for context in contexts {
            if let other = state.keymap.sequences(for: command, in: context).first(where: runsAction) {
                return other.description
            }
        }
        return nil
    }
}
