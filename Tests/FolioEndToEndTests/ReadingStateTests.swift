import FolioTestSupport
import Foundation
import Testing

@Suite("End to end: marks persist", .serialized)
struct ReadingStateEndToEndTests {
    let digest = Fixtures.pageSample.path
    let papers = SampleCounts.pageSample

    @Test("Mark papers, quit, start again: the marks and the place are back")
    func marksSurviveRestart() throws {
        let folder = TemporaryFolder.make("folio-state")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("deep/er/state.json")
        let command = "\(FolioBinary.url.path) --state \(state.path) \(digest)"
        do {
            let session = try TmuxSession(command, width: 100, height: 30)
            _ = try session.waitForText("\(papers) unread")
            try session.send("r", "j", "s", "j", "j")
            _ = try session.waitForText("\(papers - 1) unread · 1★")
            try session.quit()
        }
        let json = try #require(try? JSONSerialization.jsonObject(with: Data(contentsOf: state)) as? [String: Any])
        #expect(json["version"] as? Int == 2)
        #expect((json["papers"] as? [String: Any])?.count == 2)
        let mode = try FileManager.default.attributesOfItem(atPath: state.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let session = try TmuxSession(command, width: 100, height: 30)
        let screen = try session.waitForText("\(papers - 1) unread · 1★")
        #expect(screen.contains { $0.contains(" 4/\(papers) ") }, "the selected paper is restored")
        #expect(screen.contains { $0.hasPrefix("★") })
        try session.quit()
    }

    @Test("Quit on kept search results with a topic and a filter on: the next start comes back to all of it")
    func placeSurvivesRestart() throws {
        try TemporaryFolder.with("folio-place") { folder in
            try quitAndRestart(
                "\(FolioBinary.url.path) --state \(folder.appendingPathComponent("state.json").path) "
                    + Fixtures.samples.path)
        }
    }

    /// Quits on kept results with a topic and a filter on, starts again on the same state file.
    func quitAndRestart(_ command: String) throws {
        let status: String
        do {
            let session = try TmuxSession(command, width: 120, height: 40)
            _ = try session.waitForText("(latest)")
            try session.send("a")
            _ = try session.waitFor("the topic bar") { $0.first?.hasPrefix(" 1 ") == true }
            try session.send("t", "1")
            _ = try session.waitForText("filter: ")
            // Esc alone: Esc and a key within 25 ms read as Alt and the key.
            try session.send("Escape")
            _ = try session.waitFor("the picker closed") { !$0.joined().contains("Topics ·") }
            try session.send("f")
            try session.type("unread")
            try session.send("Enter", "/")
            try session.type("learning")
            try session.send("Enter", "j")
            func statusLine(_ screen: [String]) -> String? { screen.first { $0.contains("search: learning*") } }
            let screen = try session.waitFor("the second result") { statusLine($0)?.hasPrefix(" 2/") == true }
            status = try #require(statusLine(screen))
            #expect(status.contains("filter: ") && status.contains("+ unread") && status.contains("ranked"))
            try session.quit()
        }
        let session = try TmuxSession(command, width: 120, height: 40)
        // The topics arrive after the first frame; the status line is the same once they have.
        let screen = try session.waitFor("the place restored") {
            $0.first { $0.contains("search: learning*") } == status
        }
        #expect(!screen.isEmpty)
        try session.send("Escape")
        _ = try session.waitForText("all days")
        try session.quit()
    }

    @Test("A broken state file is kept aside, Folio starts empty and says so")
    func corruptStateKeptAside() throws {
        let folder = TemporaryFolder.make("folio-state")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state.json")
        try "{ this is not json".write(to: state, atomically: true, encoding: .utf8)
        let session = try TmuxSession("\(FolioBinary.url.path) --state \(state.path) \(digest)", width: 100, height: 30)
        _ = try session.waitForText("1 problem loading")
        try session.send("L")
        _ = try session.waitForText("corrupt-")
        try session.send("Escape")
        _ = try session.waitFor("log closed") { !$0.joined().contains("Loading log") }
        try session.quit()
        let aside = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasPrefix("state.json.corrupt-")
        }
        #expect(aside.count == 1)
        #expect(
            try String(contentsOf: folder.appendingPathComponent(aside[0]), encoding: .utf8) == "{ this is not json")
    }
}
