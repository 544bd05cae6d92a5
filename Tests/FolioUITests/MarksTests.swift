import FolioCore
import FolioScreen
import Foundation
import Testing

@testable import FolioUI

@Suite("Read and starred marks in the UI")
struct MarksTests {
    let size = Size(width: 80, height: 24)

    func state() -> AppState {
        let fixed = Date(timeIntervalSince1970: 1_800_000_000)
        return AppState(library: UIFixtures.sampleLibrary, size: size, clock: { fixed })
    }

    @Test("r and s toggle; the status line counts unread and starred")
    func toggles() throws {
        var state = state()
        #expect(state.viewUnread == UIFixtures.todayCount && state.viewStarred == 0)
        UIFixtures.press(&state, "r", "j", "s")
        let first = state.visible[0], second = state.visible[1]
        #expect(state.isRead(first) && !state.isRead(second))
        #expect(state.isStarred(second))
        #expect(state.viewUnread == UIFixtures.todayCount - 1 && state.viewStarred == 1)
        let paper = state.library.papers[first]
        #expect(state.reading.isRead(paper.markKeys))
        #expect(state.reading.marks(for: paper.markKeys)?.readChanged == Date(timeIntervalSince1970: 1_800_000_000))
        let status = render(state, size: size).lines.last!
        #expect(status.contains("\(UIFixtures.todayCount - 1) unread · 1★"))
    }

    @Test("Undo and redo, a bulk change as one step")
    func undoRedo() {
        var state = state()
        UIFixtures.press(&state, "r")
        UIFixtures.press(&state, "A")
        #expect(
            state.confirmation == .markAllRead(count: UIFixtures.todayCount - 1),
            "the paper already read is not counted")
        UIFixtures.press(&state, "y")
        #expect(state.viewUnread == 0)
        #expect(state.message == "marked \(UIFixtures.todayCount - 1) papers read (u undoes)")
        UIFixtures.press(&state, "u")
        #expect(
            state.viewUnread == UIFixtures.todayCount - 1,
            "the bulk step undone at once, the single mark before it kept")
        #expect(state.message == "undid marking \(UIFixtures.todayCount - 1) papers read")
        UIFixtures.press(&state, "u")
        #expect(state.viewUnread == UIFixtures.todayCount)
        #expect(state.message == "undid marking a paper read")
        UIFixtures.press(&state, "ctrl-r")
        #expect(state.viewUnread == UIFixtures.todayCount - 1)
        #expect(state.message == "redid marking a paper read")
        UIFixtures.press(&state, "ctrl-r")
        #expect(state.viewUnread == 0)
        UIFixtures.press(&state, "ctrl-r")
        #expect(state.message == "nothing to redo")
    }

    @Test("Mark all read asks first; anything but y cancels")
    func confirmation() {
        var state = state()
        UIFixtures.press(&state, "A")
        #expect(
            render(state, size: size).lines.last!.contains(
                "Mark the \(UIFixtures.todayCount) unread papers in this view read? (y/n)"))
        UIFixtures.press(&state, "n")
        #expect(state.confirmation == nil && state.viewUnread == UIFixtures.todayCount)
        #expect(state.message == "cancelled")
    }

    @Test("Opening a paper marks it read, unless the setting is off")
    func markReadOnOpen() {
        var state = state()
        UIFixtures.press(&state, "j", "enter")
        #expect(state.isRead(state.visible[1]))
        var settings = Settings()
        settings.markReadOnOpen = false
        var other = AppState(library: UIFixtures.sampleLibrary, settings: settings, size: size)
        UIFixtures.press(&other, "enter")
        #expect(!other.isRead(other.visible[0]))
    }

    @Test("A paper marked read stays in the view until it is refreshed")
    func staysVisible() {
        var state = state()
        let before = state.visible
        UIFixtures.press(&state, "r", "j", "r")
        #expect(state.visible == before)
    }

    @Test("Marks saved under a paper's title key are found once it is known by arXiv id; the place is restored")
    func restoreFromReadingState() throws {
        var reading = ReadingState()
        let library = UIFixtures.sampleLibrary
        let paper = library.papers[library.days[0].papers[3]]
        reading.setStarred(true, key: paper.titleKey, title: paper.title, at: Date())
        reading.setPlace(
            LastPlace(day: library.days[0].date.iso, allDays: false, paperKey: paper.key, sort: "title"), at: Date())
        let state = AppState(library: library, size: size, reading: reading)
        #expect(state.isStarred(paper.id))
        #expect(state.currentDay?.date == library.days[0].date)
        #expect(state.sort == .title)
        #expect(state.selectedPaperID == paper.id)
        #expect(state.place.paperKey == paper.key)
    }

    @Test("A digest newer than the newest at the last save opens on it, sort kept; none newer: the day left")
    func newMorningOpensOnNewDay() throws {
        let library = UIFixtures.sampleLibrary
        try #require(library.days.count >= 3)
        let left = library.days[0]
        let paper = library.papers[left.papers[2]]
        // Saved when the day before the newest was the newest.
        var reading = ReadingState()
        reading.setPlace(
            LastPlace(
                day: left.date.iso, paperKey: paper.key, sort: "title",
                latestDay: library.days[library.days.count - 2].date.iso), at: Date())
        let state = AppState(library: library, size: size, reading: reading)
        #expect(state.currentDay?.date == library.days.last?.date)
        #expect(state.sort == .title)
        #expect(state.message?.hasPrefix("new since last time: \(library.days.last!.date.long)") == true)
        // Saved with today's digest already there: back to the day and paper left.
        reading.setPlace(
            LastPlace(
                day: left.date.iso, paperKey: paper.key, sort: "title",
                latestDay: library.days.last!.date.iso), at: Date())
        let again = AppState(library: library, size: size, reading: reading)
        #expect(again.currentDay?.date == left.date)
        #expect(again.selectedPaperID == paper.id)
        #expect(again.message == nil)
        #expect(again.place.latestDay == library.days.last!.date.iso)
    }

    @Test(
        "Starred and unread shown in the list", arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func golden(size: Size) {
        var state = UIFixtures.state(size)
        UIFixtures.press(&state, "r", "j", "s", "j", "r", "s", "j")
        expectScreen(render(state, size: size), named: "marks-\(size.width)x\(size.height)")
    }
}
