import FolioCore
import FolioScreen
import FolioTestSupport
import Testing

@testable import FolioUI

/// A paper with no arXiv id gets a search of the site by its title, whose address is as long as the title.
@Suite("The site-search link in the detail pane")
struct SearchLinkTests {
    @Test(
        "A search wider than the pane is shown as a whole, shorter search, never broken mid-address",
        arguments: [45, 65, 80])
    func shortened(width: Int) throws {
        let title = "Set-Based Prompting: Provably Solving the Language Model Order Dependency Problem Again"
        let library = DigestLoader.load(inputs: [
            DigestInput(
                source: "2026-03-03.txt", text: "Daily Papers\nMar 3\n\(title)\nAn abstract.\n·\nMar 1, 2025 4\n")
        ])
        let paper = try #require(library.papers.first)
        let search = try #require(paper.links.first { $0.isSearch })
        #expect(search.url.count > width, "the case needs an address wider than the pane")
        let state = UIFixtures.state(library, Size(width: width + 2, height: 40))
        let lines = DetailContent.lines(for: paper, state: state, width: width).map(\.text)
        let shown = try #require(lines.first { $0.hasPrefix(PaperLink.siteBase + "/papers?q=") }, "\(lines)")
        #expect(shown.count <= width)
        // Its own search, of the title's first words: the whole address up to one of its `+`.
        #expect(search.url.hasPrefix(shown + "+"), "\(shown)")
        let next = try #require(lines.firstIndex(of: shown)).advanced(by: 1)
        #expect(next == lines.count || !search.url.contains(lines[next]) || lines[next].isEmpty, "\(lines)")
        #expect(lines.contains { $0.contains("shortened to fit") })
    }
}
