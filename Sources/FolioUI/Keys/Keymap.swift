import FolioScreen

/// Where a key is pressed. The focused context is asked first, then `global`.
public enum KeyContext: String, CaseIterable, Sendable, Hashable {
    case global, list, detail, help, log
    /// The search pane's query line: printable keys type, so it never falls through to `global`.
    case search
    /// The topic picker over the list: digits toggle topics there instead of counting.
    case topics
    /// The filter prompt: printable keys type.
    case filter
    /// The export prompt, asking for a file name: printable keys type.
    case export
}

/// Key bindings as data: for each context, which key sequence runs which command.
public struct Keymap: Sendable, Equatable {
    public private(set) var bindings: [KeyContext: [KeySequence: Command]] = [:]
    /// Every proper prefix of a bound sequence, per context: pressing one waits for the next key.
    private var prefixes: [KeyContext: Set<KeySequence>] = [:]

    public init() {}

    public enum Lookup: Equatable {
        case action(Action, argument: String? = nil)
        case pending
        case unbound
    }

    /// Binds `sequence` to `command` in `context`, or unbinds it when `command` is nil.
    public mutating func bind(_ sequence: KeySequence, to command: Command?, in context: KeyContext) {
        bindings[context, default: [:]][sequence] = command
        rebuildPrefixes(context)
    }

    public mutating func bind(_ sequence: KeySequence, to action: Action, in context: KeyContext) {
        bind(sequence, to: Command(action), in: context)
    }

    /// Removes bindings that would hide `sequence` or be hidden by it (one a prefix of the other), so a user's
    /// `g g` replaces a default `g`.
    public mutating func removeConflicts(
        with sequence: KeySequence, in context: KeyContext, keeping: Set<KeySequence> = []
    ) {
        guard let existing = bindings[context] else { return }
        for bound in existing.keys
        where bound != sequence && !keeping.contains(bound)
            && (bound.isPrefix(of: sequence) || sequence.isPrefix(of: bound))
        {
            bindings[context]?[bound] = nil
        }
        rebuildPrefixes(context)
    }

    private mutating func rebuildPrefixes(_ context: KeyContext) {
        var set = Set<KeySequence>()
        for sequence in bindings[context, default: [:]].keys where sequence.keys.count > 1 {
            for length in 1..<sequence.keys.count { set.insert(KeySequence(Array(sequence.keys.prefix(length)))) }
        }
        prefixes[context] = set
    }

    /// Looks `sequence` up in each context in turn; the first context that knows it answers.
    public func lookup(_ sequence: KeySequence, in contexts: [KeyContext]) -> Lookup {
        for context in contexts {
            if let command = bindings[context]?[sequence] { return .action(command.action, argument: command.argument) }
            if prefixes[context]?.contains(sequence) == true { return .pending }
        }
        return .unbound
    }

    /// The sequences that run `command` in `context`, shortest first.
    public func sequences(for command: Command, in context: KeyContext) -> [KeySequence] {
        (bindings[context] ?? [:]).filter { $0.value == command }.keys
            .sorted {
                ($0.keys.count, $0.description.count, $0.description) < (
                    $1.keys.count, $1.description.count, $1.description
                )
            }
    }

    /// The default bindings: those of less for moving, of mutt and newsboat for the rest.
    public static let defaults: Keymap = {
        var keymap = Keymap()
        func bind(_ context: KeyContext, _ names: [String], _ action: Action) {
            for name in names { keymap.bind(KeySequence(parsing: name)!, to: action, in: context) }
        }
        let movement: [([String], Action)] = [
            (["j", "down"], .moveDown), (["k", "up"], .moveUp),
            (["pgdn", "space"], .pageDown), (["pgup", "b"], .pageUp),
            (["ctrl-d"], .halfPageDown), (["ctrl-u"], .halfPageUp),
            (["g", "home"], .top), (["G", "end"], .bottom),
        ]
        for (names, action) in movement {
            bind(.list, names, action)
            bind(.detail, names, action)
            bind(.help, names, action)
            bind(.log, names, action)
        }
        bind(.list, ["enter", "tab", "right", "l"], .focusDetail)
        bind(.list, ["esc"], .focusList)
        bind(.detail, ["esc", "tab", "left", "h"], .focusList)
        bind(.help, ["esc", "q", "?"], .help)
        bind(.help, ["/"], .search)
        bind(.global, ["/"], .search)
        bind(.search, ["ctrl-n"], .moveDown)
        bind(.search, ["ctrl-p"], .moveUp)
        bind(.search, ["pgdn"], .pageDown)
        bind(.search, ["pgup"], .pageUp)
        bind(.search, ["up"], .historyBack)
        bind(.search, ["down"], .historyForward)
        bind(.search, ["ctrl-c"], .quit)
        bind(.global, ["n"], .nextMatch)
        bind(.global, ["N"], .prevMatch)
        bind(.log, ["esc", "q", "L"], .showLog)
        bind(.global, ["q"], .quit)
        bind(.global, ["ctrl-c"], .quit)
        bind(.help, ["ctrl-c"], .quit)
        bind(.log, ["ctrl-c"], .quit)
        bind(.global, ["ctrl-z"], .suspend)
        bind(.global, ["J"], .nextPaper)
        bind(.global, ["K"], .prevPaper)
        bind(.global, ["ctrl-l"], .redraw)
        bind(.global, ["R"], .refresh)
        bind(.global, ["?"], .help)
        bind(.global, ["L"], .showLog)
        bind(.global, ["]"], .nextDay)
        bind(.global, ["["], .prevDay)
        bind(.global, ["a"], .toggleAllDays)
        bind(.global, ["S"], .cycleSort)
        bind(.global, ["r"], .toggleRead)
        bind(.global, ["s"], .toggleStar)
        bind(.global, ["A"], .markAllRead)
        bind(.global, ["t"], .topics)
        bind(.global, ["f"], .filter)
        bind(.global, ["F"], .clearFilters)
        bind(.topics, ["j", "down", "ctrl-n"], .moveDown)
        bind(.topics, ["k", "up", "ctrl-p"], .moveUp)
        bind(.topics, ["g", "home"], .top)
        bind(.topics, ["G", "end"], .bottom)
        bind(.topics, ["enter", "space", "x"], .toggleTopic)
        bind(.topics, ["t"], .topics)
        // Closing the picker is going back to the list.
        bind(.topics, ["esc", "q"], .focusList)
        bind(.topics, ["F"], .clearFilters)
        bind(.topics, ["f"], .filter)
        bind(.topics, ["ctrl-c"], .quit)
        bind(.filter, ["up"], .historyBack)
        bind(.filter, ["down"], .historyForward)
        bind(.filter, ["ctrl-c"], .quit)
        bind(.global, ["u"], .undo)
        bind(.global, ["ctrl-r"], .redo)
        bind(.global, ["o"], .openLink)
        bind(.global, ["O"], .openMenu)
        bind(.global, ["y"], .copyLink)
        bind(.global, ["Y"], .copyMenu)
        bind(.global, ["E"], .exportView)
        bind(.export, ["ctrl-c"], .quit)
        bind(.global, ["T"], .tag)
        bind(.global, ["ctrl-t"], .tagView)
        bind(.global, ["e"], .editNote)
        bind(.global, ["m"], .showRelated)
        return keymap
    }()
}

extension KeySequence {
    func isPrefix(of other: KeySequence) -> Bool {
        keys.count < other.keys.count && Array(other.keys.prefix(keys.count)) == keys
    }
}

/// Turns key presses into actions: collects counts (`5j`) and sequences (`g g`), and says what is pending.
public struct KeyDispatcher: Sendable, Equatable {
    public private(set) var pending: [Key] = []
    public private(set) var count: Int?

    public init() {}

    public enum Outcome: Equatable {
        /// Run this action, `count` times, on the thing `argument` names where it takes one.
        case action(Action, count: Int?, argument: String? = nil)
        /// Waiting for more keys; `hint` says what has been typed.
        case pending
        /// The key (or the sequence it ended) means nothing here.
        case unbound(Key)
        /// Esc dropped a pending sequence or count.
        case cancelled
    }

    /// What is typed so far, for the status line: `5`, `g`, `3 g`.
    public var hint: String? {
        guard count != nil || !pending.isEmpty else { return nil }
        var parts: [String] = []
        if let count { parts.append(String(count)) }
        parts += pending.map(\.name)
        return parts.joined(separator: " ")
    }

    public mutating func reset() {
        pending = []
        count = nil
    }

    public mutating func feed(_ key: Key, keymap: Keymap, contexts: [KeyContext], acceptsCounts: Bool = true) -> Outcome
    {
        if key.code == .escape, !key.ctrl, !key.alt, count != nil || !pending.isEmpty {
            reset()
            return .cancelled
        }
        if acceptsCounts, pending.isEmpty, let digit = key.digit, count != nil || digit != 0,
            keymap.lookup(KeySequence([key]), in: contexts) == .unbound || count != nil
        {
            count = min((count ?? 0) * 10 + digit, 99_999)
            return .pending
        }
        let sequence = KeySequence(pending + [key])
        switch keymap.lookup(sequence, in: contexts) {
        case .action(let action, let argument):
            let count = self.count
            reset()
            return .action(action, count: count, argument: argument)
        case .pending:
            pending = sequence.keys
            return .pending
        case .unbound:
            reset()
            return .unbound(key)
        }
    }
}
