import FolioScreen
import FolioTestSupport
import Testing

@testable import FolioCore
@testable import FolioUI

/// The place is the place: what the reader showed when it quit is what it shows at the next start, even the
/// parts (topics, search results) that exist only once the background index arrives.
@Suite("The place kept across a restart")
struct PlaceTests {
    static let library = UIFixtures.sampleLibrary
    static let index = SearchIndex(library: library)
    static let topics = TopicIndex(definitions: TopicCatalog.builtIn, index: index, discover: false)
    let size = Size(width: 120, height: 40)

    /// A new reader started on `place`, then given its index as the run loop does after the first frame.
    func restarted(on place: LastPlace) -> AppState {
        var state = AppState(library: Self.library, size: size, reading: ReadingState(place: place))
        state.backgroundIndexReady(Self.index, topics: Self.topics)
        return state
    }

    func ready() -> AppState {
        var state = AppState(library: Self.library, size: size)
        state.backgroundIndexReady(Self.index, topics: Self.topics)
        return state
    }

    @Test("Kept search results come back: their query, ranked, the paper, and Esc goes to the view before")
    func keptSearch() throws {
        var state = ready()
        UIFixtures.press(&state, "a", "S")
        UIFixtures.press(&state, "/")
        UIFixtures.type(&state, "language")
        UIFixtures.press(&state, "enter", "j", "j")
        let (scope, visible, paper) = (state.scope, state.visible, state.selectedPaperID)
        #expect(visible.count > 3)
        var again = restarted(on: state.place)
        #expect(again.scope == scope && again.visible == visible && again.selectedPaperID == paper)
        #expect(again.sort == .digest, "ranked")
        UIFixtures.press(&again, "esc")
        #expect(again.scope == .allDays && again.sort == .upvotes)
    }

    @Test("All days, topics and a filter come back, the topics by name once they are found")
    func topicsAndFilter() throws {
        var state = ready()
        UIFixtures.press(&state, "a")
        let topic = try #require(state.topicOrder.first)
        state.toggleTopic(topic)
        UIFixtures.press(&state, "f")
        UIFixtures.type(&state, "unread")
        UIFixtures.press(&state, "enter", "j")
        #expect(state.activeTopicNames.count == 1 && state.activeFilter?.text == "unread")
        let (visible, paper, names) = (state.visible, state.selectedPaperID, state.activeTopicNames)
        // Through the file, as a restart reads it.
        var reading = ReadingState()
        reading.setPlace(state.place, at: state.clock())
        let again = restarted(on: try StateFile.decode(StateFile.encode(reading)).place!)
        #expect(again.scope == .allDays)
        #expect(again.activeTopicNames == names && again.activeFilter?.text == "unread")
        #expect(again.visible == visible && again.selectedPaperID == paper)
    }

    @Test("A named filter comes back as itself")
    func namedFilter() throws {
        var state = AppState(library: Self.library, size: size, namedFilters: ["fresh": "unread"])
        state.backgroundIndexReady(Self.index, topics: Self.topics)
        state.applyNamedFilter("fresh")
        var again = AppState(
            library: Self.library, size: size, reading: ReadingState(place: state.place),
            namedFilters: ["fresh": "unread"])
        again.backgroundIndexReady(Self.index, topics: Self.topics)
        #expect(again.activeFilter?.name == "fresh" && again.filterLabel == "@fresh")
    }
}
