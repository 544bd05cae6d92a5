import FolioCore
import FolioScreen
import Testing

@testable import FolioUI

@Suite("The search pane")
struct SearchPaneTests {
    let size = Size(width: 80, height: 24)

    func state(_ size: Size = Size(width: 80, height: 24)) -> AppState {
        var state = UIFixtures.state(size)
        state.searchIndexReady(SearchIndex(library: state.library))
        return state
    }

    func type(_ state: inout AppState, _ text: String) {
        for character in text { _ = state.handle(.key(Key(.character(character)))) }
    }

    @Test("Results follow every keystroke, over every day; Esc puts the view back")
    func typingAndEscape() throws {
        var state = state()
        UIFixtures.press(&state, "3", "j")
        let before = (state.scope, state.selectedPaperID, state.visible)
        UIFixtures.press(&state, "/")
        #expect(state.search != nil && state.keyContexts == [.search])
        type(&state, "sparse autoenc")
        let results = state.visible
        #expect(!results.isEmpty)
        #expect(
            results.allSatisfy { id in
                let paper = state.library.papers[id]
                let text = (paper.title + " " + paper.abstract).lowercased()
                return text.contains("sparse") && text.contains("autoenc")
            })
        #expect(state.search?.resultCount == results.count || state.search!.resultCount >= results.count)
        // Some results come from days other than the one shown.
        #expect(results.contains { !UIFixtures.sampleLibrary.days.last!.papers.contains($0) })
        #expect(state.selection == 0)
        UIFixtures.press(&state, "esc")
        #expect(state.search == nil)
        #expect(state.scope == before.0 && state.selectedPaperID == before.1 && state.visible == before.2)
    }

    @Test("Before a word is typed the pane shows the view it was opened on, its paper selected, as fzf lists all")
    func emptyQueryShowsTheView() {
        var state = state()
        UIFixtures.press(&state, "[", "2", "j")
        let before = (state.visible, state.selectedPaperID)
        UIFixtures.press(&state, "/")
        #expect(state.visible == before.0 && state.selectedPaperID == before.1)
        #expect(state.search?.resultCount == before.0.count)
        type(&state, "neural")
        #expect(state.visible != before.0)
        UIFixtures.press(&state, "ctrl-u")
        #expect(state.visible == before.0 && state.selectedPaperID == before.1)
    }

    @Test("Enter keeps the results as the view; n and N step through them; history recalls the query")
    func enterKeeps() throws {
        var state = state()
        UIFixtures.press(&state, "/")
        type(&state, "neural collapse")
        UIFixtures.press(&state, "enter")
        #expect(state.search == nil)
        #expect(state.scope == .search("neural collapse"))
        #expect(state.visible.count >= 2)
        #expect(render(state, size: size).lines.last!.contains("search: neural collapse"))
        UIFixtures.press(&state, "n")
        #expect(state.selection == 1)
        UIFixtures.press(&state, "N")
        #expect(state.selection == 0)
        #expect(state.searchHistory == ["neural collapse"])
        UIFixtures.press(&state, "/")
        #expect(state.search?.query == "neural collapse", "opening the pane on kept results starts from their query")
        UIFixtures.press(&state, "ctrl-u", "up")
        #expect(state.search?.query == "neural collapse")
        UIFixtures.press(&state, "down")
        #expect(state.search?.query == "")
    }

    @Test("Enter keeps the results on the screen, a half-typed last word still a prefix")
    func enterKeepsWhatWasShown() {
        var state = state()
        UIFixtures.press(&state, "/")
        type(&state, "sparse auto")
        let shown = state.visible
        #expect(shown.count >= 3)
        UIFixtures.press(&state, "enter")
        #expect(state.scope == .search("sparse auto"))
        #expect(state.visible == shown)
        // The highlight marks the words that matched it, "autoencoders" among them.
        let titles = shown.map { state.library.papers[$0].title }
        #expect(titles.contains { !state.highlightRanges(in: $0).isEmpty && $0.lowercased().contains("autoencoder") })
    }

    @Test("Esc on kept results goes back to the day the search started from; from the abstract, first to the list")
    func escapeLeavesKeptSearch() {
        var state = state()
        UIFixtures.press(&state, "[", "3", "j")
        let day = state.scope
        let paper = state.selectedPaperID
        UIFixtures.press(&state, "/")
        type(&state, "neural collapse")
        UIFixtures.press(&state, "enter")
        UIFixtures.press(&state, "/")
        type(&state, " theory")
        UIFixtures.press(&state, "enter")
        #expect(state.scope == .search("neural collapse theory"))
        #expect(render(state, size: Size(width: 120, height: 40)).lines.last!.contains("Esc back · Enter read"))
        UIFixtures.press(&state, "enter")
        #expect(state.focus == .detail)
        UIFixtures.press(&state, "esc")
        #expect(state.focus == .list && state.scope == .search("neural collapse theory"))
        UIFixtures.press(&state, "esc")
        #expect(state.scope == day)
        #expect(state.selectedPaperID == paper)
        UIFixtures.press(&state, "esc")
        #expect(state.scope == day && state.message == nil, "Esc with nothing to leave does nothing")
    }

    @Test("n in the abstract goes to the next line with a match")
    func matchesInAbstract() {
        var state = state()
        UIFixtures.press(&state, "/")
        type(&state, "representation")
        UIFixtures.press(&state, "enter", "enter")
        #expect(state.focus == .detail)
        let lines = DetailContent.lines(for: state.selectedPaper!, state: state, width: state.layout.detail.width)
        let matching = lines.indices.filter { !state.highlightRanges(in: lines[$0].text).isEmpty }
        UIFixtures.press(&state, "n")
        #expect(matching.contains(state.detailScroll) || state.detailScroll == state.maxDetailScroll)
    }

    @Test("Odd queries give results or nothing, never a crash")
    func oddQueries() {
        var state = state()
        UIFixtures.press(&state, "/")
        for query in [
            "\"unbalanced", "-", "title:", "-word", String(repeating: "x", count: 2_000), "\u{202E}rtl\u{1B}[2J",
            "🚀 αβγ",
        ] {
            UIFixtures.press(&state, "ctrl-u")
            type(&state, query)
            _ = render(state, size: size)
        }
        UIFixtures.press(&state, "enter")
        _ = render(state, size: size)
    }

    @Test(
        "Golden: the pane with highlighted matches",
        arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 20, height: 5)])
    func golden(size: Size) {
        var state = state(size)
        UIFixtures.press(&state, "/")
        type(&state, "in-context learn")
        let screen = render(state, size: size)
        if size.width >= 80 { #expect(screen.styleLines.joined().contains("h")) }
        expectScreen(screen, named: "search-\(size.width)x\(size.height)")
    }
}
