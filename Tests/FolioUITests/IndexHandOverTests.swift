import FolioCore
import FolioScreen
import FolioTestSupport
import Testing

@testable import FolioUI

/// The background's index arrives in two events: the search index and facts the moment they are built, then the
/// topics. Searching must not wait for the second.
@Suite("The index handed over in two parts: search before topics")
struct IndexHandOverTests {
    let size = Size(width: 100, height: 30)

    func type(_ state: inout AppState, _ text: String) {
        for character in text { _ = state.handle(.key(Key(.character(character)))) }
    }

    /// The papers whose title or abstract holds every word, found without the index.
    func papersHolding(_ words: [String], in library: Library) -> Set<PaperID> {
        Set(
            library.papers.indices.filter { id in
                let text = (library.papers[id].title + " " + library.papers[id].abstract).lowercased()
                return words.allSatisfy { text.contains($0) }
            })
    }

    @Test("A search typed while indexing shows its results once the search index arrives, topics still to come")
    func searchBeforeTopics() {
        var state = UIFixtures.state(size)
        UIFixtures.press(&state, "/")
        type(&state, "sparse autoencoders")
        #expect(render(state, size: size).lines.contains { $0.contains("indexing…") })
        #expect(state.message == "indexing \(state.library.papers.count) papers…")
        let shownWhileIndexing = state.visible

        let library = state.library
        _ = state.handle(.searchReady(SearchIndex(library: library), facts: PaperFacts(library: library)))
        #expect(state.topicIndex == nil, "no topics yet")
        let results = state.visible
        #expect(!results.isEmpty && results != shownWhileIndexing)
        #expect(Set(results).isSubset(of: papersHolding(["sparse", "autoencoders"], in: library)))
        let screen = render(state, size: size).lines
        #expect(!screen.contains { $0.contains("indexing…") })
        #expect(!screen.contains { $0.contains("indexing \(library.papers.count) papers") }, "the status moved on")
        #expect(screen.contains { $0.contains("finding topics…") }, "the topic bar still waits")

        // The topics follow; the results stay.
        let indexes = LibraryIndexes.build(library: library, definitions: TopicCatalog.builtIn, discover: false)
        _ = state.handle(.indexReady(indexes))
        #expect(state.topicIndex != nil)
        #expect(state.visible == results)
    }

    @Test("build calls back with the search index before it finds topics, and hands over that same index")
    func buildCallsBackFirst() {
        let library = UIFixtures.sampleLibrary
        var early: SearchIndex?
        let indexes = LibraryIndexes.build(library: library, definitions: TopicCatalog.builtIn, discover: true) {
            index, _ in early = index
        }
        #expect(early?.paperCount == library.papers.count)
        #expect(early?.termCount == indexes.search.termCount)
    }
}
