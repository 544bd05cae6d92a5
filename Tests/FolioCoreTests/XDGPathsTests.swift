import FolioCore
import Testing

@Suite("XDG paths")
struct XDGPathsTests {
    @Test("An absolute value is used")
    func absolute() {
        let paths = XDGPaths(environment: [
            "XDG_CONFIG_HOME": "/x/config", "XDG_STATE_HOME": "/x/state", "HOME": "/home/a",
        ])
        #expect(paths.configFile("config.toml") == "/x/config/folio/config.toml")
        #expect(paths.stateFile("state.json") == "/x/state/folio/state.json")
    }

    @Test(
        "A relative, empty or unset value falls back to the default under HOME",
        arguments: [
            ["XDG_CONFIG_HOME": "rel/config", "XDG_STATE_HOME": "./state"],
            ["XDG_CONFIG_HOME": "", "XDG_STATE_HOME": ""],
            [:],
        ])
    func fallsBack(values: [String: String]) {
        let paths = XDGPaths(environment: values.merging(["HOME": "/home/a"]) { a, _ in a })
        #expect(paths.configFile("config.toml") == "/home/a/.config/folio/config.toml")
        #expect(paths.configFile("topics.toml") == "/home/a/.config/folio/topics.toml")
        #expect(paths.stateFile("state.json") == "/home/a/.local/state/folio/state.json")
    }

    @Test("The topics file and the state file follow the rule")
    func users() {
        let relative = ["XDG_CONFIG_HOME": "cfg", "XDG_STATE_HOME": "st", "HOME": "/home/a"]
        #expect(TopicCatalog.userFilePath(environment: relative) == "/home/a/.config/folio/topics.toml")
        #expect(StateStore.defaultURL(environment: relative).path == "/home/a/.local/state/folio/state.json")
        let absolute = ["XDG_CONFIG_HOME": "/c", "XDG_STATE_HOME": "/s", "HOME": "/home/a"]
        #expect(TopicCatalog.userFilePath(environment: absolute) == "/c/folio/topics.toml")
        #expect(StateStore.defaultURL(environment: absolute).path == "/s/folio/state.json")
    }

    @Test("An empty HOME is no home: the account's folder is used, never the file system's root")
    func emptyHome() {
        let paths = XDGPaths(environment: ["HOME": ""])
        #expect(!paths.home.isEmpty)
        #expect(paths.configFile("config.toml") == paths.home + "/.config/folio/config.toml")
        #expect(paths.expandingTilde("~/papers") == paths.home + "/papers")
        #expect(paths.expandingTilde("papers/~/x") == "papers/~/x")
    }
}
