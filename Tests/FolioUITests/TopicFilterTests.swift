import FolioCore
import FolioScreen
import Testing

@testable import FolioUI

/// The samples with the search index and built-in topics in place, as after the background build.
private let sampleIndex = SearchIndex(library: UIFixtures.sampleLibrary)
private let sampleTopics = TopicIndex(definitions: TopicCatalog.builtIn, index: sampleIndex, discover: false)

extension UIFixtures {
    static func topicState(
        _ size: Size = Size(width: 80, height: 24), keymap: Keymap = .defaults,
        namedFilters: [String: String] = [:]
    ) -> AppState {
        var state = AppState(library: UIFixtures.sampleLibrary, keymap: keymap, size: size, namedFilters: namedFilters)
        state.backgroundIndexReady(sampleIndex, topics: sampleTopics)
        return state
    }

    static func type(_ state: inout AppState, _ text: String) {
        for character in text { _ = state.handle(.key(Key(.character(character)))) }
    }
}

@Suite("Topics and filters in place")
struct TopicFilterTests {
    @Test("The picker toggles topics by digit; the list narrows at once and the picker stays open")
    func pickerDigits() throws {
        var state = UIFixtures.topicState()
        UIFixtures.press(&state, "a")
        let everything = state.visible
        UIFixtures.press(&state, "t")
        let picker = try #require(state.topicPicker)
        #expect(state.keyContexts == [.topics])
        let first = picker.entries[0], second = picker.entries[1]
        // The picker lists topics by how many papers of the view they hold.
        #expect(state.topicBaseCounts[first] >= state.topicBaseCounts[second])
        UIFixtures.press(&state, "1")
        #expect(state.topicPicker != nil)
        #expect(state.activeTopics == [first])
        let members = sampleTopics.topics[first].members
        #expect(state.visible == everything.filter { members.contains($0) })
        UIFixtures.press(&state, "2")
        let both = members.intersection(sampleTopics.topics[second].members)
        #expect(state.visible == everything.filter { both.contains($0) })
        // Numbers stay put while toggling: the order comes from the view before topics narrow it.
        #expect(state.topicPicker?.entries == picker.entries)
        UIFixtures.press(&state, "2")
        #expect(state.activeTopics == [first])
        UIFixtures.press(&state, "esc")
        #expect(state.topicPicker == nil)
        #expect(state.activeTopics == [first], "Esc keeps the filter")
        #expect(state.filterLabel == sampleTopics.topics[first].name)
    }

    @Test("Enter toggles the highlighted topic; j and k move in the picker, not in the list")
    func pickerCursor() throws {
        var state = UIFixtures.topicState()
        UIFixtures.press(&state, "a", "t", "j", "j")
        let selection = state.selection
        let picker = try #require(state.topicPicker)
        #expect(picker.cursor == 2)
        UIFixtures.press(&state, "enter")
        #expect(state.activeTopics == [picker.entries[2]])
        #expect(state.selection <= selection)
        UIFixtures.press(&state, "t")
        #expect(state.topicPicker == nil)
    }

    @Test("A click on the topic bar toggles the topic drawn there")
    func barClick() throws {
        var state = UIFixtures.topicState(Size(width: 120, height: 40))
        UIFixtures.press(&state, "a")
        let bar = try #require(state.layout.topicBar)
        let item = try #require(state.topicBarItems(width: bar.width).items.dropFirst().first)
        let rendered = render(state, size: state.size).lines[bar.row]
        #expect(rendered.contains(item.text), "the bar shows the item where the click looks for it")
        _ = state.handle(.mouse(MouseEvent(.click, row: bar.row, column: bar.column + item.columns.lowerBound + 2)))
        #expect(state.activeTopics == [item.topic])
        let again = try #require(state.topicBarItems(width: bar.width).items.first { $0.topic == item.topic })
        _ = state.handle(.mouse(MouseEvent(.click, row: bar.row, column: bar.column + again.columns.lowerBound + 2)))
        #expect(state.activeTopics.isEmpty)
    }

    @Test("The selected paper stays selected while it is still visible")
    func selectionKept() throws {
        var state = UIFixtures.topicState()
        UIFixtures.press(&state, "a")
        let topic = try #require(sampleTopics.index(named: "interpretability"))
        let members = sampleTopics.topics[topic].members
        // Select a paper in the topic that is not first in the view.
        let target = try #require(state.visible.dropFirst(3).first { members.contains($0) })
        state.select(state.visible.firstIndex(of: target)!)
        state.toggleTopic(topic)
        #expect(state.selectedPaperID == target)
        let other = try #require(sampleTopics.index(named: "graphs"))
        state.toggleTopic(other)
        #expect(state.visible.allSatisfy { members.contains($0) && sampleTopics.topics[other].members.contains($0) })
        #expect(state.selectedPaperID != target || state.visible.contains(target))
    }

    @Test("Outside the picker digits are counts, as in 5j; F clears every filter")
    func countsAndClear() {
        var state = UIFixtures.topicState()
        UIFixtures.press(&state, "a", "5", "j")
        #expect(state.selection == 5)
        #expect(state.activeTopics.isEmpty)
        UIFixtures.press(&state, "t", "1", "esc", "f")
        UIFixtures.type(&state, "upvotes>1")
        UIFixtures.press(&state, "enter")
        #expect(state.isFiltered && state.activeFilter?.text == "upvotes>1")
        UIFixtures.press(&state, "F")
        #expect(!state.isFiltered)
        #expect(state.visible.count == state.library.papers.count)
    }

    @Test("A bad filter points at its column and changes nothing; Esc leaves the view as it was")
    func badFilter() throws {
        var state = UIFixtures.topicState()
        UIFixtures.press(&state, "a")
        let before = state.visible
        UIFixtures.press(&state, "f")
        #expect(state.keyContexts == [.filter])
        UIFixtures.type(&state, "unread and upvotes>x")
        UIFixtures.press(&state, "enter")
        let problem = try #require(state.filterPrompt?.problem)
        #expect(problem.column == 20)
        #expect(state.visible == before && state.activeFilter == nil)
        UIFixtures.press(&state, "backspace")
        #expect(state.filterPrompt?.problem == nil, "editing clears the mistake")
        UIFixtures.press(&state, "esc")
        #expect(state.filterPrompt == nil && state.visible == before)
    }

    @Test("A filter keeps the papers it matches, in the view's order, and shows in the status line")
    func applyFilter() {
        var state = UIFixtures.topicState()
        UIFixtures.press(&state, "a", "S")
        let ordered = state.visible
        UIFixtures.press(&state, "f")
        UIFixtures.type(&state, "upvotes>1 or topic:graphs")
        UIFixtures.press(&state, "enter")
        let graphs = sampleTopics.topics[sampleTopics.index(named: "graphs")!].members
        let expected = ordered.filter { (state.library.papers[$0].upvotes ?? 0) > 1 || graphs.contains($0) }
        #expect(!expected.isEmpty && expected.count < ordered.count)
        #expect(state.visible == expected)
        #expect(render(state, size: state.size).lines.last!.contains("filter: upvotes>1 or topic:graphs"))
        // Marking a paper read in an unread view keeps it listed until the view changes, as mutt does.
        UIFixtures.press(&state, "f", "ctrl-u")
        UIFixtures.type(&state, "unread")
        UIFixtures.press(&state, "enter", "r")
        let read = state.selectedPaperID!
        #expect(state.visible.contains(read))
        UIFixtures.press(&state, "f", "enter")
        #expect(!state.visible.contains(read))
    }

    @Test("The prompts edit at a cursor, as a shell does; after a mistake the caret marks it and Ctrl-U clears all")
    func lineEditing() throws {
        var state = UIFixtures.topicState()
        UIFixtures.press(&state, "f")
        UIFixtures.type(&state, "upvotes>x or read")
        UIFixtures.press(&state, "enter")
        #expect(state.filterPrompt?.problem?.column == 9, "the caret under the x")
        #expect(state.filterPrompt?.cursor == nil, "the cursor stays at the end")
        UIFixtures.press(&state, "ctrl-u")
        #expect(state.filterPrompt?.text == "", "Ctrl-U clears the whole line")
        UIFixtures.type(&state, "upvotes>x or read")
        UIFixtures.press(&state, "enter", "ctrl-a")
        for _ in 0..<8 { UIFixtures.press(&state, "right") }
        UIFixtures.press(&state, "delete")
        UIFixtures.type(&state, "1")
        UIFixtures.press(&state, "home", "ctrl-f")
        UIFixtures.type(&state, "_")
        #expect(state.filterPrompt?.text == "u_pvotes>1 or read")
        UIFixtures.press(&state, "backspace", "end", "ctrl-w", "left", "ctrl-k")
        #expect(state.filterPrompt?.text == "upvotes>1 or")
        UIFixtures.press(&state, "ctrl-a", "ctrl-e", "ctrl-b", "ctrl-u")
        #expect(state.filterPrompt?.text == "r" && state.filterPrompt?.cursor == 0)
        UIFixtures.press(&state, "esc", "/")
        UIFixtures.type(&state, "sparse")
        UIFixtures.press(&state, "left", "left", "left")
        UIFixtures.type(&state, " ")
        #expect(state.search?.query == "spa rse")
        let screen = render(state, size: state.size)
        #expect(
            screen.cursor?.column == state.layout.searchLine!.column + 5, "the terminal cursor is where typing goes")
    }

    @Test("Pasted text goes into the open prompt at the cursor, line breaks as spaces; with none open it is dropped")
    func paste() {
        var state = UIFixtures.topicState()
        let before = state.visible
        _ = state.handle(.paste("unread\n"))
        #expect(state.visible == before && state.filterPrompt == nil && state.search == nil)
        UIFixtures.press(&state, "f")
        UIFixtures.type(&state, "()")
        UIFixtures.press(&state, "left")
        _ = state.handle(.paste("upvotes>1\r\nor\tread\u{1B}"))
        #expect(state.filterPrompt?.text == "(upvotes>1 or read)", "CR LF is one line break")
        #expect(state.activeFilter == nil, "a pasted newline does not apply the filter")
        UIFixtures.press(&state, "esc", "/")
        _ = state.handle(.paste("sparse\nautoencoders"))
        #expect(state.search?.query == "sparse autoencoders")
        #expect(!state.visible.isEmpty)
    }

    @Test("Active topics come first on the bar, so a narrow one still shows them")
    func activeFirst() throws {
        var state = UIFixtures.topicState(Size(width: 40, height: 12))
        UIFixtures.press(&state, "a")
        let last = try #require(state.topicOrder.last { state.topicCounts[$0] > 0 })
        state.toggleTopic(last)
        #expect(state.topicBarItems(width: 40).items.first?.topic == last)
        #expect(render(state, size: state.size).lines.last!.contains("filter: "), "the status line keeps the filter")
    }

    @Test("A named filter runs from a bound key, and toggle-topic:NAME from any key")
    func namedFilterKey() throws {
        let (config, problems) = Config.parse(
            """
            [filters]
            popular = "upvotes>1"
            [keys.global]
            "ctrl-f" = "apply-filter:popular"
            "alt-g" = "toggle-topic:graphs"
            "ctrl-x" = "apply-filter:missing"
            """, file: "c.toml")
        #expect(problems.map(\.line) == [6])
        var state = UIFixtures.topicState(keymap: config.keymap, namedFilters: config.filters)
        UIFixtures.press(&state, "a", "ctrl-f")
        #expect(state.activeFilter?.name == "popular")
        #expect(state.visible.allSatisfy { (state.library.papers[$0].upvotes ?? 0) > 1 })
        UIFixtures.press(&state, "alt-g")
        #expect(state.activeTopicNames == ["graphs"])
        #expect(state.filterLabel == "graphs + @popular")
        UIFixtures.press(&state, "ctrl-f")
        #expect(state.activeFilter == nil, "the same key turns the named filter off")
        let help = KeyHelp.format(state.keymap, filters: state.namedFilters, as: .table)
        #expect(help.contains("apply-filter:popular") && help.contains("Apply the filter popular: upvotes>1"))
    }

    @Test("A bad named filter in the config is reported on its line and left out")
    func badNamedFilter() {
        let (config, problems) = Config.parse("[filters]\ngood = \"starred\"\nbad = \"upvotes>\"\n", file: "c.toml")
        #expect(problems.map(\.line) == [3])
        #expect(problems.first?.message.contains("column 9") == true)
        #expect(config.filters == ["good": "starred"])
    }
}

@Suite("Small things: the bar under the pointer, the wheel, the help's more")
struct SmallThingsTests {
    @Test("After a click the topic bar stays as drawn: a second click on the same spot undoes the first")
    func barDoesNotReorder() throws {
        var state = UIFixtures.topicState(Size(width: 120, height: 40))
        UIFixtures.press(&state, "a")
        let bar = try #require(state.layout.topicBar)
        // A topic that is not first: toggled on, it would move to the front.
        let item = try #require(state.topicBarItems(width: bar.width).items.dropFirst(2).first)
        let before = render(state, size: state.size).lines[bar.row]
        let click = MouseEvent(.click, row: bar.row, column: bar.column + item.columns.lowerBound + 2)
        _ = state.handle(.mouse(click))
        #expect(state.activeTopics == [item.topic])
        let after = state.topicBarItems(width: bar.width).items.first { $0.topic == item.topic }
        #expect(after?.columns.lowerBound == item.columns.lowerBound, "the topic stays under the pointer")
        _ = state.handle(.mouse(click))
        #expect(state.activeTopics.isEmpty, "the second click undoes the first")
        #expect(render(state, size: state.size).lines[bar.row] == before)
        // A key lets the bar put the active topics first again.
        _ = state.handle(.mouse(click))
        UIFixtures.press(&state, "j")
        #expect(state.topicBarItems(width: bar.width).items.first?.topic == item.topic)
    }

    @Test("The wheel scrolls the list as less does; the selection follows only when it leaves the screen")
    func wheelScrolls() throws {
        var state = UIFixtures.state(Size(width: 80, height: 40))
        UIFixtures.press(&state, "a", "5", "j")
        let list = state.layout.list
        #expect(state.visible.count > list.height + 6)
        _ = state.handle(.mouse(MouseEvent(.wheelDown, row: list.row + 2, column: list.column + 3)))
        #expect(state.listScroll == 3 && state.selection == 5, "the list moved, the selection stayed")
        _ = state.handle(.mouse(MouseEvent(.wheelDown, row: list.row + 2, column: list.column + 3)))
        #expect(state.listScroll == 6 && state.selection == 6, "pushed along at the top edge")
        _ = state.handle(.mouse(MouseEvent(.wheelUp, row: list.row + 2, column: list.column + 3)))
        #expect(state.listScroll == 3 && state.selection == 6)
    }

    @Test("The help overlay shows there is more below")
    func helpSaysMore() throws {
        var state = UIFixtures.state(Size(width: 80, height: 24))
        UIFixtures.press(&state, "?")
        let screen = render(state, size: state.size)
        #expect(screen.lines.contains { $0.contains("more below") })
        UIFixtures.press(&state, "G")
        #expect(!render(state, size: state.size).lines.contains { $0.contains("more below") })
    }
}
