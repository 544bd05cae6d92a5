/// The formats `folio export` and `E` in the reader write.
public enum ExportFormat: String, CaseIterable, Sendable {
    case bibtex, markdown, csv, json, ris

    /// The file name ending a file of this format usually has.
    public var fileExtension: String {
        switch self {
        case .bibtex: "bib"
        case .markdown: "md"
        case .csv: "csv"
        case .json: "json"
        case .ris: "ris"
        }
    }

    /// The format a file name's ending names (`.bib`, `.bibtex`, `.md`, `.markdown`, `.csv`, `.json`, `.ris`).
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: "."), !fileName[dot...].contains("/") else { return nil }
        let ending = fileName[fileName.index(after: dot)...].lowercased()
        switch ending {
        case "bib", "bibtex": self = .bibtex
        case "md", "markdown": self = .markdown
        case "csv": self = .csv
        case "json": self = .json
        case "ris": self = .ris
        default: return nil
        }
    }

    /// The records written out in this format, in their order.
    public func render(_ records: [ExportRecord]) -> String {
        switch self {
        case .bibtex: BibTeXExport.render(records)
        case .markdown: MarkdownExport.render(records)
        case .csv: CSVExport.render(records)
        case .json: JSONExport.render(records)
        case .ris: RISExport.render(records)
        }
    }
}
