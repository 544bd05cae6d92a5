import Testing
import FolioCore
@testable import FolioUI

@Suite("Find in the view: / n N")
struct FindTests {
    let size = Size(width: 80, height: 24)

    func type(_ state: inout AppState, _ text: String) {
        for character in text { _ = state.handle(.key(Key(.character(character)))) }
    }

    @Test("Typing jumps to the first paper matching every word, accents and case ignored")
    func incremental() throws {
        var state = UIFixtures.state(size)
        UIFixtures.press(&state, "/")
        #expect(state.find.isEditing)
        type(&state, "sparse attention")
        let paper = try #require(state.selectedPaper)
        #expect(paper.title.lowercased().contains("sparse") || paper.abstract.lowercased().contains("sparse"))
        #expect(state.matches(paper.id, ["sparse", "attention"]))
        let firstMatch = state.visible.firstIndex { state.matches($0, ["sparse", "attention"]) }
        #expect(state.selection == firstMatch)
        UIFixtures.press(&state, "esc", "/")
        type(&state, "representation learn")
        let matching = state.visible.indices.filter { state.matches(state.visible[$0], ["representation", "learn"]) }
        #expect(matching.count >= 2)
        #expect(state.selection == matching[0])
        UIFixtures.press(&state, "enter")
        #expect(!state.find.isEditing)
        UIFixtures.press(&state, "n")
        #expect(state.selection == matching[1])
        UIFixtures.press(&state, "N")
        #expect(state.selection == matching[0])
        UIFixtures.press(&state, "N")
        #expect(state.selection == matching.last, "N wraps around to the last match")
    }

    @Test("Esc puts the selection back where it was")
    func escapeRestores() {
        var state = UIFixtures.state(size)
        UIFixtures.press(&state, "5", "j", "/")
        type(&state, "diffusion")
        #expect(state.selection != 5)
        UIFixtures.press(&state, "esc")
        #expect(state.selection == 5)
        #expect(!state.find.isEditing && state.find.query.isEmpty)
    }

    @Test("Accents: frechet finds Fréchet")
    func accents() {
        let library = UIFixtures.sampleLibrary
        var state = AppState(library: library, size: size)
        UIFixtures.press(&state, "a", "/")
        type(&state, "frechet")
        #expect(state.selectedPaper?.title.contains("Fréchet") == true)
    }

    @Test("Queries that match nothing, or are odd, never crash")
    func oddQueries() {
        var state = UIFixtures.state(size)
        UIFixtures.press(&state, "/")
        type(&state, "\"unbalanced -  zzzzqqq \u{202E}rtl ")
        #expect(state.message == "no paper matches")
        UIFixtures.press(&state, "ctrl-u")
        type(&state, String(repeating: "x", count: 10_000))
        let selected = state.selection
        UIFixtures.press(&state, "enter", "n", "N")
        #expect(state.selection == selected)
        #expect(state.message?.hasPrefix("no paper matches") == true)
    }

    @Test("Matches are highlighted in the list and the abstract", arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func golden(size: Size) {
        var state = UIFixtures.state(size)
        UIFixtures.press(&state, "/")
        type(&state, "in-context learn")
        UIFixtures.press(&state, "enter")
        let screen = render(state, size: size)
        #expect(screen.styleLines.joined().contains("h"))
        expectScreen(screen, named: "find-\(size.width)x\(size.height)")
    }
}
