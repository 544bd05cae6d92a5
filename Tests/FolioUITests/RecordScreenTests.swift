import FolioCore
import FolioScreen
import FolioTestSupport
import Foundation
import Testing

@testable import FolioUI

/// The detail pane of a paper read from the site's JSON: its authors, organisation, the site's summary under its
/// label, keywords and each link whole on a line of its own.
@Suite("The site's record in the detail pane")
struct RecordScreenTests {
    /// The real item of the site's API, as the digest of the day it was listed (`?date=2026-03-06`).
    static let library = DigestLoader.load(inputs: [
        DigestInput(source: "2026-03-06.json", bytes: Fixtures.bytes(Fixtures.apiItem))
    ])

    static func item() throws -> [String: Any] {
        let array = try JSONSerialization.jsonObject(with: Data(Fixtures.bytes(Fixtures.apiItem))) as? [[String: Any]]
        return try #require(array?.first?["paper"] as? [String: Any])
    }

    @Test("A JSON paper's detail opening", arguments: GoldenScreenTests.sizes)
    func opening(size: Size) {
        let state = UIFixtures.state(Self.library, size)
        expectScreen(render(state, size: size), named: GoldenScreenTests.name("record", size))
    }

    @Test(
        "A JSON paper's detail at its end: the site's summary, keywords and links", arguments: GoldenScreenTests.sizes)
    func end(size: Size) {
        var state = UIFixtures.state(Self.library, size)
        UIFixtures.press(&state, "enter", "G")
        #expect(state.focus == .detail)
        expectScreen(render(state, size: size), named: GoldenScreenTests.name("record-end", size))
    }

    @Test("The lines name the first authors then +N, label the site's summary, and hold each link whole")
    func lines() throws {
        let paper = try #require(Self.library.papers.first)
        let item = try Self.item()
        let names = try #require((item["authors"] as? [[String: Any]])?.compactMap { $0["name"] as? String })
        #expect(names.count > DetailContent.namedAuthors, "the item has more authors than are named")
        for width in [40, 80, 120] {
            let state = UIFixtures.state(Self.library, Size(width: width + 2, height: 40))
            let lines = DetailContent.lines(for: paper, state: state, width: width).map(\.text)
            let text = lines.joined(separator: " ")
            let named = names.prefix(DetailContent.namedAuthors).joined(separator: ", ")
            #expect(text.contains(named + " +\(names.count - DetailContent.namedAuthors)"), "\(width)")
            #expect(!text.contains(names[DetailContent.namedAuthors]), "\(width)")
            let label = try #require(lines.firstIndex { $0.hasPrefix("The site's AI summary") }, "\(width)")
            let summary = try #require(item["ai_summary"] as? String)
            #expect(lines[(label + 1)...].joined(separator: " ").hasPrefix(String(summary.prefix(width / 2))))
            for link in paper.links {
                #expect(lines.contains { $0 == link.url || $0.hasPrefix(link.url + "  ") }, "\(width): \(link.url)")
            }
            if let organization = (item["organization"] as? [String: Any])?["fullname"] as? String {
                #expect(text.contains(organization))
            }
        }
    }

    @Test("Text from a digest is sanitised in the record's lines too")
    func sanitised() throws {
        let json = #"""
            [{"paper": {"id": "2602.00001", "title": "T", "authors": [{"name": "Eve \u001b[2J Mallory"}],
              "ai_summary": "Bell \u0007 here", "ai_keywords": ["k\u009b1"], "githubRepo": "javascript:alert(1)",
              "organization": {"fullname": "Org \u001b]8;;x\u0007"}}}]
            """#
        let library = DigestLoader.load(inputs: [DigestInput(source: "2026-03-06.json", text: json)])
        let paper = try #require(library.papers.first)
        #expect(library.problems.isEmpty, "\(library.problems)")
        let lines = DetailContent.lines(
            for: paper, state: UIFixtures.state(library, Size(width: 80, height: 24)), width: 78)
        let text = lines.map(\.text).joined(separator: "\n")
        #expect(text.contains("Mallory"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F..<0xA0).contains($0.value) })
        #expect(!paper.links.contains { $0.kind == .code }, "a javascript: address is no link")
    }
}
