/// CSV per RFC 4180: a header row, CRLF between records, a field quoted when it holds a comma, a quote, a line
/// break or space at an end, quotes doubled inside. A field that a spreadsheet would read as a formula (it
/// begins with `=`, `+`, `-`, `@`, a tab or a carriage return) starts with an apostrophe: titles and abstracts
/// come from digests, which are untrusted, and `=HYPERLINK(…)` in a title must stay text when the file is opened.
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

    static func field(_ text: String) -> String {
        let value = text.utf8.first.map(formulaStarts.contains) == true ? "'" + text : text
        let needsQuotes =
            value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || value.first == " " || value.last == " "
        guard needsQuotes else { return value }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }

    /// The first bytes that make a spreadsheet (Excel, LibreOffice, Google Sheets) evaluate a cell (OWASP's list).
    static let formulaStarts: Set<UInt8> = [
        UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D,
    ]
}
