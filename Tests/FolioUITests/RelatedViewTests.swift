import FolioCore
import FolioScreen
import FolioTestSupport
import Foundation
import Testing

@testable import FolioUI

/// Related papers in the reader: asked for at the edge one paper at a time, cached by paper, shown in the detail
/// pane, and made the view by `m`. The edge's part is played by hand: each request's `answer()` is handed back.
@Suite("Related papers in the reader")
struct RelatedViewTests {
    let size = Size(width: 120, height: 40)

    /// The samples' indexes and the related papers' vectors, as the reader's background build makes them.
    static let indexes = LibraryIndexes.build(library: UIFixtures.sampleLibrary, definitions: [], discover: false)
    static let vectors = RelatedPapers(index: indexes.search, library: UIFixtures.sampleLibrary)

    /// The background build's two events, the index then the vectors; the questions they lead to.
    func indexed(
        _ state: inout AppState, _ built: (indexes: LibraryIndexes, vectors: RelatedPapers) = (indexes, vectors)
    ) -> [RelatedRequest] {
        requests(state.handle(.indexReady(built.indexes)) + state.handle(.relatedPapersReady(built.vectors)))
    }

    /// The indexes and vectors of another library, built as the reader builds them.
    func built(_ library: Library) -> (indexes: LibraryIndexes, vectors: RelatedPapers) {
        let indexes = LibraryIndexes.build(library: library, definitions: [], discover: false)
        return (indexes, RelatedPapers(index: indexes.search, library: library))
    }

    func requests(_ effects: [Effect]) -> [RelatedRequest] {
        effects.compactMap { if case .findRelated(let request) = $0 { request } else { nil } }
    }

    /// Every line of the selected paper's detail pane, as laid out for drawing (the pane shows its top).
    func detailText(_ state: AppState) -> String {
        guard let paper = state.selectedPaper else { return "" }
        return state.detailLines(for: paper).map(\.text).joined(separator: "\n")
    }

    /// A state on the samples' newest day with the index delivered and the first question answered.
    func answeredState() throws -> AppState {
        var state = AppState(library: UIFixtures.sampleLibrary, size: size)
        let asked = try #require(indexed(&state).first)
        _ = state.handle(.relatedReady(asked.answer()))
        return state
    }

    enum Failure: Error { case notOnADay }

    /// Presses the keys as the run loop would, the edge answering every question at once.
    func press(_ state: inout AppState, _ names: String...) {
        for name in names {
            var pending = requests(state.handle(.key(Key(name: name)!)))
            while let request = pending.popLast() { pending += requests(state.handle(.relatedReady(request.answer()))) }
        }
    }

    /// Selects the row of the view, from the top.
    func select(_ state: inout AppState, row: Int) {
        press(&state, "g")
        for _ in 0..<row { press(&state, "j") }
    }

    /// The first paper of the newest day whose related papers are not empty, and its place in the view.
    func paperWithRelated(_ state: AppState) throws -> (paper: PaperID, row: Int) {
        let papers = Self.vectors
        let row = try #require(
            state.visible.firstIndex { !papers.related(to: $0).isEmpty }, "no sample paper has a related one")
        return (state.visible[row], row)
    }

    /// An answered state on the first paper of the newest day with related papers.
    func onPaperWithRelated() throws -> (state: AppState, paper: PaperID) {
        var state = try answeredState()
        let (paper, row) = try paperWithRelated(state)
        select(&state, row: row)
        return (state, paper)
    }

    @Test("Before the index the pane says it waits; then the selection is asked for at the edge, one at a time")
    func askedOneAtATime() throws {
        var state = AppState(library: UIFixtures.sampleLibrary, size: size)
        #expect(detailText(state).contains("Related papers: waiting for the index…"))
        #expect(requests(state.handle(.key(.char("j")))).isEmpty, "nothing to ask before the vectors arrive")
        _ = state.handle(.key(.char("k")))

        let first = try #require(state.selectedPaperID)
        #expect(requests(state.handle(.indexReady(Self.indexes))).isEmpty, "the vectors come after the index")
        #expect(detailText(state).contains("Related papers: waiting for the index…"))
        let asked = requests(state.handle(.relatedPapersReady(Self.vectors)))
        #expect(asked.map(\.paper) == [first])
        #expect(detailText(state).contains("Related papers: finding them…"))

        // Moving on while the edge works asks nothing more: one question is out.
        #expect(requests(state.handle(.key(.char("j")))).isEmpty)
        #expect(requests(state.handle(.key(.char("j")))).isEmpty)
        let settled = try #require(state.selectedPaperID)
        #expect(settled != first)

        // The answer for the row passed is kept, and the row the selection settled on is asked for next.
        let next = requests(state.handle(.relatedReady(asked[0].answer())))
        #expect(state.relatedPapers(of: first) == asked[0].answer().related)
        #expect(next.map(\.paper) == [settled])

        let answer = next[0].answer()
        #expect(requests(state.handle(.relatedReady(answer))).isEmpty)
        let text = detailText(state)
        if answer.related.isEmpty {
            #expect(text.contains("Related papers: none close enough"))
        } else {
            #expect(text.contains(DetailContent.relatedLabel))
            for paper in answer.related.prefix(AppState.relatedShown) {
                let title = DisplayText.sanitize(state.library.papers[paper].title)
                #expect(text.contains(String(title.prefix(30))), "\(title) is not listed")
            }
        }

        // Back on a paper already answered: nothing is asked again.
        #expect(requests(state.handle(.key(.char("g")))).isEmpty)
        #expect(state.selectedPaperID == first)
    }

    @Test("An answer from an older library's vectors is dropped, and the question is asked again of the new ones")
    func staleAnswerDropped() throws {
        var state = AppState(library: UIFixtures.sampleLibrary, size: size)
        let old = try #require(indexed(&state).first)
        // The digests were loaded again (the same files): new vectors, new ids.
        _ = state.handle(.libraryReloaded(UIFixtures.sampleLibrary))
        let fresh = try #require(indexed(&state, built(state.library)).first)
        #expect(fresh.generation > old.generation)
        #expect(requests(state.handle(.relatedReady(old.answer()))).isEmpty)
        #expect(state.relatedPapers(of: old.paper) == nil, "the old vectors' answer was kept")
        _ = state.handle(.relatedReady(fresh.answer()))
        #expect(state.relatedPapers(of: fresh.paper) == fresh.answer().related)
    }

    @Test("m makes the related papers the view, best first; Enter reads one; Esc goes back to the day")
    func mAndEscape() throws {
        let (start, paper) = try onPaperWithRelated()
        var state = start
        let day = state.scope
        #expect(state.selectedPaperID == paper)

        press(&state, "m")
        let expected = Self.vectors.related(to: paper, limit: AppState.relatedLimit).map(\.paper)
        #expect(state.scope == .related(paper))
        #expect(state.visible == expected)
        #expect(state.selection == 0)
        let status = render(state, size: size).lines.last!
        #expect(status.contains("like: ") && status.contains("ranked") && status.contains("Esc back"))
        // Saved as the view they came from: a paper's related papers are not kept across runs.
        guard case .day(let dayIndex) = day else { throw Failure.notOnADay }
        #expect(state.place.day == state.library.days[dayIndex].date.iso && state.place.search == nil)

        press(&state, "j", "enter")
        let chosen = expected[min(1, expected.count - 1)]
        #expect(state.focus == .detail && state.selectedPaperID == chosen)
        press(&state, "esc")
        #expect(state.focus == .list && state.scope == .related(paper))
        press(&state, "esc")
        #expect(state.scope == day)
        // On the paper chosen among them when the day lists it, else on the one they were found for.
        let dayPapers = PaperOrdering.papers(in: state.library, scope: day, sort: state.sort)
        #expect(state.selectedPaperID == (dayPapers.contains(chosen) ? chosen : paper))
    }

    @Test("m from a related view (or kept search) keeps the way back to where the first one began")
    func mFromRelated() throws {
        let (start, paper) = try onPaperWithRelated()
        var state = start
        let day = state.scope
        press(&state, "m", "j")
        let second = try #require(state.selectedPaperID)
        // The second paper's related papers, or (with none) the first's still.
        press(&state, "m")
        #expect(state.scope == .related(second) || state.scope == .related(paper))
        press(&state, "esc")
        #expect(state.scope == day, "Esc went to \(state.scope), not back to the day")
    }

    @Test("m before the index, or on a paper nothing is close to, says so and keeps the view")
    func mWithNothing() throws {
        var waiting = AppState(library: UIFixtures.sampleLibrary, size: size)
        UIFixtures.press(&waiting, "m")
        #expect(waiting.message?.hasPrefix("related papers wait for the index") == true)
        #expect(!waiting.scope.isKept)

        // Two papers sharing no telling word.
        let library = UIFixtures.wideLibrary
        var state = AppState(library: library, size: size)
        _ = indexed(&state, built(library))
        let scope = state.scope
        UIFixtures.press(&state, "m")
        #expect(state.message == "no paper is close enough to this one")
        #expect(state.scope == scope)
    }

    @Test("A related view follows its paper into a reloaded library and is found again when the index comes")
    func followsReload() throws {
        let (start, paper) = try onPaperWithRelated()
        var state = start
        press(&state, "m")
        let shown = state.visible.map { state.library.papers[$0].key }
        _ = state.handle(.libraryReloaded(UIFixtures.sampleLibrary))
        let key = UIFixtures.sampleLibrary.papers[paper].key
        #expect(state.scope == .related(try #require(state.library.paper(forKey: key))))
        _ = state.handle(.indexReady(built(state.library).indexes))
        #expect(state.visible.isEmpty, "a related view waits for the vectors")
        _ = state.handle(.relatedPapersReady(built(state.library).vectors))
        #expect(state.visible.map { state.library.papers[$0].key } == shown)
    }

    @Test(
        "Golden: the detail pane's related papers, and the view m makes",
        arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func golden(size: Size) throws {
        var state = try answeredState()
        _ = state.handle(.resize(size))
        let (_, row) = try paperWithRelated(state)
        select(&state, row: row)
        press(&state, "l", "G")
        expectScreen(render(state, size: size), named: "related-detail-\(size.width)x\(size.height)")
        press(&state, "esc", "m")
        expectScreen(render(state, size: size), named: "related-view-\(size.width)x\(size.height)")
    }
}
