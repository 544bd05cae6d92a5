/// A list to paste into notes: one line a paper, its title linked, then authors, year, arXiv id, upvotes and
/// marks.
///
///     - [Large Multimodal Models as General In-Context Classifiers](https://huggingface.co/papers/2602.23229) —
///       Marco Garosi, Matteo Farina, Alessandro Conti et al. · 2026 · arXiv:2602.23229 · ▲ 10 · ★
public enum MarkdownExport {
    public static func render(_ records: [ExportRecord]) -> String {
        records.map { line($0) + "\n" }.joined()
    }

    public static func line(_ record: ExportRecord) -> String {
        let title = escape(record.title.isEmpty ? "(untitled)" : record.title)
        var line = "- "
        if let link = record.primaryLink {
            line += "[\(title)](\(destination(link.url)))"
            if link.isSearch { line += " (a search on Hugging Face)" }
        } else {
            line += title
        }
        var parts: [String] = []
        if !record.authors.isEmpty {
            let shown = record.authors.prefix(3).map(escape).joined(separator: ", ")
            parts.append(record.authors.count > 3 ? shown + " et al." : shown)
        }
        parts.append(String(record.date.year))
        if let id = record.arxivID { parts.append("arXiv:\(escape(id))") }
        if let votes = record.upvotes { parts.append("▲ \(votes)") }
        if record.starred { parts.append("★") }
        if record.read { parts.append("read") }
        return line + " — " + parts.joined(separator: " · ")
    }

    /// Characters that would start markup, escaped with a backslash; text on one line.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in ExportRecord.oneLine(text).unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~": result.unicodeScalars.append("\\")
            default: break
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// A link's address inside `( )`: parentheses and spaces percent-escaped so the link ends where it should.
    static func destination(_ url: String) -> String { ExportRecord.percentEscaping("() <>", in: url) }
}
