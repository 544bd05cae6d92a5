import FolioCore
import FolioScreen
import Testing

@testable import FolioUI

@Suite("Reducer")
struct ReducerTests {
    let size = Size(width: 80, height: 24)

    @Test("Opens on today, the newest day")
    func opensOnToday() {
        let state = UIFixtures.state(size)
        #expect(state.currentDay?.date == UIFixtures.sampleLibrary.today)
        #expect(state.visible.count == UIFixtures.todayCount)
        #expect(state.selection == 0)
    }

    @Test("Moving, paging and jumping stay within the list")
    func movement() {
        var state = UIFixtures.state(size)
        _ = state.perform(.moveUp)
        #expect(state.selection == 0)
        _ = state.perform(.moveDown, count: 5)
        #expect(state.selection == 5)
        _ = state.perform(.bottom)
        #expect(state.selection == UIFixtures.todayCount - 1)
        #expect(state.listScroll == UIFixtures.todayCount - 1 - state.layout.list.height + 1)
        _ = state.perform(.pageDown)
        #expect(state.selection == UIFixtures.todayCount - 1)
        _ = state.perform(.top)
        #expect(state.selection == 0 && state.listScroll == 0)
        _ = state.perform(.bottom, count: 7)
        #expect(state.selection == 6)
        _ = state.perform(.halfPageDown)
        #expect(state.selection == 6 + state.layout.list.height / 2)
    }

    @Test("The detail pane scrolls within its text, and back to the list")
    func detailScrolling() {
        var state = UIFixtures.state(size)
        _ = state.perform(.focusDetail)
        #expect(state.focus == .detail)
        _ = state.perform(.moveDown, count: 1000)
        #expect(state.detailScroll == state.maxDetailScroll)
        #expect(state.maxDetailScroll > 0)
        _ = state.perform(.top)
        #expect(state.detailScroll == 0)
        #expect(state.selection == 0)
        _ = state.perform(.focusList)
        #expect(state.focus == .list)
    }

    @Test("Days step with [ and ], all days lists each paper once")
    func days() {
        var state = UIFixtures.state(size)
        let library = UIFixtures.sampleLibrary
        _ = state.perform(.prevDay)
        #expect(state.currentDay?.date == library.days[library.days.count - 2].date)
        _ = state.perform(.nextDay, count: 5)
        #expect(state.currentDay?.date == library.today)
        _ = state.perform(.toggleAllDays)
        #expect(state.scope == .allDays)
        #expect(state.visible.count == UIFixtures.allDaysCount)
        #expect(Set(state.visible).count == UIFixtures.allDaysCount)
    }

    @Test("Sorting keeps the selected paper selected")
    func sortKeepsSelection() {
        var state = UIFixtures.state(size)
        _ = state.perform(.moveDown, count: 7)
        let paper = state.selectedPaperID
        _ = state.perform(.cycleSort)
        #expect(state.sort == .upvotes)
        #expect(state.selectedPaperID == paper)
        let votes = state.visible.map { state.library.papers[$0].upvotes(on: state.currentDay!.date) ?? -1 }
        #expect(votes == votes.sorted(by: >))
        _ = state.perform(.cycleSort)
        let titles = state.visible.map { state.library.papers[$0].normalizedTitle }
        #expect(titles == titles.sorted())
    }

    @Test("q saves then quits, Ctrl-L redraws, an unbound key says so")
    func effects() {
        var state = UIFixtures.state(size)
        #expect(state.handle(.key(.ctrl("l"))) == [.redraw])
        let effects = state.handle(.key(.char("q")))
        guard case .saveMarksNow(let snapshot) = effects.first, effects.count == 1 else {
            Issue.record("q asks for a save first: \(effects)")
            return
        }
        #expect(
            state.handle(.marksSaved(version: snapshot.version, merged: snapshot.reading, changedKeys: [])) == [.quit])
        #expect(state.handle(.key(.char("Z"))) == [])
        #expect(state.message?.contains("not bound") == true)
    }

    @Test("Resizing keeps the selection on screen")
    func resize() {
        var state = UIFixtures.state(size)
        _ = state.perform(.bottom)
        _ = state.handle(.resize(Size(width: 30, height: 6)))
        #expect(state.selection >= state.listScroll && state.selection < state.listScroll + state.layout.list.height)
        _ = state.handle(.resize(Size(width: 1, height: 1)))
        _ = state.handle(.resize(Size(width: 0, height: 0)))
        _ = state.perform(.pageDown)
        #expect(state.selection == UIFixtures.todayCount - 1)
    }

    @Test("A click selects a row, a double click opens it, the wheel scrolls")
    func mouse() {
        var state = UIFixtures.state(size)
        let top = state.layout.list.row
        _ = state.handle(.mouse(MouseEvent(.click, row: top + 3, column: 5)))
        #expect(state.selection == 3)
        _ = state.handle(.mouse(MouseEvent(.doubleClick, row: top + 4, column: 5)))
        #expect(state.selection == 4 && state.focus == .detail)
        let detailRow = state.layout.detail.row + 1
        _ = state.handle(.mouse(MouseEvent(.wheelDown, row: detailRow, column: 5)))
        #expect(state.detailScroll == min(3, state.maxDetailScroll))
    }
}
