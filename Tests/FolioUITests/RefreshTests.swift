import FolioCore
import FolioScreen
import FolioTestSupport
import Foundation
import Testing

@testable import FolioUI

/// `R` as an effect and its outcome as events, and a new library taking the old one's place with the view kept:
/// no network and no disk, the fetch's reports made by hand.
@Suite("Refreshing: R, and a library replaced in place")
struct RefreshTests {
    let size = Size(width: 100, height: 30)

    /// The samples' newest day, and a clock on it (noon UTC).
    var newest: DayDate { UIFixtures.sampleLibrary.days.last!.date }
    var noon: Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: newest.year, month: newest.month, day: newest.day, hour: 12))!
    }

    func state(_ library: Library = UIFixtures.sampleLibrary, at now: Date? = nil) -> AppState {
        let now = now ?? noon
        return AppState(library: library, size: size, clock: { now })
    }

    /// The samples and one more digest of the newest day, in the site's JSON, listing `count` papers of its own.
    func libraryGaining(_ count: Int) -> Library {
        let items = (0..<count).map { index in
            """
            {"paper": {"id": "2699.\(String(format: "%05d", index))", "title": "A paper gained \(index)", "summary": "Gained.",
             "authors": [{"name": "A. Author"}], "upvotes": \(index), "publishedAt": "\(newest.iso)T00:00:00.000Z"},
             "title": "A paper gained \(index)", "publishedAt": "\(newest.iso)T00:00:00.000Z"}
            """
        }
        let fetched = DigestInput(
            source: "\(newest.iso).json", text: "[" + items.joined(separator: ",") + "]",
            modificationDate: Fixtures.fixedModification)
        return DigestLoader.load(inputs: Fixtures.sampleInputs() + [fetched])
    }

    /// The index and the built-in topics of the state's library arrive, as from the background build.
    func indexed(_ state: inout AppState) {
        let indexes = LibraryIndexes.build(library: state.library, definitions: TopicCatalog.builtIn, discover: false)
        _ = state.handle(.indexReady(indexes))
    }

    @Test("R asks for today (UTC) and the days since the newest digest, at most fetch-days; once at a time")
    func refreshEffect() {
        let later = noon.addingTimeInterval(3 * 86_400)
        var state = state(at: later)
        let effects = state.handle(.key(.char("R")))
        #expect(effects == [.fetch(FetchPlan.days(from: newest.adding(days: 1), through: newest.adding(days: 3)))])
        #expect(state.refresh.fetching)
        #expect(state.handle(.key(.char("R"))).isEmpty)
        #expect(state.message == "a fetch is under way")
        _ = state.handle(
            .fetchProgress(
                DigestFetcher.Progress(daysDone: 1, dayCount: 3, papers: 40, current: newest.adding(days: 2))))
        #expect(state.message == "fetching \(newest.adding(days: 2).short): 1/3 days · 40 papers…")
        _ = state.handle(
            .fetchFinished(DigestFetcher.Report(days: [(newest.adding(days: 3), .failed("HTTP 500, 4 tries"))])))
        #expect(!state.refresh.fetching)
        #expect(state.message == "1 day not fetched: L shows why")
        #expect(state.startupProblems.last?.description.contains("HTTP 500, 4 tries") == true)
        // Nothing written: nothing to reload, said at once.
        _ = state.handle(.key(.char("R")))
        _ = state.handle(.fetchFinished(DigestFetcher.Report(days: [(newest, .unchanged(papers: 3))])))
        #expect(state.message == "up to date: no new papers")
        _ = state.handle(.key(.char("R")))
        _ = state.handle(.fetchFinished(DigestFetcher.Report(unreachable: "cannot reach http://127.0.0.1:9 (refused)")))
        #expect(state.message?.hasPrefix("fetch failed: cannot reach") == true)
    }

    @Test("The action has its row in the table and R in the keymap")
    func boundAndListed() {
        #expect(Action.refresh.info.help.contains("Fetch"))
        #expect(Keymap.defaults.lookup(KeySequence(parsing: "R")!, in: [.global]) == .action(.refresh))
    }

    @Test("A new library in place: the selected paper, its row, marks, undo and topics follow; the news is said")
    func replaceInPlace() {
        var state = state()
        indexed(&state)
        let topic = state.topicIndex!.topics[state.topicOrder[0]].name
        _ = state.perform(.toggleTopic, argument: topic)
        #expect(state.activeTopicNames == [topic])
        let shown = state.visible.count
        #expect(shown > 2)
        UIFixtures.press(&state, "j", "j", "s")
        let key = state.selectedPaper!.key
        let row = state.selection - state.listScroll

        let gained = 3
        let bigger = libraryGaining(gained)
        #expect(bigger.papers.count == state.library.papers.count + gained)
        _ = state.handle(.libraryReloaded(bigger))
        #expect(state.message == "\(gained) new papers today")
        #expect(state.selectedPaper?.key == key)
        #expect(state.selection - state.listScroll == row || state.listScroll == 0)
        #expect(state.isStarred(state.selectedPaperID!))
        #expect(state.currentDay?.date == newest)
        #expect(state.searchIndex == nil, "the new index is built in the background")
        indexed(&state)
        #expect(state.activeTopicNames == [topic])
        #expect(state.selectedPaper?.key == key)
        #expect(state.visible.count == shown, "the topic narrows the list as before (the papers gained are not in it)")
        // Undo follows the paper too.
        _ = state.handle(.key(.char("u")))
        #expect(!state.isStarred(state.library.paper(forKey: key)!))
    }

    @Test("Kept search results: the selected result is selected again once the new index has run the search")
    func keptSearch() {
        var state = state()
        indexed(&state)
        UIFixtures.press(&state, "/", "m", "o", "d", "e", "l", "enter")
        guard case .search = state.scope, state.visible.count > 3 else {
            Issue.record("no kept results: \(state.scope), \(state.visible.count)")
            return
        }
        UIFixtures.press(&state, "j", "j")
        let key = state.selectedPaper!.key
        let bigger = libraryGaining(2)
        _ = state.handle(.libraryReloaded(bigger))
        indexed(&state)
        #expect(state.selectedPaper?.key == key)
        #expect(state.selection == 2)
    }

    @Test("A library replaced while the topic picker is open closes it")
    func modalsAfterReplace() {
        var state = state()
        indexed(&state)
        UIFixtures.press(&state, "t")
        guard case .topicPicker = state.modal else {
            Issue.record("t opens the picker")
            return
        }
        _ = state.handle(.libraryReloaded(libraryGaining(1)))
        #expect(state.modal == nil)
        #expect(state.message == "1 new paper today")
    }
}
