import FolioCore
import FolioScreen
import FolioTestSupport
import Testing

@testable import FolioUI

/// Rows use their width: nothing repeated, nothing reserved for what a paper lacks.
@Suite("Rows use their width")
struct RowWidthTests {
    let size = Size(width: 120, height: 40)

    /// The list's row showing `paper`, as drawn.
    func row(of paper: PaperID, in state: AppState) -> String? {
        guard let index = state.visible.firstIndex(of: paper) else { return nil }
        let screen = render(state, size: state.size)
        return screen.lines[state.layout.list.row + index - state.listScroll]
    }

    @Test("In a one-day view a row does not repeat the day's date; all days it does")
    func noDateOfTheDay() throws {
        let library = Fixtures.corpusLibrary()
        var state = AppState(library: library, size: size)
        // A day with a paper of its own date on screen.
        func onScreen() -> PaperID? {
            state.visible.prefix(state.layout.list.height).first {
                library.papers[$0].published == state.currentDay?.date
            }
        }
        while onScreen() == nil, case .day(let index) = state.scope, index > 0 { UIFixtures.press(&state, "[") }
        let day = try #require(state.currentDay)
        let paper = try #require(onScreen())
        let dayRow = try #require(row(of: paper, in: state))
        #expect(!dayRow.contains(day.date.long), "\(dayRow)")
        UIFixtures.press(&state, "a")
        let allRow = try #require(row(of: paper, in: state))
        #expect(allRow.contains(day.date.long), "\(allRow)")
    }

    @Test("No space is kept for upvotes no paper on screen has: the title takes it")
    func noEmptyUpvoteColumn() throws {
        let text = """
            Daily Papers

            Mar 3

            A title long enough to need every column of the list pane that there is to give, and then a good many more words after that
            An abstract.
            • 2 authors
            ·
            Feb 2, 2025
            """
        let library = Library(digests: [try #require(Fixtures.parse(text, name: "2026-03-03.txt").digest)])
        #expect(library.papers.count == 1 && library.papers[0].upvotes == nil)
        let state = AppState(library: library, size: Size(width: 80, height: 24))
        let line = try #require(row(of: 0, in: state))
        // The date ends one column before the edge; the title runs up to one space before it.
        #expect(line.hasSuffix("Feb 2, 2025 "), "\(line)")
        let titleEnd = line.range(of: "Feb 2, 2025")!.lowerBound
        #expect(line[..<titleEnd].hasSuffix("… ") || line[..<titleEnd].hasSuffix(" "), "\(line)")
        #expect(line.count - line[..<titleEnd].count <= 13)
    }

    @Test("Upvotes as the site writes them; no (+0)")
    func upvoteText() throws {
        #expect(UpvoteText.short(118) == "118")
        #expect(UpvoteText.short(2350) == "2.35k")
        #expect(UpvoteText.short(11_840) == "11.8k")
        #expect(UpvoteText.short(2000) == "2k")
        #expect(UpvoteText.short(118_400) == "118k")
        #expect(UpvoteText.short(1_200_000) == "1.2M")
        let library = Fixtures.corpusLibrary()
        let state = AppState(library: library, size: size)
        let unchanged = try #require(library.papers.first { $0.upvoteChange == 0 })
        #expect(!DetailContent.metadata(for: unchanged, state: state).joined().contains("(+0)"))
    }

    @Test("The topic picker's title is whole from 80 to 200 columns", arguments: [80, 100, 120, 160, 200])
    func pickerTitle(width: Int) {
        var state = UIFixtures.topicState(Size(width: width, height: 30))
        UIFixtures.press(&state, "t")
        let screen = render(state, size: state.size)
        #expect(screen.lines.contains { $0.contains(" Topics · 1-9, 0 or Enter toggle · Esc done ") })
    }
}
