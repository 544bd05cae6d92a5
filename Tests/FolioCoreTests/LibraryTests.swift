import Foundation
import Testing
@testable import FolioCore

@Suite("Library: identity across days and shapes")
struct LibraryTests {
    @Test("Titles match whatever their case, accents, punctuation and spacing")
    func normalisedTitles() {
        #expect(TextFolding.normalizedTitle("Fréchet  Cumulative-Covariance NET!") == "frechet cumulative covariance net")
        #expect(TextFolding.normalizedTitle("FRECHET cumulative covariance, net") == "frechet cumulative covariance net")
        #expect(TextFolding.normalizedTitle("Straße") == "strasse")
    }

    @Test("One paper across a page, a compact and a JSON digest, joined by id and title")
    func identityAcrossShapes() throws {
        let page = """
            Daily Papers

            Dec 8

            Fréchet Nets: A Study

            Abstract text.

              • 3 authors
            ·
            Dec 1 5
            """
        let compact = "Get trending papers in your email inbox!\nSubscribeFRECHET NETS — a study\nAbstract text.\n"
        let json = """
            [{"paper": {"id": "2512.00001", "title": "Frechet Nets: a Study", "summary": "The full abstract, longer than the page's.",
              "authors": [{"name": "A"}], "upvotes": 9, "publishedAt": "2025-12-01T00:00:00.000Z"},
              "title": "Frechet Nets: a Study", "publishedAt": "2025-12-10T00:00:00.000Z"}]
            """
        let library = DigestLoader.load(inputs: [
            DigestInput(source: "2025-12-08.txt", text: page),
            DigestInput(source: "2025-12-09.txt", text: compact),
            DigestInput(source: "2025-12-10.json", text: json),
        ])
        #expect(library.problems == [])
        #expect(library.papers.count == 1)
        let paper = try #require(library.papers.first)
        #expect(paper.arxivID == "2512.00001")
        #expect(paper.key == "arxiv:2512.00001")
        #expect(paper.timesSeen == 3)
        #expect(paper.firstSeen == DayDate(year: 2025, month: 12, day: 8))
        #expect(paper.upvoteChange == 4)
        #expect(paper.abstract == "The full abstract, longer than the page's.")
        #expect(library.days.map(\.papers) == [[0], [0], [0]])
    }

    @Test("Two papers with different arXiv ids stay two, even with one title")
    func differentIDsStayApart() {
        let json = """
            [{"paper": {"id": "1", "title": "Same Title"}}, {"paper": {"id": "2", "title": "Same Title"}}]
            """
        let library = DigestLoader.load(inputs: [DigestInput(source: "2025-01-01.json", text: json)])
        #expect(library.papers.count == 2)
    }

    @Test("Samples: shared papers are one, today is the newest day")
    func samplesIdentity() throws {
        let library = DigestLoader.load(inputs: Fixtures.sampleInputs())
        #expect(library.days.count == 4)
        #expect(library.today == DayDate(year: 2026, month: 4, day: 21))
        let repeated = library.papers.filter { $0.timesSeen > 1 }
        #expect(!repeated.isEmpty)
        let principles = try #require(library.papers.first { $0.title == "The Principles of Deep Learning Theory" })
        #expect(principles.timesSeen >= 2)
        #expect(principles.authorCount == 3)
        // A paper renamed between arXiv versions keeps its abstract's opening and stays one paper.
        let renamed = library.papers.filter { $0.abstract.hasPrefix("While many unsupervised learning models focus on one family") }
        #expect(renamed.count == 1)
    }
}
