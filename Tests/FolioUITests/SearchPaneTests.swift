import FolioCore
import FolioScreen
import FolioTestSupport
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

    @Test("More matches than a keystroke ranks: the best in order at once, the whole ranking once paged to")
    func rankingPastTheFirstScreens() throws {
        // Five days of 600 papers, every one with "model" a different number of times: many matches, many scores.
        let digests = (1...5).map { day in
            Digest(
                source: "2025-04-0\(day).txt", shape: .page, date: DayDate(year: 2025, month: 4, day: day),
                entries: (0..<600).map { number in
                    DigestEntry(
                        title: "Sparse study \(day)-\(number)",
                        abstract: String(repeating: "model ", count: 1 + (number * 7 + day) % 13) + "words.",
                        upvotes: number % 9, arxivID: "2504.\(10_000 + day * 1_000 + number)", line: number + 1)
                }, problems: [])
        }
        let library = Library(digests: digests)
        let index = SearchIndex(library: library)
        var state = UIFixtures.state(library, size)
        state.searchIndexReady(index)
        UIFixtures.press(&state, "/")
        type(&state, "model")
        // What the pane means: every match, ranked as `search` ranks them (the reference ranks them all at once).
        let expected = state.layer.search(
            SearchQuery(parsing: "model", lastWordIsPrefix: true), in: index, limit: library.papers.count,
            prefixBudget: SearchIndex.prefixPostingBudget)
        let head = AppState.rankedAhead(listHeight: state.layout.list.height)
        try #require(expected.count > head + size.height)
        #expect(state.visible.count == expected.count && Set(state.visible) == Set(expected))
        #expect(Array(state.visible.prefix(head)) == Array(expected.prefix(head)))
        #expect(state.search?.resultCount == expected.count)
        // Paging down through the first screens keeps the first ranking; near its end the rest is put in order.
        var pages = 0
        while state.listScroll + state.layout.list.height < head, pages < 10_000 {
            UIFixtures.press(&state, "pgdn")
            pages += 1
            let shown = state.listScroll..<min(state.visible.count, state.listScroll + state.layout.list.height)
            #expect(Array(state.visible[shown]) == Array(expected[shown]))
        }
        #expect(state.visible == expected)
        UIFixtures.press(&state, "enter")
        #expect(state.visible == expected)
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
        type(&state, "neural collapse ")
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
        let kept = Set(state.visible)
        // Opening the pane on kept results starts from their query, its last word still whole (a space after
        // it), so the pane lists what was kept, not `collapse*`; so does the history.
        UIFixtures.press(&state, "/")
        #expect(state.search?.query == "neural collapse ")
        #expect(Set(state.visible) == kept)
        UIFixtures.press(&state, "ctrl-u", "up")
        #expect(state.search?.query == "neural collapse ")
        #expect(Set(state.visible) == kept)
        UIFixtures.press(&state, "down")
        #expect(state.search?.query == "")
    }

    @Test("A whole word kept comes back whole, a prefix kept as its prefix: the pane matches what was kept")
    func recallMeansWhatWasKept() {
        var state = state()
        for typed in ["sparse ", "sparse"] {
            UIFixtures.press(&state, "/")
            UIFixtures.press(&state, "ctrl-u")
            type(&state, typed)
            let shown = Set(state.visible)
            UIFixtures.press(&state, "enter")
            UIFixtures.press(&state, "/")
            #expect(Set(state.visible) == shown, "reopened on \(typed.debugDescription)")
            UIFixtures.press(&state, "ctrl-u", "up")
            #expect(Set(state.visible) == shown, "recalled \(typed.debugDescription)")
            UIFixtures.press(&state, "esc")
        }
        #expect(state.searchHistory == ["sparse", "sparse*"])
        // The two differ on the samples, or this test would not tell them apart.
        let index = SearchIndex(library: state.library)
        #expect(
            index.count(SearchQuery(parsing: "sparse", lastWordIsPrefix: false))
                != index.count(SearchQuery(parsing: "sparse*", lastWordIsPrefix: false)))
    }

    @Test("Enter keeps the results on the screen, a half-typed last word kept as the prefix it matched: auto*")
    func enterKeepsWhatWasShown() {
        var state = state()
        UIFixtures.press(&state, "/")
        type(&state, "sparse auto")
        let shown = state.visible
        #expect(shown.count >= 3)
        UIFixtures.press(&state, "enter")
        #expect(state.scope == .search("sparse auto*"))
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
        type(&state, "neural collapse ")
        UIFixtures.press(&state, "enter")
        UIFixtures.press(&state, "/")
        type(&state, " theory ")
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

    @Test("Ctrl-K kills to the end of the search line; Ctrl-J (Enter in a terminal) is no move-down")
    func ctrlKKillsToTheEnd() {
        var state = state()
        UIFixtures.press(&state, "/")
        type(&state, "sparse autoencoders")
        for _ in 0..<13 { UIFixtures.press(&state, "left") }
        UIFixtures.press(&state, "ctrl-k")
        #expect(state.search?.query == "sparse")
        #expect(state.keymap.lookup(KeySequence([Key(name: "ctrl-j")!]), in: [.search]) == .unbound)
        #expect(state.keymap.lookup(KeySequence([Key(name: "ctrl-k")!]), in: [.search]) == .unbound)
    }

    @Test("Every result the pane counts is listed: no silent cap")
    func noSilentCap() {
        let entries = (0..<700).map { n in
            #"{"paper": {"id": "2601.\#(String(format: "%05d", n))", "title": "Model \#(n)", "summary": "A model."}, "#
                + #""publishedAt": "2026-01-02T00:00:00.000Z"}"#
        }
        let library = DigestLoader.load(inputs: [
            DigestInput(source: "2026-01-02.json", text: "[" + entries.joined(separator: ",") + "]")
        ])
        #expect(library.papers.count == 700)
        var state = AppState(library: library, size: size)
        state.searchIndexReady(SearchIndex(library: library))
        UIFixtures.press(&state, "/")
        type(&state, "model")
        #expect(state.search?.resultCount == 700 && state.visible.count == 700)
        #expect(render(state, size: size).lines.joined(separator: "\n").contains("700 results"))
        UIFixtures.press(&state, "enter")
        #expect(state.visible.count == 700)
    }

    static let corpus = DigestLoader.load(paths: [Fixtures.corpus.path])

    @Test("Kept results are ranked whatever the view's sort; the status line says ranked; S re-sorts them")
    func keptResultsStayRanked() {
        var state = AppState(library: Self.corpus, size: Size(width: 160, height: 30))
        let index = SearchIndex(library: Self.corpus)
        state.searchIndexReady(index)
        UIFixtures.press(&state, "S")
        #expect(state.sort == .upvotes)
        UIFixtures.press(&state, "/")
        type(&state, "agent ")
        let ranked = index.search(SearchQuery(parsing: "agent", lastWordIsPrefix: false), limit: 10_000).map(\.paper)
        #expect(state.visible == ranked)
        UIFixtures.press(&state, "enter")
        #expect(state.visible == ranked, "Enter keeps the ranking")
        #expect(render(state, size: state.size).lines.joined(separator: "\n").contains("· ranked ·"))
        UIFixtures.press(&state, "S")
        #expect(state.visible != ranked && state.sort == .upvotes)
        #expect(render(state, size: state.size).lines.joined(separator: "\n").contains("· upvotes ·"))
        UIFixtures.press(&state, "S", "S", "S")
        #expect(state.visible == ranked)
        UIFixtures.press(&state, "esc")
        #expect(state.sort == .upvotes, "the view's own sort comes back")
    }
}
