import Foundation

/// The effective bindings of every action, as the `?` overlay and `folio keys` show them. Both read
/// `Action.table` and the keymap in force, so they can never disagree with the dispatcher.
public enum KeyHelp {
    public struct Row: Sendable, Equatable {
        public var info: ActionInfo
        /// Key sequences per context, in the order contexts are listed.
        public var keys: [(context: KeyContext, sequences: [String])]

        public var allKeys: [String] {
            var seen: [String] = []
            for (_, sequences) in keys { for sequence in sequences where !seen.contains(sequence) { seen.append(sequence) } }
            return seen
        }

        public static func == (lhs: Row, rhs: Row) -> Bool { lhs.info == rhs.info && lhs.allKeys == rhs.allKeys }
    }

    static let listedContexts: [KeyContext] = [.list, .detail, .global, .search, .help, .log]

    public static func rows(_ keymap: Keymap) -> [Row] {
        Action.table.map { info in
            Row(info: info, keys: listedContexts.compactMap { context in
                let sequences = keymap.sequences(for: info.action, in: context).map(\.description)
                return sequences.isEmpty ? nil : (context, sequences)
            })
        }
    }

    public enum Format: String, CaseIterable, Sendable { case table, json, markdown }

    public static func format(_ keymap: Keymap, as format: Format) -> String {
        let rows = rows(keymap)
        switch format {
        case .table:
            var lines: [String] = []
            for group in ActionGroup.allCases {
                let groupRows = rows.filter { $0.info.group == group }
                guard !groupRows.isEmpty else { continue }
                if !lines.isEmpty { lines.append("") }
                lines.append(group.rawValue)
                for row in groupRows {
                    let keys = row.allKeys.isEmpty ? "(unbound)" : row.allKeys.joined(separator: ", ")
                    lines.append("  " + OverlayContent.pad(row.info.name, 17) + " " + OverlayContent.pad(keys, 24) + " " + row.info.help)
                }
            }
            return lines.joined(separator: "\n") + "\n"
        case .markdown:
            var lines = ["| action | keys | context | what it does |", "| --- | --- | --- | --- |"]
            for row in rows {
                let contexts = row.keys.map(\.context.rawValue).joined(separator: ", ")
                let keys = row.allKeys.map { "`\($0)`" }.joined(separator: " ")
                lines.append("| \(row.info.name) | \(keys) | \(contexts) | \(row.info.help) |")
            }
            return lines.joined(separator: "\n") + "\n"
        case .json:
            let objects: [[String: Any]] = rows.map { row in
                [
                    "action": row.info.name,
                    "group": row.info.group.rawValue,
                    "help": row.info.help,
                    "keys": Dictionary(uniqueKeysWithValues: row.keys.map { ($0.context.rawValue, $0.sequences) }),
                ]
            }
            let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }
}
