import FolioTestSupport
import Foundation
import Testing

/// `folio list --json` and `folio search --json` carry each paper's authors, links and the site's record, read
/// back with JSONSerialization and checked against the real item they came from.
@Suite("The site's record in --json")
struct RecordJSONTests {
    /// The real item as its day's digest, and a page digest of the day before listing the same paper by title
    /// (no id) and one paper the JSON does not know.
    func withDigests(_ body: (URL, [String: Any], [String: Any]) throws -> Void) throws {
        try TemporaryFolder.with("folio-record") { folder in
            let bytes = Fixtures.bytes(Fixtures.apiItem)
            try Data(bytes).write(to: folder.appendingPathComponent("2026-03-06.json"))
            let item = try #require((try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]])?.first)
            let paper = try #require(item["paper"] as? [String: Any])
            let title = try #require(paper["title"] as? String)
            let page = """
                Daily Papers

                Mar 5

                \(title)

                A one-line summary.

                  • 5 authors
                ·
                Feb 26 4

                Only In Text About Agents

                An abstract about agents.

                ·
                Mar 5 2

                """
            try Data(page.utf8).write(to: folder.appendingPathComponent("2026-03-05.txt"))
            try body(folder, item, paper)
        }
    }

    func check(_ object: [String: Any], item: [String: Any], paper: [String: Any]) throws {
        let id = try #require(paper["id"] as? String)
        let authors = try #require(paper["authors"] as? [[String: Any]])
        #expect(
            object["authors"] as? [String]
                == authors.filter { $0["hidden"] as? Bool != true }.compactMap { $0["name"] as? String })
        let links = try #require(object["links"] as? [[String: String]])
        #expect(links.map { $0["kind"] ?? "" } == ["site", "abstract", "pdf", "code", "project"])
        #expect(links.first?["url"] == "https://huggingface.co/papers/\(id)")
        #expect(links[1]["url"] == "https://arxiv.org/abs/\(id)")
        #expect(links[2]["url"] == "https://arxiv.org/pdf/\(id)")
        #expect(links[3]["url"] == paper["githubRepo"] as? String)
        #expect(links[4]["url"] == paper["projectPage"] as? String)
        #expect(object["arxivId"] as? String == id)
        #expect(object["aiSummary"] as? String == paper["ai_summary"] as? String)
        #expect(object["keywords"] as? [String] == paper["ai_keywords"] as? [String])
        #expect(object["githubRepo"] as? String == paper["githubRepo"] as? String)
        #expect(object["githubStars"] as? Int == paper["githubStars"] as? Int)
        #expect(object["projectPage"] as? String == paper["projectPage"] as? String)
        #expect(object["numComments"] as? Int == item["numComments"] as? Int)
        #expect(
            object["organization"] as? String == (paper["organization"] as? [String: Any])?["fullname"] as? String)
    }

    @Test(
        "list --json: the JSON paper, joined with its text listing, carries the whole record; the text-only one a search link"
    )
    func list() throws {
        try withDigests { folder, item, paper in
            let listed = try FolioBinary.listed([folder.path])
            #expect(listed.count == 2, "the paper in text and JSON is one paper")
            let title = try #require(paper["title"] as? String)
            let joined = try #require(listed.first { $0["title"] as? String == title })
            try check(joined, item: item, paper: paper)
            let textOnly = try #require(listed.first { $0["title"] as? String != title })
            #expect(textOnly["authors"] as? [String] == [])
            let links = try #require(textOnly["links"] as? [[String: String]])
            #expect(links.map { $0["kind"] ?? "" } == ["search"])
            #expect(links.first?["url"]?.hasPrefix("https://huggingface.co/papers?q=Only+In+Text") == true)
            #expect(textOnly["aiSummary"] == nil)
        }
    }

    @Test("search --json carries the same fields")
    func search() throws {
        try withDigests { folder, item, paper in
            let result = try FolioBinary.run(["search", "--json", "classifiers", folder.path])
            #expect(result.status == 0, "\(result.stderr)")
            let found = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            #expect(found.count == 1)
            try check(try #require(found.first), item: item, paper: paper)
        }
    }
}
