/// CSV per RFC 4180: a header row, CRLF between records, a field quoted when it holds a comma, a quote, a line
/// break or space at an end, quotes doubled inside.
public enum CSVExport {
    public static let columns = [
        "title", "authors", "year", "date", "arxiv_id", "url", "links", "upvotes", "read", "starred", "topics",
        "key", "abstract",
    ]

    public static func render(_ records: [ExportRecord]) -> String {
        var rows = [columns]
        for record in records {
            rows.append([
                record.title, record.authors.joined(separator: "; "), String(record.date.year), record.date.iso,
                record.arxivID ?? "", record.primaryLink?.url ?? "",
                record.links.map(\.url).joined(separator: " "), record.upvotes.map(String.init) ?? "",
                record.read ? "true" : "false", record.starred ? "true" : "false",
                record.topics.joined(separator: "; "), record.key, record.abstract,
            ])
        }
        return rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    static func field(_ value: String) -> String {
        let needsQuotes =
            value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || value.first == " " || value.last == " "
        guard needsQuotes else { return value }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }
}
