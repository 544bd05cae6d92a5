import FolioScreen
import Testing

@testable import FolioUI

@Suite("Keymap and dispatcher")
struct KeymapTests {
    func feed(
        _ dispatcher: inout KeyDispatcher, _ keymap: Keymap, _ names: [String],
        contexts: [KeyContext] = [.list, .global]
    ) -> [KeyDispatcher.Outcome] {
        names.map { dispatcher.feed(Key(name: $0)!, keymap: keymap, contexts: contexts) }
    }

    @Test("Key names parse and print back")
    func keyNames() {
        for name in [
            "j", "G", "?", "[", "space", "ctrl-d", "alt-x", "pgdn", "pgup", "enter", "tab", "esc", "f5", "home", "end",
            "down",
        ] {
            #expect(Key(name: name)?.name == name)
        }
        #expect(Key(name: "C-n") == Key.ctrl("n"))
        #expect(Key(name: "ctrl-D") == Key.ctrl("d"))
        #expect(Key(name: "nonsense") == nil)
        #expect(KeySequence(parsing: "g g")?.keys == [.char("g"), .char("g")])
    }

    @Test("Defaults: j moves down in the list, q quits from any pane")
    func defaults() {
        let keymap = Keymap.defaults
        #expect(keymap.lookup(KeySequence([.char("j")]), in: [.list, .global]) == .action(.moveDown))
        #expect(keymap.lookup(KeySequence([.char("q")]), in: [.detail, .global]) == .action(.quit))
        #expect(keymap.lookup(KeySequence([Key(.escape)]), in: [.detail, .global]) == .action(.focusList))
        #expect(keymap.lookup(KeySequence([.char("z")]), in: [.list, .global]) == .unbound)
    }

    @Test("Counts: 5j moves five; 0 alone is no count")
    func counts() {
        var dispatcher = KeyDispatcher()
        let outcomes = feed(&dispatcher, .defaults, ["1", "2", "j"])
        #expect(outcomes == [.pending, .pending, .action(.moveDown, count: 12)])
        #expect(dispatcher.hint == nil)
        _ = feed(&dispatcher, .defaults, ["3"])
        #expect(dispatcher.hint == "3")
    }

    @Test("Sequences wait for the next key, and Esc cancels them")
    func sequences() {
        var keymap = Keymap.defaults
        let gg = KeySequence(parsing: "g g")!
        keymap.removeConflicts(with: gg, in: .list)
        keymap.bind(gg, to: .top, in: .list)
        var dispatcher = KeyDispatcher()
        #expect(feed(&dispatcher, keymap, ["g"]) == [.pending])
        #expect(dispatcher.hint == "g")
        #expect(feed(&dispatcher, keymap, ["g"]) == [.action(.top, count: nil)])
        #expect(feed(&dispatcher, keymap, ["4", "g", "esc"]) == [.pending, .pending, .cancelled])
        #expect(dispatcher.hint == nil)
        #expect(feed(&dispatcher, keymap, ["g", "x"]) == [.pending, .unbound(.char("x"))])
    }

    @Test("The focused context wins over global")
    func contextPriority() {
        var keymap = Keymap.defaults
        keymap.bind(KeySequence([.char("q")]), to: .focusList, in: .detail)
        #expect(keymap.lookup(KeySequence([.char("q")]), in: [.detail, .global]) == .action(.focusList))
        #expect(keymap.lookup(KeySequence([.char("q")]), in: [.list, .global]) == .action(.quit))
    }

    @Test("The action table names every action once")
    func actionTable() {
        #expect(
            Action.table.map(\.action).sorted { $0.rawValue < $1.rawValue }
                == Action.allCases.sorted { $0.rawValue < $1.rawValue })
        #expect(Set(Action.table.map(\.name)).count == Action.allCases.count)
        for action in Action.allCases { #expect(Action(name: action.name) == action) }
    }
}
