import Foundation
import Testing

@testable import FolioCore

@Suite("Export formats")
struct ExportFormatTests {
    let day = DayDate(year: 2026, month: 2, day: 26)
    let links = [
        PaperLink(kind: .site, url: "https://huggingface.co/papers/2602.23229"),
        PaperLink(kind: .abstract, url: "https://arxiv.org/abs/2602.23229"),
    ]

    var garosi: ExportRecord {
        ExportRecord(
            title: "Large Multimodal Models as General In-Context Classifiers", abstract: "Which model?",
            authors: ["Marco Garosi", "Matteo Farina"], arxivID: "2602.23229", date: day, upvotes: 10, links: links,
            key: "arxiv:2602.23229", read: true, starred: true)
    }

    @Test("A BibTeX entry: @misc with title, authors joined by and, year, eprint, archivePrefix, url, marks")
    func bibtexEntry() {
        #expect(
            BibTeXExport.entry(garosi, key: "garosi2026large") == """
                @misc{garosi2026large,
                  title = {Large Multimodal Models as General In-Context Classifiers},
                  author = {Marco Garosi and Matteo Farina},
                  year = {2026},
                  eprint = {2602.23229},
                  archivePrefix = {arXiv},
                  url = {https://arxiv.org/abs/2602.23229},
                  keywords = {starred, read}
                }

                """)
        var article = garosi
        article.venue = "CVPR"
        #expect(BibTeXExport.entry(article, key: "k").hasPrefix("@article{k,"))
        #expect(BibTeXExport.entry(article, key: "k").contains("  journal = {CVPR},\n"))
    }

    @Test("Keys are the family name, year and first word; the same key again gets a, b; little words are skipped")
    func citationKeys() {
        var keys = CitationKeys()
        #expect(keys.next(for: garosi) == "garosi2026large")
        #expect(keys.next(for: garosi) == "garosi2026largea")
        #expect(keys.next(for: garosi) == "garosi2026largeb")
        var other = garosi
        other.title = "On the Émergence of Things"
        other.authors = ["Zola, Émile"]
        #expect(keys.next(for: other) == "zola2026emergence")
        let bare = ExportRecord(title: "", date: day)
        #expect(keys.next(for: bare) == "anon2026paper")
    }

    @Test("A paper with no authors, id or link still gives a valid entry: title and year")
    func bareEntry() {
        let bare = ExportRecord(title: "Only a title", date: day)
        #expect(
            BibTeXExport.entry(bare, key: "anon2026only")
                == "@misc{anon2026only,\n  title = {Only a title},\n  year = {2026}\n}\n")
    }

    @Test("LaTeX's special characters are commands, so braces balance whatever the title holds")
    func latexEscapes() {
        #expect(
            BibTeXExport.escape("100% {a} \\b & $c$ #d _e ~f ^g }{")
                == "100\\% \\textbraceleft{}a\\textbraceright{} \\textbackslash{}b \\& \\$c\\$ \\#d \\_e "
                + "\\textasciitilde{}f \\textasciicircum{}g \\textbraceright{}\\textbraceleft{}")
        #expect(BibTeXExport.escape("two\nlines") == "two lines")
        var named = garosi
        named.authors = ["Smith and Sons", "A B"]
        #expect(BibTeXExport.entry(named, key: "k").contains("author = {{Smith and Sons} and A B}"))
    }

    @Test("CSV per RFC 4180: CRLF rows, fields with commas, quotes or line breaks quoted, quotes doubled")
    func csv() {
        var record = garosi
        record.title = "A, \"quoted\" title"
        record.abstract = "two\nlines"
        let text = CSVExport.render([record])
        let rows = text.components(separatedBy: "\r\n")
        #expect(rows[0] == CSVExport.columns.joined(separator: ","))
        #expect(
            rows[1].hasPrefix("\"A, \"\"quoted\"\" title\",Marco Garosi; Matteo Farina,2026,2026-02-26,2602.23229,"))
        #expect(text.hasSuffix(",\"two\nlines\"\r\n"))
    }

    @Test("CSV: a field a spreadsheet would evaluate starts with an apostrophe; the rest is as written")
    func csvFormulas() {
        let hostile = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2", "@SUM(A1)", "\tTab", "\rReturn"]
        for text in hostile {
            #expect(CSVExport.field(text).hasPrefix("'") || CSVExport.field(text).hasPrefix("\"'"), "\(text)")
            #expect(CSVExport.field(text).contains(text.replacing("\"", with: "\"\"")))
        }
        for text in ["Plain title", "1+1=2", "a=b", "Vision-Language"] {
            #expect(CSVExport.field(text) == text)
        }
        var record = garosi
        record.title = "=cmd|' /C calc'!A0"
        let row = CSVExport.render([record]).components(separatedBy: "\r\n")[1]
        #expect(row.hasPrefix("'=cmd|' /C calc'!A0,"))
    }

    @Test("JSON has list --json's fields with abstract, authors, links and marks")
    func json() throws {
        let data = Data(JSONExport.render([garosi]).utf8)
        let papers = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let paper = try #require(papers.first)
        #expect(paper["title"] as? String == garosi.title)
        #expect(paper["arxivId"] as? String == "2602.23229")
        #expect(paper["authors"] as? [String] == ["Marco Garosi", "Matteo Farina"])
        #expect(paper["marks"] as? [String] == ["starred", "read"])
        #expect(paper["read"] as? Bool == true)
        #expect((paper["links"] as? [[String: String]])?.first?["url"] == links[0].url)
        #expect(paper["upvotes"] as? Int == 10)
        var withRecord = garosi
        withRecord.record = PaperRecord.make(organization: "Trento", githubRepository: "https://github.com/a/b")
        withRecord.authorCount = 5
        let full =
            try JSONSerialization.jsonObject(with: Data(JSONExport.render([withRecord]).utf8)) as? [[String: Any]]
        #expect(full?.first?["organization"] as? String == "Trento")
        #expect(full?.first?["githubRepo"] as? String == "https://github.com/a/b")
        #expect(full?.first?["authorCount"] as? Int == 5)
    }

    @Test("RIS: tag lines ending in CRLF, one AU a name, the marks as KW, ER last")
    func ris() {
        let text = RISExport.render([garosi])
        let lines = text.components(separatedBy: "\r\n")
        #expect(
            lines.prefix(6) == [
                "TY  - UNPB", "ID  - garosi2026large", "TI  - \(garosi.title)", "AU  - Marco Garosi",
                "AU  - Matteo Farina", "PY  - 2026",
            ])
        #expect(lines.contains("KW  - starred"))
        #expect(text.hasSuffix("ER  - \r\n"))
    }

    @Test("Markdown: a linked title, markup characters escaped, a search said as one")
    func markdown() {
        var record = garosi
        record.title = "A [bracketed] *starred* title"
        #expect(
            MarkdownExport.line(record)
                == "- [A \\[bracketed\\] \\*starred\\* title](https://huggingface.co/papers/2602.23229) — Marco Garosi, "
                + "Matteo Farina · 2026 · arXiv:2602.23229 · ▲ 10 · ★ · read")
        let search = ExportRecord(
            title: "T", date: day, links: [PaperLink(kind: .search, url: "https://huggingface.co/papers?q=T")])
        #expect(
            MarkdownExport.line(search) == "- [T](https://huggingface.co/papers?q=T) (a search on Hugging Face) — 2026")
    }

    @Test("Text is cleaned of control characters once: titles on one line, abstracts keep their line breaks")
    func cleaning() {
        let record = ExportRecord(
            title: "  A\ttitle \u{1B}[31mred\u{85}  end\u{2028} ", abstract: "one\r\ntwo\u{07}", date: day)
        #expect(record.title == "A title [31mred end")
        #expect(record.abstract == "one\ntwo")
        #expect(ExportRecord(title: "Already clean: é 中文", date: day).title == "Already clean: é 中文")
    }

    @Test("A file's ending names its format")
    func formatFromName() {
        #expect(ExportFormat(fileName: "x.bib") == .bibtex)
        #expect(ExportFormat(fileName: "notes/x.MD") == .markdown)
        #expect(ExportFormat(fileName: "a.b/c") == nil)
        #expect(ExportFormat(fileName: "x.txt") == nil)
    }
}
