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
        #expect(json["version"] as? Int == 1)
        #expect((json["papers"] as? [String: Any])?.count == 2)
        let mode = try FileManager.default.attributesOfItem(atPath: state.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let session = try TmuxSession(command, width: 100, height: 30)
        let screen = try session.waitForText("\(papers - 1) unread · 1★")
        #expect(screen.contains { $0.contains(" 4/\(papers) ") }, "the selected paper is restored")
        #expect(screen.contains { $0.hasPrefix("★") })
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
