import Foundation

/// The effective bindings of every action, as the `?` overlay and `folio keys` show them. Both read
/// `Action.table` and the keymap in force, so they can never disagree with the dispatcher.
public enum KeyHelp {
    public struct Row: Sendable, Equatable {
        public var info: ActionInfo
        /// What the binding names, for `apply-filter:NAME` and `toggle-topic:NAME`.
        public var argument: String?
        /// As the config writes it.
        public var name: String { argument.map { "\(info.name):\($0)" } ?? info.name }
        /// Key sequences per context, in the order contexts are listed.
        public var keys: [(context: KeyContext, sequences: [String])]

        public var allKeys: [String] {
            var seen: [String] = []
            for (_, sequences) in keys {
                for sequence in sequences where !seen.contains(sequence) { seen.append(sequence) }
            }
            return seen
        }

        public static func == (lhs: Row, rhs: Row) -> Bool {
            lhs.info == rhs.info && lhs.argument == rhs.argument && lhs.allKeys == rhs.allKeys
        }
    }

    static let listedContexts: [KeyContext] = [.list, .detail, .global, .search, .topics, .filter, .help, .log]

    /// A row per action, and one more per named thing bound (each `apply-filter:NAME`), right after it.
    public static func rows(_ keymap: Keymap, filters: [String: String] = [:]) -> [Row] {
        var bound: [Action: Set<String>] = [:]
        for commands in keymap.bindings.values {
            for command in commands.values {
                if let argument = command.argument { bound[command.action, default: []].insert(argument) }
            }
        }
        var rows: [Row] = []
        for info in Action.table {
            var commands = info.action.argument == .required ? [] : [Command(info.action)]
            commands += (bound[info.action] ?? []).sorted().map { Command(info.action, argument: $0) }
            // An action that needs a name and has no key yet is still listed, as the config would write it.
            let isPlaceholder = commands.isEmpty
            if isPlaceholder { commands = [Command(info.action, argument: "NAME")] }
            for command in commands {
                var described = info
                if let argument = command.argument, !isPlaceholder {
                    described.help =
                        info.action == .applyFilter
                        ? "Apply the filter \(argument)"
                            + (filters[argument].map { ": \($0)" } ?? " (not in [filters])")
                        : "Toggle the topic \(argument)"
                }
                rows.append(
                    Row(
                        info: described, argument: command.argument,
                        keys: effectiveKeys(command, keymap)))
            }
        }
        return rows
    }

    /// The keys that run `command`, by where they work, in `listedContexts` order. The dispatcher asks a mode's
    /// context alone and a pane's before `global`: a global key another binding of the list hides is said to work
    /// in the detail pane only, and one hidden in both panes is left out.
    static func effectiveKeys(_ command: Command, _ keymap: Keymap) -> [(context: KeyContext, sequences: [String])] {
        let wanted = Keymap.Lookup.action(command.action, argument: command.argument)
        var found: [KeyContext: [String]] = [:]
        for context in listedContexts {
            for sequence in keymap.sequences(for: command, in: context) {
                var place: KeyContext?
                switch context {
                case .global:
                    let inList = keymap.lookup(sequence, in: [.list, .global]) == wanted
                    let inDetail = keymap.lookup(sequence, in: [.detail, .global]) == wanted
                    place = inList && inDetail ? .global : inList ? .list : inDetail ? .detail : nil
                case .list, .detail:
                    place = keymap.lookup(sequence, in: [context, .global]) == wanted ? context : nil
                case .help, .log, .search, .topics, .filter, .export:
                    place = context
                }
                if let place, found[place]?.contains(sequence.description) != true {
                    found[place, default: []].append(sequence.description)
                }
            }
        }
        return listedContexts.compactMap { context in found[context].map { (context, $0) } }
    }

    /// `j, down (list, detail); ctrl-n (search)`: each key with where it works.
    static func keysWithContexts(_ row: Row, quoted: Bool = false) -> String {
        // Each key's places, then keys with the same places together.
        var groups: [(sequences: [String], contexts: [String])] = []
        for key in row.allKeys {
            let contexts = row.keys.filter { $0.sequences.contains(key) }.map(\.context.rawValue)
            if let index = groups.firstIndex(where: { $0.contexts == contexts }) {
                groups[index].sequences.append(key)
            } else {
                groups.append(([key], contexts))
            }
        }
        return groups.map { group in
            let keys =
                quoted
                ? group.sequences.map { "`\($0)`" }.joined(separator: " ") : group.sequences.joined(separator: ", ")
            return "\(keys) (\(group.contexts.joined(separator: ", ")))"
        }.joined(separator: "; ")
    }

    public enum Format: String, CaseIterable, Sendable { case table, json, markdown, man }

    public static func format(_ keymap: Keymap, filters: [String: String] = [:], as format: Format) -> String {
        let rows = rows(keymap, filters: filters)
        switch format {
        case .table:
            var lines: [String] = []
            // Columns as wide as their longest entry (keys up to a point: a long list just pushes its help on).
            let nameWidth = rows.map { $0.name.count }.max() ?? 0
            let keyWidth = min(36, rows.map { keysWithContexts($0).count }.max() ?? 0)
            for group in ActionGroup.allCases {
                let groupRows = rows.filter { $0.info.group == group }
                guard !groupRows.isEmpty else { continue }
                if !lines.isEmpty { lines.append("") }
                lines.append(group.rawValue)
                for row in groupRows {
                    let keys = row.keys.isEmpty ? "(unbound)" : keysWithContexts(row)
                    lines.append(
                        "  " + OverlayContent.pad(row.name, nameWidth) + "  " + OverlayContent.pad(keys, keyWidth)
                            + "  " + row.info.help)
                }
            }
            return lines.joined(separator: "\n") + "\n"
        case .markdown:
            var lines = ["| action | keys (where they work) | what it does |", "| --- | --- | --- |"]
            for row in rows {
                let keys = keysWithContexts(row, quoted: true)
                lines.append("| \(row.name) | \(keys) | \(row.info.help) |")
            }
            return lines.joined(separator: "\n") + "\n"
        case .man:
            return manual(rows)
        case .json:
            let objects: [[String: Any]] = rows.map { row in
                [
                    "action": row.name,
                    "group": row.info.group.rawValue,
                    "help": row.info.help,
                    "keys": Dictionary(uniqueKeysWithValues: row.keys.map { ($0.context.rawValue, $0.sequences) }),
                ]
            }
            let data =
                (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }
}
