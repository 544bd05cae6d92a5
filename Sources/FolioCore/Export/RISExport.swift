/// RIS: `TY  - UNPB` (a preprint; `JOUR` with a venue), title, authors, year, date, abstract, addresses, the
/// arXiv id, the marks as keywords, `ER  - `; one tag a line, CRLF between lines as the format asks.
public enum RISExport {
    public static func render(_ records: [ExportRecord]) -> String {
        var keys = CitationKeys()
        return records.map { entry($0, key: keys.next(for: $0)) }.joined(separator: "\r\n")
    }

    public static func entry(_ record: ExportRecord, key: String) -> String {
        var lines: [(String, String)] = [("TY", record.venue == nil ? "UNPB" : "JOUR"), ("ID", key)]
        lines.append(("TI", record.title))
        for author in record.authors { lines.append(("AU", author)) }
        if let venue = record.venue { lines.append(("JO", venue)) }
        lines.append(("PY", String(record.date.year)))
        lines.append(("DA", record.date.iso.replacing("-", with: "/")))
        if !record.abstract.isEmpty { lines.append(("AB", record.abstract)) }
        for link in record.links where !link.isSearch { lines.append(("UR", link.url)) }
        if let id = record.arxivID { lines.append(("N1", "arXiv:\(id)")) }
        for mark in record.marks { lines.append(("KW", mark)) }
        lines.append(("ER", ""))
        return lines.map { tag, value in "\(tag)  - \(ExportRecord.oneLine(value))" }.joined(separator: "\r\n")
            + "\r\n"
    }
}
