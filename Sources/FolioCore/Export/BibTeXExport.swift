/// BibTeX entries: `@misc` (or `@article` with a venue) with title, author, year, eprint, archivePrefix, url and
/// the marks as keywords; keys stable across runs and unique within a file.
public enum BibTeXExport {
    public static func render(_ records: [ExportRecord]) -> String {
        var keys = CitationKeys()
        return records.map { entry($0, key: keys.next(for: $0)) }.joined(separator: "\n")
    }

    /// One entry. A paper without authors, id or link still gives a valid one: title and year.
    public static func entry(_ record: ExportRecord, key: String) -> String {
        var fields: [(String, String)] = [("title", escape(record.title))]
        if !record.authors.isEmpty {
            // Names as given; one holding the word "and" is braced, so it stays one name.
            let names = record.authors.map { name -> String in
                let escaped = escape(name)
                return " \(name.lowercased()) ".contains(" and ") ? "{\(escaped)}" : escaped
            }
            fields.append(("author", names.joined(separator: " and ")))
        }
        if let venue = record.venue { fields.append(("journal", escape(venue))) }
        fields.append(("year", String(record.date.year)))
        if let id = record.arxivID, !id.isEmpty {
            fields.append(("eprint", escape(id)))
            fields.append(("archivePrefix", "arXiv"))
        }
        if let url = record.citationURL { fields.append(("url", escapeURL(url))) }
        if !record.marks.isEmpty { fields.append(("keywords", record.marks.joined(separator: ", "))) }
        let type = record.venue == nil ? "misc" : "article"
        let body = fields.map { "  \($0.0) = {\($0.1)}" }.joined(separator: ",\n")
        return "@\(type){\(key),\n\(body)\n}\n"
    }

    /// Text for a braced field: LaTeX's special characters written as commands, so the braces always balance
    /// and nothing in a title is read as markup.
    public static func escape(_ text: String) -> String {
        var result = ""
        for scalar in ExportRecord.oneLine(text).unicodeScalars {
            switch scalar {
            case "\\": result += "\\textbackslash{}"
            case "{": result += "\\textbraceleft{}"
            case "}": result += "\\textbraceright{}"
            case "%", "$", "&", "#", "_":
                result += "\\"
                result.unicodeScalars.append(scalar)
            case "~": result += "\\textasciitilde{}"
            case "^": result += "\\textasciicircum{}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// An address in a `url` field, read verbatim by the url package: braces, backslashes and spaces escaped, as
    /// a link Folio builds has none of them anyway.
    static func escapeURL(_ url: String) -> String { ExportRecord.percentEscaping("{}\\ ", in: url) }
}

/// Citation keys as `garosi2026large`: the first author's family name, the year, the title's first word that is
/// not a little word; then `garosi2026largea`, `…b` for the next papers that would get the same key.
public struct CitationKeys: Sendable {
    private var used: Set<String> = []
    private var suffixes: [String: Int] = [:]

    public init() {}

    public mutating func next(for record: ExportRecord) -> String {
        let base = Self.base(for: record)
        var key = base
        while used.contains(key) {
            let count = suffixes[base, default: 0]
            suffixes[base] = count + 1
            key = base + Self.letters(count)
        }
        used.insert(key)
        return key
    }

    /// `a`…`z`, then `aa`, `ab`…
    static func letters(_ number: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
        var number = number
        var result = ""
        repeat {
            result = String(alphabet[number % 26]) + result
            number = number / 26 - 1
        } while number >= 0
        return result
    }

    /// The key before any suffix: ASCII letters and digits only, so every reader takes it.
    public static func base(for record: ExportRecord) -> String {
        let family = record.authors.first.flatMap(familyName) ?? "anon"
        let word =
            TextFolding.words(record.title).lazy.map { ascii($0.folded) }
            .first { !$0.isEmpty && !littleWords.contains($0) } ?? "paper"
        return family + String(record.date.year) + word
    }

    /// "Marco Garosi" → `garosi`; "Garosi, Marco" → `garosi`; "Jean-Luc Picard" → `picard`.
    static func familyName(_ name: String) -> String? {
        let family = name.contains(",") ? String(name.split(separator: ",")[0]) : name
        let words = TextFolding.words(family).map { ascii($0.folded) }.filter { !$0.isEmpty }
        return words.last
    }

    private static func ascii(_ word: String) -> String {
        String(word.unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) })
    }

    static let littleWords: Set<String> = [
        "a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "via", "from", "towards", "toward", "is",
        "are", "at", "by", "do", "does", "can", "how", "what", "when", "why", "we", "your", "you", "our", "its",
    ]
}
