import FolioCore
import FolioScreen
import Foundation
import Testing

@testable import FolioUI

private let layerIndex = SearchIndex(library: UIFixtures.sampleLibrary)
private let layerTopics = TopicIndex(definitions: TopicCatalog.builtIn, index: layerIndex, discover: false)

/// Tags (`T`, Ctrl-T) and notes (`e`) through the reducer, as keys reach it.
@Suite("Tags and notes in the UI")
struct LayerTests {
    let size = Size(width: 100, height: 30)

    func state() -> AppState {
        let fixed = Date(timeIntervalSince1970: 1_800_000_000)
        var state = AppState(library: UIFixtures.sampleLibrary, size: size, clock: { fixed })
        state.backgroundIndexReady(layerIndex, topics: layerTopics)
        return state
    }

    func type(_ state: inout AppState, _ text: String) {
        for character in text { _ = state.handle(.key(Key(.character(character)))) }
    }

    @Test("T tags the selected paper with several tags at once; -name removes; undo and redo cover both")
    func tagPrompt() throws {
        var state = state()
        let paper = try #require(state.selectedPaperID)
        UIFixtures.press(&state, "T")
        #expect(state.tagPrompt != nil)
        type(&state, "SAE to-read")
        UIFixtures.press(&state, "enter")
        #expect(state.tagPrompt == nil)
        #expect(state.tags(of: paper) == ["sae", "to-read"], "lowercased, sorted")
        #expect(state.reading.tags(for: state.library.papers[paper].markKeys) == ["sae", "to-read"])
        UIFixtures.press(&state, "T")
        type(&state, "-sae")
        UIFixtures.press(&state, "enter")
        #expect(state.tags(of: paper) == ["to-read"])
        UIFixtures.press(&state, "u")
        #expect(state.tags(of: paper) == ["sae", "to-read"])
        #expect(state.message == "undid untagging a paper sae")
        UIFixtures.press(&state, "u")
        #expect(state.tags(of: paper) == [])
        UIFixtures.press(&state, "ctrl-r")
        #expect(state.tags(of: paper) == ["sae", "to-read"])
        #expect(state.readingVersion > 0, "a save is due")
    }

    @Test("A word that is no tag keeps the prompt open with a problem, and changes nothing")
    func badTag() throws {
        var state = state()
        let paper = try #require(state.selectedPaperID)
        UIFixtures.press(&state, "T")
        type(&state, "good bad!")
        UIFixtures.press(&state, "enter")
        #expect(state.tagPrompt?.problem?.contains("not a tag: bad!") == true)
        #expect(state.tags(of: paper) == [])
        UIFixtures.press(&state, "esc")
        #expect(state.modal == nil)
    }

    @Test("Tab completes from the tags in use, and again cycles to the next")
    func completion() throws {
        var state = state()
        UIFixtures.press(&state, "T")
        type(&state, "agents alignment")
        UIFixtures.press(&state, "enter", "j", "T")
        type(&state, "x -a")
        UIFixtures.press(&state, "tab")
        let first = try #require(state.tagPrompt?.text)
        UIFixtures.press(&state, "tab")
        let second = try #require(state.tagPrompt?.text)
        #expect(Set([first, second]) == ["x -agents", "x -alignment"])
        UIFixtures.press(&state, "tab")
        #expect(state.tagPrompt?.text == first, "round again")
    }

    @Test("Ctrl-T tags every paper of the view, as one step; tag:NAME and tagged filter them")
    func bulkAndFilter() throws {
        var state = state()
        let view = state.visible
        UIFixtures.press(&state, "j", "j", "T")
        type(&state, "one")
        UIFixtures.press(&state, "enter", "ctrl-t")
        #expect(state.tagPrompt?.isBulk == true)
        type(&state, "daily")
        UIFixtures.press(&state, "enter")
        #expect(view.allSatisfy { state.tags(of: $0).contains("daily") })
        #expect(state.message == "tags +daily on \(view.count) papers (u undoes)")
        #expect(state.applyFilter("tag:one") == nil)
        #expect(state.visible == [view[2]])
        #expect(state.applyFilter("tagged and not tag:one") == nil)
        #expect(state.visible == view.filter { $0 != view[2] })
        UIFixtures.press(&state, "u")
        #expect(state.visible == [], "the filter follows the undo")
        #expect(view.allSatisfy { !state.tags(of: $0).contains("daily") })
    }

    @Test("e asks the edge to edit the note; the edited note shows in the detail pane, sanitised, and filters")
    func noteEdit() throws {
        var state = state()
        let paper = try #require(state.selectedPaper)
        let effects = state.handle(.key(Key(name: "e")!))
        #expect(effects == [.editNote(NoteEdit(paperKey: paper.key, title: paper.title, text: ""))])
        _ = state.handle(.noteEdited(paperKey: paper.key, text: "Read with \u{1B}[31mcare: sparse probes"))
        #expect(state.note(of: paper.id) == "Read with \u{1B}[31mcare: sparse probes")
        #expect(state.message == "note saved")
        let screen = render(state, size: size)
        #expect(screen.lines.contains { $0.contains("Note (e edits):") })
        #expect(screen.lines.contains { $0.contains("care: sparse probes") })
        #expect(!screen.lines.joined().contains("\u{1B}"), "no control character reaches the screen")
        #expect(state.applyFilter("has:note") == nil)
        #expect(state.visible == [paper.id])
        #expect(state.applyFilter("note:probe*") == nil)
        #expect(state.visible == [paper.id])
        #expect(state.applyFilter("note:\"sparse probes\"") == nil)
        #expect(state.visible == [paper.id])
        #expect(state.applyFilter("note:absent") == nil)
        #expect(state.visible == [])
        // Editing again starts from the note; an empty text deletes it.
        #expect(state.applyFilter("") == nil)
        // (The filters' history saves come out first, with the next key's effects.)
        #expect(
            state.handle(.key(Key(name: "e")!)).last
                == .editNote(NoteEdit(paperKey: paper.key, title: paper.title, text: state.note(of: paper.id)!)))
        _ = state.handle(.noteEdited(paperKey: paper.key, text: ""))
        #expect(state.note(of: paper.id) == nil)
        #expect(state.message == "note deleted")
    }

    @Test("Search finds words in notes with note:, alone or beside other words")
    func noteSearch() throws {
        var state = state()
        let paper = try #require(state.selectedPaper)
        _ = state.handle(.noteEdited(paperKey: paper.key, text: "zyxwv marker"))
        let index = try #require(state.searchIndex)
        #expect(state.layer.search(SearchQuery(parsing: "note:zyxwv"), in: index, limit: 100) == [paper.id])
        let titleWord = try #require(TextFolding.words(paper.title).first?.folded)
        let withTitle = SearchQuery(parsing: "\(titleWord) note:marker", lastWordIsPrefix: false)
        #expect(state.layer.search(withTitle, in: index, limit: 100) == [paper.id])
        let excluded = SearchQuery(parsing: "\(titleWord) -note:marker", lastWordIsPrefix: false)
        #expect(!state.layer.search(excluded, in: index, limit: 100).contains(paper.id))
        #expect(state.layer.search(SearchQuery(parsing: "note:nothing"), in: index, limit: 100) == [])
    }

    @Test("Tags show compactly in the row and in the detail pane")
    func tagsDrawn() throws {
        var state = state()
        UIFixtures.press(&state, "T")
        type(&state, "sae")
        UIFixtures.press(&state, "enter")
        let screen = render(state, size: size)
        let row = try #require(screen.lines.first { $0.contains("#sae") })
        #expect(row.contains(String(state.selectedPaper!.title.prefix(10))))
        #expect(screen.lines.contains { $0.contains("Tags: sae") })
    }

    @Test("The topic picker lists the tags in use as a group after the topics; Enter on one filters by it")
    func pickerTags() throws {
        var state = state()
        UIFixtures.press(&state, "T")
        type(&state, "zeta")
        UIFixtures.press(&state, "enter", "j", "T")
        type(&state, "zeta alpha")
        UIFixtures.press(&state, "enter", "t")
        let picker = try #require(state.topicPicker)
        #expect(picker.tags == ["zeta", "alpha"], "most used first")
        UIFixtures.press(&state, "G")
        #expect(state.topicPicker?.tagAtCursor == "alpha")
        let screen = render(state, size: size)
        #expect(screen.lines.contains { $0.contains("#alpha") })
        #expect(screen.lines.contains { $0.contains("#zeta") })
        UIFixtures.press(&state, "enter")
        #expect(state.activeFilter?.text == "tag:alpha")
        #expect(state.visible.count == 1)
        UIFixtures.press(&state, "enter")
        #expect(state.activeFilter == nil, "again: off")
    }

    @Test("Another instance's tags and note arrive with a save's merge")
    func mergeBack() throws {
        var state = state()
        let paper = try #require(state.selectedPaper)
        var merged = state.reading
        merged.setTag("theirs", on: true, keys: paper.markKeys, title: paper.title, at: Date())
        merged.setNote("their note", keys: paper.markKeys, title: paper.title, at: Date())
        _ = state.handle(.marksSaved(version: 0, merged: merged, changedKeys: [paper.markKeys[0]]))
        #expect(state.tags(of: paper.id) == ["theirs"])
        #expect(state.note(of: paper.id) == "their note")
    }
}
