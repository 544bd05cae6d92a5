/// The KEYS section of folio(1), in mdoc, from the same rows as `?` and `folio keys`, so the manual never
/// disagrees with them: `Scripts/manpage` puts it after the options the argument parser describes.
extension KeyHelp {
    static func manual(_ rows: [Row]) -> String {
        var lines = [
            ".Sh KEYS",
            "The keys in force: the defaults merged with the config's",
            ".Cm [keys.*]",
            "tables, as",
            ".Cm \\&?",
            "and",
            ".Nm folio Cm keys",
            "show them.",
            "A count before a key repeats it",
            ".Pq Cm 5j ;",
            ".Cm 5G",
            "goes to paper 5.",
        ]
        for group in ActionGroup.allCases {
            let groupRows = rows.filter { $0.info.group == group && !$0.allKeys.isEmpty }
            guard !groupRows.isEmpty else { continue }
            lines += [".Ss \(quoted(group.rawValue))", ".Bl -tag -width Ds"]
            for row in groupRows {
                let keys = row.allKeys.map { "Cm \(quoted($0))" }.joined(separator: " , ")
                lines.append(".It \(keys)")
                // Where a key works only in a modal (the search line, the picker), say so.
                let contexts = row.keys.map(\.context)
                let note =
                    contexts.contains { [.list, .detail, .global].contains($0) }
                    ? "" : " (in \(contexts.map(\.rawValue).joined(separator: ", ")))"
                lines += sentences(row.info.help + note + "; action " + row.name)
            }
            lines.append(".El")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A macro argument in quotes, escaped so that a key such as `]` or `?` is not read as punctuation.
    private static func quoted(_ text: String) -> String {
        "\"\\&" + escaped(text).replacingOccurrences(of: "\"", with: "\\(dq") + "\""
    }

    /// Text with backslashes escaped and nothing at the start of a line that roff reads as a request.
    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\e")
    }

    /// A text line per sentence, as mdoc wants them.
    private static func sentences(_ text: String) -> [String] {
        let parts = escaped(text).components(separatedBy: ". ")
        return parts.enumerated().map { offset, part in
            let line = offset < parts.count - 1 ? part + "." : part
            return line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : line
        }
    }
}
