import FolioCore
import FolioScreen
import Foundation
import Testing

@testable import FolioUI

/// Effects as values: when the reducer asks for a save, what it does with the outcome, and the `q` rule; all on an
/// injected clock, without a disk or a sleep.
@Suite("Saving marks as effects")
struct EffectsTests {
    let size = Size(width: 80, height: 24)
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A state whose clock reads `now`, which the test moves by hand.
    final class Clock: @unchecked Sendable {
        var now: Date
        init(_ now: Date) { self.now = now }
    }

    func state(_ clock: Clock) -> AppState {
        AppState(library: UIFixtures.sampleLibrary, size: size, clock: { clock.now })
    }

    func saves(_ effects: [Effect]) -> [MarkSnapshot] {
        effects.compactMap { if case .saveMarks(let snapshot) = $0 { snapshot } else { nil } }
    }

    @Test("A change is saved after a quiet period, a stream of changes by the longest wait, and one save at a time")
    func debounce() {
        let clock = Clock(start)
        var state = state(clock)
        #expect(saves(state.handle(.tick(start.addingTimeInterval(5)))).isEmpty, "nothing changed, nothing to save")
        _ = state.handle(.key(.char("r")))
        #expect(saves(state.handle(.tick(start.addingTimeInterval(0.1)))).isEmpty, "still within the quiet period")
        let due = saves(state.handle(.tick(start.addingTimeInterval(SaveSchedule.quietPeriod + 0.01))))
        #expect(due.count == 1)
        #expect(due.first?.version == state.readingVersion)
        let paper = state.library.papers[state.selectedPaperID!]
        #expect(due.first?.reading.isRead(paper.markKeys) == true)
        // While that save is under way no second one starts, however much time passes.
        clock.now = start.addingTimeInterval(1)
        _ = state.handle(.key(.char("s")))
        #expect(saves(state.handle(.tick(start.addingTimeInterval(3)))).isEmpty)
        // Its outcome arrives: the star made meanwhile is still due, and saved on the next tick.
        _ = state.handle(.marksSaved(version: due[0].version, merged: due[0].reading, changedKeys: []))
        #expect(state.unsavedMarks != nil, "the star is not on disk yet")
        let next = saves(state.handle(.tick(start.addingTimeInterval(3.1))))
        #expect(next.count == 1 && next[0].reading.isStarred(paper.markKeys))
        _ = state.handle(.marksSaved(version: next[0].version, merged: next[0].reading, changedKeys: []))
        #expect(state.unsavedMarks == nil)
        #expect(saves(state.handle(.tick(start.addingTimeInterval(10)))).isEmpty)
    }

    @Test("Keys pressed steadily still save within the longest wait")
    func steadyStream() {
        let clock = Clock(start)
        var state = state(clock)
        var saved: [MarkSnapshot] = []
        var step = 0
        // A key every 0.2 s: never a quiet period, so only the longest wait brings a save.
        while saved.isEmpty, step < 25 {
            clock.now = start.addingTimeInterval(Double(step) * 0.2)
            _ = state.handle(.key(.char("r")))
            saved = saves(state.handle(.tick(clock.now)))
            step += 1
        }
        let savedAt = clock.now.timeIntervalSince(start)
        #expect(!saved.isEmpty)
        #expect(savedAt > SaveSchedule.quietPeriod && savedAt <= SaveSchedule.longestWait + 0.21)
    }

    @Test("Marks that cannot be written: q warns and stays, a second q right after quits; another key disarms it")
    func quitWithUnsavedMarks() {
        let clock = Clock(start)
        var state = state(clock)
        _ = state.handle(.key(.char("s")))
        let version = state.readingVersion
        _ = state.handle(.saveFailed(version: version, reason: "disk full"))
        #expect(state.saveProblem?.contains("disk full") == true)
        func quitOnce() -> [Effect] {
            let effects = state.handle(.key(.char("q")))
            guard case .saveMarksNow(let snapshot) = effects.first else { return effects }
            return state.handle(.saveFailed(version: snapshot.version, reason: "disk full"))
        }
        #expect(quitOnce() == [], "the first q stays")
        #expect(state.message?.contains("q again") == true)
        _ = state.handle(.key(.char("j")))
        #expect(quitOnce() == [], "a key in between: the next q warns again")
        #expect(quitOnce() == [.quit])
        #expect(state.unsavedMarks == "disk full")
    }

    @Test("Only the place failing to save does not hold q back")
    func placeOnly() {
        var state = state(Clock(start))
        let effects = state.handle(.key(.char("q")))
        guard case .saveMarksNow(let snapshot) = effects.first else {
            Issue.record("q asks for a save first")
            return
        }
        #expect(state.handle(.saveFailed(version: snapshot.version, reason: "read-only")) == [.quit])
    }

    @Test("A save brings back another instance's marks: only the keys it changed, flags and counts updated")
    func mergeBack() throws {
        var state = state(Clock(start))
        let unreadBefore = state.viewUnread
        let other = try #require(state.visible.dropFirst(3).first)
        let paper = state.library.papers[other]
        #expect(!state.isStarred(other) && !state.isRead(other))
        var theirs = ReadingState()
        theirs.setRead(true, keys: paper.markKeys, title: paper.title, at: start)
        theirs.setStarred(true, keys: paper.markKeys, title: paper.title, at: start)
        let snapshot = state.markSnapshot()
        let merged = snapshot.reading.merged(with: theirs)
        let changed = snapshot.keysChanged(in: merged)
        #expect(Set(changed) == Set(theirs.papers.keys))
        _ = state.handle(.marksSaved(version: snapshot.version, merged: merged, changedKeys: changed))
        #expect(state.isStarred(other) && state.isRead(other))
        #expect(state.viewUnread == unreadBefore - 1)
        #expect(state.viewStarred == 1)
    }

    @Test("Suspending saves first; the history is saved as an effect when a search is kept")
    func suspendAndHistory() {
        var state = UIFixtures.topicState()
        let suspend = state.handle(.key(.ctrl("z")))
        #expect(suspend.count == 2 && suspend.last == .suspend)
        if case .saveMarksNow = suspend.first {} else { Issue.record("no save before suspending: \(suspend)") }
        _ = state.handle(.key(.char("/")))
        for character in "sparse" { _ = state.handle(.key(Key(.character(character)))) }
        #expect(state.handle(.key(Key(.enter))) == [.saveHistory(.search, ["sparse*"])], "kept as matched")
    }
}

@Suite("Layout once")
struct DetailLayoutTests {
    @Test("Keys that keep the paper never lay its abstract out again; a new paper or width does, once")
    func layoutOnce() {
        var state = UIFixtures.state(Size(width: 80, height: 24))
        let first = state.detailLayouts
        for name in ["r", "s", "j", "k", "enter", "j", "j", "k", "J", "esc", "S"] {
            let before = state.detailLayouts
            let paper = state.selectedPaperID
            UIFixtures.press(&state, name)
            let changed = state.selectedPaperID != paper
            #expect(state.detailLayouts - before == (changed ? 1 : 0), "\(name)")
        }
        #expect(state.detailLayouts > first)
        let before = state.detailLayouts
        _ = state.handle(.resize(Size(width: 100, height: 30)))
        #expect(state.detailLayouts == before + 1)
        _ = render(state, size: state.size)
        #expect(state.detailLayouts == before + 1)
    }
}

@Suite("One modal at a time")
struct ModalTests {
    @Test("Opening the filter prompt from the topic picker closes the picker; the help takes every other key")
    func oneAtATime() {
        var state = UIFixtures.topicState()
        UIFixtures.press(&state, "t")
        guard case .topicPicker = state.modal else {
            Issue.record("no picker")
            return
        }
        UIFixtures.press(&state, "f")
        guard case .filterPrompt = state.modal else {
            Issue.record("the prompt did not replace the picker: \(String(describing: state.modal))")
            return
        }
        UIFixtures.press(&state, "esc", "?")
        let selection = state.selection
        UIFixtures.press(&state, "r", "]", "t")
        guard case .help = state.modal else {
            Issue.record("the help closed")
            return
        }
        #expect(state.selection == selection && state.readingVersion == 0, "nothing ran under the help")
    }
}
