import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

/// The site's whole record of a paper: read from the real item, kept through the join, and every wrong-typed
/// field a problem at its line with the rest of the entry kept.
@Suite("The site's record")
struct PaperRecordTests {
    /// The real item as text, and as JSONSerialization reads it: what the reader is checked against.
    static let itemText = Fixtures.text(Fixtures.apiItem)

    static func item() throws -> [String: Any] {
        let array = try JSONSerialization.jsonObject(with: Data(itemText.utf8)) as? [[String: Any]]
        return try #require(array?.first)
    }

    static func paperObject() throws -> [String: Any] {
        try #require(try item()["paper"] as? [String: Any])
    }

    /// The item with its `paper` object changed, as JSON text.
    static func text(
        changingPaper change: (inout [String: Any]) -> Void, listing: (inout [String: Any]) -> Void = { _ in }
    )
        throws -> String
    {
        var item = try item()
        var paper = try paperObject()
        change(&paper)
        item["paper"] = paper
        listing(&item)
        let data = try JSONSerialization.data(withJSONObject: [item], options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func parse(_ text: String, source: String = "2026-03-06.json") -> Digest? {
        DigestParser.parse(DigestInput(source: source, text: text)).digest
    }

    @Test("The real item: every field the site sends, as JSONSerialization reads it, and no problem")
    func realItem() throws {
        let digest = try #require(Self.parse(Self.itemText))
        #expect(digest.problems.isEmpty, "\(digest.problems)")
        let entry = try #require(digest.entries.first)
        let paper = try Self.paperObject()
        let item = try Self.item()
        let record = try #require(entry.record)

        let authors = try #require(paper["authors"] as? [[String: Any]])
        let visible = authors.filter { $0["hidden"] as? Bool != true }.compactMap { $0["name"] as? String }
        #expect(!visible.isEmpty)
        #expect(record.authors == visible)
        #expect(record.hiddenAuthorCount == authors.count - visible.count)
        #expect(entry.authorCount == visible.count)
        #expect(entry.title == paper["title"] as? String)
        #expect(entry.abstract == paper["summary"] as? String)
        #expect(entry.arxivID == paper["id"] as? String)
        #expect(entry.upvotes == paper["upvotes"] as? Int)
        #expect(entry.published == DayDate(iso: try #require(paper["publishedAt"] as? String)))
        let organization = try #require(paper["organization"] as? [String: Any])
        #expect(record.organization == organization["fullname"] as? String)
        #expect(record.siteSummary == paper["ai_summary"] as? String)
        #expect(record.keywords == paper["ai_keywords"] as? [String])
        #expect(record.githubRepository == paper["githubRepo"] as? String)
        #expect(record.githubStars == paper["githubStars"] as? Int)
        #expect(record.projectPage == paper["projectPage"] as? String)
        #expect(record.commentCount == item["numComments"] as? Int)
    }

    @Test("The real item's links: the site's page, arXiv abstract and PDF, code and project page")
    func realItemLinks() throws {
        let library = Library(digests: [try #require(Self.parse(Self.itemText))])
        let paper = try #require(library.papers.first)
        let object = try Self.paperObject()
        let id = try #require(object["id"] as? String)
        #expect(
            paper.links == [
                PaperLink(kind: .site, url: "https://huggingface.co/papers/" + id),
                PaperLink(kind: .abstract, url: "https://arxiv.org/abs/" + id),
                PaperLink(kind: .pdf, url: "https://arxiv.org/pdf/" + id),
                PaperLink(kind: .code, url: try #require(object["githubRepo"] as? String)),
                PaperLink(kind: .project, url: try #require(object["projectPage"] as? String)),
            ])
        #expect(!paper.links.contains { $0.isSearch })
    }

    @Test("A paper known only by its title gets a search of the site, marked as one; odd ids and addresses are safe")
    func titleOnlyLinks() throws {
        let entry = DigestEntry(title: "Agents & Tools: 100% of\nit?", line: 1)
        let library = Library(digests: [
            Digest(
                source: "a.txt", shape: .page, date: DayDate(year: 2026, month: 3, day: 6), entries: [entry],
                problems: [])
        ])
        let links = try #require(library.papers.first).links
        #expect(
            links == [
                PaperLink(kind: .search, url: "https://huggingface.co/papers?q=Agents+%26+Tools%3A+100%25+of+it%3F")
            ])
        #expect(links.allSatisfy { $0.isSearch })
        // As a form decodes it: `+` is a space.
        let query = try #require(URLComponents(string: links[0].url)?.percentEncodedQuery)
        #expect(query.hasPrefix("q="))
        #expect(query.dropFirst(2).replacing("+", with: " ").removingPercentEncoding == "Agents & Tools: 100% of it?")

        #expect(PaperLink.pathComponent("hep-th/9901001") == "hep-th/9901001")
        #expect(PaperLink.pathComponent("1 2?x") == "1%202%3Fx")
        #expect(PaperLink.pathComponent("../etc") == nil)
        #expect(PaperLink.webAddress("javascript:alert(1)") == nil)
        #expect(PaperLink.webAddress("https://example.com/a\u{1B}[2J") == nil)
        #expect(PaperLink.webAddress(" https://github.com/a/b ") == "https://github.com/a/b")
    }

    @Test("Hidden authors are left out of the names and the count")
    func hiddenAuthors() throws {
        let names = try #require(
            (try Self.paperObject()["authors"] as? [[String: Any]])?.compactMap { $0["name"] as? String })
        let text = try Self.text(changingPaper: { paper in
            var authors = paper["authors"] as! [[String: Any]]
            authors[1]["hidden"] = true
            paper["authors"] = authors
        })
        let entry = try #require(Self.parse(text)?.entries.first)
        var visible = names
        visible.remove(at: 1)
        #expect(entry.record?.authors == visible)
        #expect(entry.record?.hiddenAuthorCount == 1)
        #expect(entry.authorCount == names.count - 1)
    }

    static let optionalFields = [
        "projectPage", "githubRepo", "githubStars", "ai_summary", "ai_keywords", "organization", "mediaUrls",
    ]

    @Test(
        "Each optional field null, or missing: no problem, that field nil, the others kept", arguments: optionalFields)
    func nullField(_ field: String) throws {
        for missing in [false, true] {
            let text = try Self.text(
                changingPaper: { paper in paper[field] = missing ? nil : NSNull() },
                listing: { item in
                    if field == "organization" || field == "mediaUrls" { item[field] = missing ? nil : NSNull() }
                })
            let digest = try #require(Self.parse(text))
            #expect(digest.problems.isEmpty, "\(field): \(digest.problems)")
            let record = try #require(digest.entries.first?.record)
            let complete = try #require(Self.parse(Self.itemText)?.entries.first?.record)
            #expect(record.projectPage == (field == "projectPage" ? nil : complete.projectPage))
            #expect(record.githubRepository == (field == "githubRepo" ? nil : complete.githubRepository))
            #expect(record.githubStars == (field == "githubStars" ? nil : complete.githubStars))
            #expect(record.siteSummary == (field == "ai_summary" ? nil : complete.siteSummary))
            #expect(record.keywords == (field == "ai_keywords" ? [] : complete.keywords))
            #expect(record.organization == (field == "organization" ? nil : complete.organization))
            #expect(record.authors == complete.authors)
        }
    }

    @Test("numComments null: no count; an item with nothing but a title has no record")
    func nullCommentsAndBareItem() throws {
        let text = try Self.text(changingPaper: { _ in }, listing: { $0["numComments"] = NSNull() })
        let digest = try #require(Self.parse(text))
        #expect(digest.problems.isEmpty)
        #expect(digest.entries.first?.record?.commentCount == nil)
        let bare = try #require(Self.parse(#"[{"paper": {"id": "1", "title": "T", "authors": []}}]"#))
        #expect(bare.entries.first?.record == nil)
    }

    @Test("A paper listed in text and in JSON is one paper with the JSON's record, in either order")
    func joinKeepsRecord() throws {
        let json = try #require(Self.parse(Self.itemText, source: "2026-03-06.json"))
        let entry = try #require(json.entries.first)
        let page = Digest(
            source: "2026-03-05.txt", shape: .page, date: DayDate(year: 2026, month: 3, day: 5),
            entries: [DigestEntry(title: entry.title, abstract: "One line.", authorCount: 5, line: 5)], problems: [])
        var later = page
        later.source = "2026-03-07.txt"
        later.date = DayDate(year: 2026, month: 3, day: 7)
        for digests in [[page, json], [json, later]] {
            let library = Library(digests: digests)
            #expect(library.papers.count == 1)
            let paper = try #require(library.papers.first)
            #expect(paper.appearances.count == 2)
            #expect(paper.record == entry.record)
            #expect(paper.authors == entry.record?.authors)
            #expect(paper.arxivID == entry.arxivID)
            #expect(paper.links.first?.kind == .site)
        }
    }

    /// A field changed in the text of the real item: the first occurrence of `original` (the paper's own field:
    /// the paper object comes first) becomes `replacement`.
    static let wrongTypes: [(original: String, replacement: String, message: String)] = [
        (#""upvotes": 10"#, #""upvotes": "many""#, "paper.upvotes: expected a number, found a string"),
        (#""upvotes": 10"#, #""upvotes": -3"#, "paper.upvotes: expected 0 or more, found -3"),
        (#""upvotes": 10"#, #""upvotes": 2.5"#, "paper.upvotes: expected a whole number, found 2.5"),
        (#""summary": "Which"#, #""summary": 5, "x": "Which"#, "paper.summary: expected a string, found a number"),
        (#""id": "2602.23229""#, #""id": 7"#, "paper.id: expected a string, found a number"),
        (
            #""publishedAt": "2026-02-26T17:08:18.000Z""#, #""publishedAt": "yesterday""#,
            #"paper.publishedAt: expected a date (YYYY-MM-DD…), found the string "yesterday""#
        ),
        (
            #""publishedAt": "2026-02-26T17:08:18.000Z""#, #""publishedAt": []"#,
            "paper.publishedAt: expected a date, found a list"
        ),
        (#""authors": ["#, #""authors": "me", "x": ["#, "paper.authors: expected a list, found a string"),
        (#""title": "Large"#, #""title": 12, "x": "Large"#, "paper.title: expected a string, found a number"),
        (#""githubStars": 9"#, #""githubStars": "9""#, "paper.githubStars: expected a number, found a string"),
        (#""numComments": 1"#, #""numComments": true"#, "numComments: expected a number, found true or false"),
        (#""ai_keywords": ["#, #""ai_keywords": "x", "y": ["#, "paper.ai_keywords: expected a list, found a string"),
        (
            #""organization": {"#, #""organization": "MHUG", "y": {"#,
            "paper.organization: expected an object, found a string"
        ),
        (#""hidden": false"#, #""hidden": "no""#, "paper.authors[0].hidden: expected true or false, found a string"),
        (#""name": "Marco Garosi""#, #""name": 3"#, "paper.authors[0].name: expected a string, found a number"),
        (#""ai_summary": "#, #""ai_summary": {}, "z": "#, "paper.ai_summary: expected a string, found an object"),
    ]

    @Test("Every wrong-typed field: one problem at its line, the rest of the entry kept", arguments: wrongTypes.indices)
    func wrongType(_ index: Int) throws {
        let (original, replacement, message) = Self.wrongTypes[index]
        let range = try #require(Self.itemText.range(of: original))
        let text = Self.itemText.replacingCharacters(in: range, with: replacement)
        let line = Self.itemText[..<range.lowerBound].count(where: { $0 == "\n" }) + 1
        let complete = try #require(Self.parse(Self.itemText)?.entries.first)
        // The fast reader, and the element-by-element one (a broken entry after it sends the file there).
        for broken in [false, true] {
            let source = "2026-03-06.json"
            let input = broken ? String(text.dropLast(2)) + ",\n{\"paper\": {\"title\": tru}}\n]\n" : text
            let digest = try #require(Self.parse(input, source: source))
            let problem = try #require(digest.problems.first, "\(replacement)")
            #expect(problem.description == "\(source):\(line): \(message)")
            #expect(digest.problems.count == (broken ? 2 : 1), "\(digest.problems)")
            let entry = try #require(digest.entries.first, "the entry is kept")
            #expect(digest.entries.count == 1)
            #expect(entry.title == complete.title)
            #expect(entry.record != nil)
            if !original.contains("upvotes") { #expect(entry.upvotes == complete.upvotes) }
            if original.contains("upvotes") { #expect(entry.upvotes == nil) }
            if !original.contains("ai_summary") { #expect(entry.record?.siteSummary == complete.record?.siteSummary) }
        }
    }

    @Test("A file cut short after one whole entry says so in the singular, then the plural")
    func cutShortCount() throws {
        for kept in 1...2 {
            let whole = (1...kept).map { #"{"paper": {"id": "\#($0)", "title": "T\#($0)"}}"# }
            let text = "[\n" + whole.joined(separator: ",\n") + ",\n{\"paper\": {\"title\": \"Cut"
            let digest = try #require(Self.parse(text))
            #expect(digest.entries.count == kept)
            let problem = try #require(digest.problems.last)
            #expect(problem.message.hasSuffix("; \(kept) whole \(kept == 1 ? "entry" : "entries") kept"))
            #expect(problem.message.hasSuffix(kept == 1 ? "1 whole entry kept" : "2 whole entries kept"))
        }
    }
}
