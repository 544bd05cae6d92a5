import FolioCore
import FolioScreen
import FolioTestSupport
import FolioUI
import Foundation
import Testing

/// Related papers in the real binary on the corpus: the detail pane lists them once the background build is
/// done, and `m` makes them the view. What should be listed is computed here from the same digests.
@Suite("End to end: related papers", .serialized)
struct RelatedEndToEndTests {
    @Test("m on a paper lists its related papers, most similar first; Esc goes back to the day")
    func mListsRelated() throws {
        let library = DigestLoader.load(paths: [Fixtures.corpus.path])
        let related = RelatedPapers(index: SearchIndex(library: library), library: library)
        let size = Size(width: 120, height: 40)
        // The reader opens as a state made here does: on the newest day, the first paper selected.
        let opening = AppState(library: library, size: size)
        let row = try #require(
            opening.visible.firstIndex { !related.related(to: $0).isEmpty }, "no paper of the day has a related one")
        let paper = opening.visible[row]
        let expected = related.related(to: paper, limit: AppState.relatedLimit).map(\.paper)
        func shown(_ id: PaperID) -> String { String(DisplayText.sanitize(library.papers[id].title).prefix(40)) }

        let session = try TmuxSession(
            "\(FolioBinary.url.path) \(Fixtures.corpus.path)", width: size.width, height: size.height)
        _ = try session.waitForText("(latest)")
        for _ in 0..<row {
            try session.send("j")
            Thread.sleep(forTimeInterval: 0.05)
        }
        _ = try session.waitForText(" \(row + 1)/\(opening.visible.count) ")
        // The end of the detail pane: its related papers, once found in the background.
        try session.send("Enter")
        Thread.sleep(forTimeInterval: 0.1)
        try session.send("G")
        var screen = try session.waitForText("Related papers (m lists them)")
        #expect(screen.contains { $0.contains(shown(expected[0])) }, "the pane lists the most related first")

        try session.send("m")
        screen = try session.waitForText(" 1/\(expected.count) · like: ")
        // The list's rows, in the order found (a title is cut to the list's width).
        let rows = expected.prefix(5).map { id in screen.firstIndex { $0.contains(shown(id).prefix(20)) } }
        #expect(rows.allSatisfy { $0 != nil }, "not every related paper is listed:\n\(screen.joined(separator: "\n"))")
        let found = rows.compactMap { $0 }
        #expect(found == found.sorted(), "listed out of order")
        try session.send("Escape")
        _ = try session.waitForText("(latest)")
        try session.quit()
    }
}
