import FolioScreen
import Testing

@testable import FolioUI

@Suite("Config file")
struct ConfigTests {
    func lookup(_ config: Config, _ keys: String, _ contexts: [KeyContext]) -> Keymap.Lookup {
        config.keymap.lookup(KeySequence(parsing: keys)!, in: contexts)
    }

    @Test("The issue's example: rebinding, unbinding and a global sequence")
    func example() {
        let text = """
            [keys.list]
            "ctrl-n" = "move-down"
            "x" = "cycle-sort"
            "j" = "none"        # unbind
            [keys.global]
            "g g" = "top"
            """
        let (config, problems) = Config.parse(text, file: "config.toml")
        #expect(problems == [])
        #expect(lookup(config, "ctrl-n", [.list, .global]) == .action(.moveDown))
        #expect(lookup(config, "x", [.list, .global]) == .action(.cycleSort))
        #expect(lookup(config, "j", [.list, .global]) == .unbound)
        #expect(
            lookup(config, "j", [.detail, .global]) == .action(.moveDown),
            "unbinding in the list leaves the detail pane alone")
        #expect(lookup(config, "g", [.list, .global]) == .pending, "the default g gives way to the user's g g")
        #expect(lookup(config, "g g", [.list, .global]) == .action(.top))
        #expect(lookup(config, "k", [.list, .global]) == .action(.moveUp), "other defaults stay")
    }

    @Test("Mistakes are reported with their line, and those lines keep the defaults")
    func mistakes() {
        let text = """
            [keys.list]
            "j" = "fly-away"
            "ctrl-" = "move-down"
            "z" = "top"
            "z z" = "bottom"
            "k" = 3
            [keys.nowhere]
            "a" = "top"
            [display]
            side-by-side-width = "wide"
            list-ratio = 2.0
            bogus = true
            unquoted = hello
            """
        let (config, problems) = Config.parse(text, file: "/home/me/.config/folio/config.toml")
        #expect(problems.map(\.line) == [2, 3, 5, 6, 8, 10, 11, 12, 13])
        #expect(
            problems[0].description
                == "/home/me/.config/folio/config.toml:2: unknown action \"fly-away\" (`folio keys` lists them; \"none\" unbinds)"
        )
        #expect(problems[1].message.hasPrefix("bad key name"))
        #expect(problems[2].message.contains("conflicts with \"z\" bound on line 4"))
        #expect(problems[3].message.contains("must be an action name"))
        #expect(problems[4].message.contains("unknown key context"))
        #expect(problems[5].message.contains("side-by-side-width must be a whole number"))
        #expect(problems[6].message.contains("between 0.1 and 0.9"))
        #expect(problems[7].message.contains("unknown setting [display] bogus"))
        #expect(problems[8].message.contains("strings need quotes"))
        #expect(lookup(config, "j", [.list, .global]) == .action(.moveDown))
        #expect(lookup(config, "z", [.list, .global]) == .action(.top))
        #expect(config.settings.sideBySideMinWidth == Settings().sideBySideMinWidth)
    }

    @Test("Settings are read")
    func settings() {
        let text =
            "digests = \"~/papers\"\nstate = \"~/Sync/folio/state.json\"\n[display]\nside-by-side-width = 100\nlist-ratio = 0.3\nmouse = false\nunicode = false\n[reading]\ndefault-sort = \"upvotes\"\nmark-read-on-open = false\n"
        let (config, problems) = Config.parse(text, file: "c.toml")
        #expect(problems == [])
        #expect(config.digests == "~/papers")
        #expect(config.state == "~/Sync/folio/state.json")
        #expect(config.settings.sideBySideMinWidth == 100)
        #expect(config.settings.listRatio == 0.3)
        #expect(!config.settings.mouse && !config.settings.unicode && !config.settings.markReadOnOpen)
        #expect(config.settings.defaultSort == .upvotes)
    }

    @Test("The printed defaults read back as exactly the defaults")
    func defaultsRoundTrip() {
        let (config, problems) = Config.parse(Config.defaultText(), file: "defaults.toml")
        #expect(problems == [])
        #expect(config.keymap == Keymap.defaults)
        #expect(config.settings == Settings())
        #expect(config.state == nil, "the state key is shown commented out")
        #expect(Config.defaultText().contains("# state = \"~/Sync/folio/state.json\""))
    }

    @Test("folio keys formats read the same table")
    func keysFormats() {
        let table = KeyHelp.format(.defaults, as: .table)
        for info in Action.table { #expect(table.contains(info.name) && table.contains(info.help)) }
        let markdown = KeyHelp.format(.defaults, as: .markdown)
        #expect(markdown.split(separator: "\n").count == Action.table.count + 2)
        let json = KeyHelp.format(.defaults, as: .json)
        #expect(json.contains("\"action\" : \"move-down\""))
    }

    @Test("folio keys says where each key works and leaves out keys unbound there")
    func keysSayWhere() {
        var keymap = Keymap.defaults
        // The list takes J for itself: next-paper's J then works in the detail pane only; q is hidden in both.
        keymap.bind(KeySequence(parsing: "J")!, to: .toggleStar, in: .list)
        keymap.bind(KeySequence(parsing: "q")!, to: .toggleRead, in: .list)
        keymap.bind(KeySequence(parsing: "q")!, to: .toggleRead, in: .detail)
        let table = KeyHelp.format(keymap, as: .table).split(separator: "\n")
        let nextPaper = table.first { $0.contains("next-paper") } ?? ""
        #expect(nextPaper.contains("J (detail)"), "\(nextPaper)")
        let moveDown = table.first { $0.contains("move-down") } ?? ""
        #expect(moveDown.contains("ctrl-n (search, topics)") && moveDown.contains("j, down (list, detail"))
        let quit = table.first { $0.contains(" quit ") } ?? ""
        #expect(!quit.contains("q,") && !quit.contains("q (") && quit.contains("ctrl-c"), "\(quit)")
    }
}

@Suite("Config file: colors")
struct ConfigColorTests {
    @Test("[colors] changes parts of the theme named, wherever the file names it; the rest keep the theme's look")
    func parts() {
        let text = """
            [colors]
            status-line = "black on yellow bold"
            unread = "blue"
            [display]
            theme = "light"
            color = "never"
            """
        let (config, problems) = Config.parse(text, file: "config.toml")
        #expect(problems == [])
        #expect(config.themeName == "light")
        #expect(config.settings.color == .never)
        #expect(config.theme[.status] == ColorSpec(.indexed(0), on: .indexed(3), [.bold]))
        #expect(config.theme[.unread] == ColorSpec(.indexed(4)))
        #expect(config.theme[.star] == Theme.light[.star])
    }

    @Test("A bad color name, an unknown part or theme is a file:line problem, and that part keeps its default")
    func mistakes() {
        let text = """
            [display]
            theme = "solarized"
            color = "sometimes"
            [colors]
            starred = "yelow bold"
            match = "black on yellow"
            glitter = "red"
            """
        let (config, problems) = Config.parse(text, file: "config.toml")
        #expect(problems.map(\.line) == [2, 3, 5, 7])
        #expect(problems.allSatisfy { $0.description.hasPrefix("config.toml:") })
        #expect(problems[2].message.contains("unknown color \"yelow\""))
        #expect(problems[2].message.contains("starred keeps its default"))
        #expect(config.theme[.star] == Theme.dark[.star])
        #expect(config.theme[.highlight] == ColorSpec(.indexed(0), on: .indexed(3)))
        #expect(config.settings.color == .auto)
    }

    @Test("--print-defaults names both themes, and reads back with no problem and the defaults")
    func printDefaults() {
        let text = Config.defaultText()
        #expect(text.contains("theme = \"dark\""))
        #expect(text.contains("# theme = \"light\":"))
        #expect(text.contains("# status-line = \"\(Theme.light[.status])\""))
        let (config, problems) = Config.parse(text, file: "defaults.toml")
        #expect(problems == [])
        #expect(config.theme == .dark)
    }

    @Test("NO_COLOR (not empty) turns auto off; always and a --color flag outrank it")
    func noColor() {
        let set = ["NO_COLOR": "1"]
        #expect(!ColorMode.wantsColor(flag: nil, setting: .auto, environment: set))
        #expect(ColorMode.wantsColor(flag: nil, setting: .auto, environment: ["NO_COLOR": ""]))
        #expect(ColorMode.wantsColor(flag: nil, setting: .auto, environment: [:]))
        #expect(ColorMode.wantsColor(flag: nil, setting: .always, environment: set))
        #expect(ColorMode.wantsColor(flag: .always, setting: .never, environment: set))
        #expect(!ColorMode.wantsColor(flag: .never, setting: .always, environment: [:]))
    }
}

@Suite("The manual's KEYS section")
struct ManualKeysTests {
    @Test("Every bound action and each of its keys, from the rows ? shows; keys roff would misread are escaped")
    func keys() {
        let page = KeyHelp.format(.defaults, as: .man)
        #expect(page.hasPrefix(".Sh KEYS\n"))
        for row in KeyHelp.rows(.defaults) where !row.allKeys.isEmpty {
            #expect(page.contains("action \(row.name)"), "\(row.name)")
            for key in row.allKeys { #expect(page.contains("Cm \"\\&\(key)\""), "\(key) for \(row.name)") }
        }
        #expect(!page.split(separator: "\n").contains { $0.hasPrefix("'") }, "no text line starts a roff request")
    }

    @Test("A key the config binds is in the manual written from that config")
    func rebound() {
        let (config, _) = Config.parse("[keys.list]\n\"x\" = \"toggle-star\"\n", file: "config.toml")
        #expect(KeyHelp.format(config.keymap, as: .man).contains("Cm \"\\&x\""))
    }
}
