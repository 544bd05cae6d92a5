import FolioTestSupport
import Foundation
import Testing

/// Topics and filters in the real binary: the picker narrows the list in place, the filter prompt too, and the
/// counts agree with `folio list --filter` over the same digests.
@Suite("End to end: topics and filters", .serialized)
struct TopicsEndToEndTests {
    @Test(
        "t toggles a topic (a user's own from topics.toml), f applies a filter, a bad one points at its column, F clears"
    )
    func topicAndFilter() throws {
        let home = TemporaryFolder.make("folio-topics")
        defer { try? FileManager.default.removeItem(at: home) }
        let configFolder = home.appendingPathComponent("config")
        try FileManager.default.createDirectory(
            at: configFolder.appendingPathComponent("folio"), withIntermediateDirectories: true)
        try """
        [topics.saes]
        keywords = ["sparse autoencoder*", "dictionary learning"]
        """.write(to: configFolder.appendingPathComponent("folio/topics.toml"), atomically: true, encoding: .utf8)
        let samples = Fixtures.samples.path
        let environment = [
            "XDG_CONFIG_HOME": configFolder.path, "XDG_STATE_HOME": home.appendingPathComponent("state").path,
        ]
        func listed(_ filter: String) throws -> Int {
            let result = try FolioBinary.run(["list", samples, "--filter", filter], environment: environment)
            // Exit 1 with nothing on standard output when no paper matches, as grep does.
            #expect(result.status == 0 || (result.status == 1 && result.stdout.isEmpty), "\(result.stderr)")
            return result.stdout.split(separator: "\n").count
        }
        let session = try TmuxSession(
            "\(FolioBinary.url.path) \(samples)", width: 120, height: 40, environment: environment)
        _ = try session.waitForText("(latest)")
        try session.send("a")
        _ = try session.waitForText("1/\(SampleCounts.allDays) · all days")
        // The bar fills in once the background build is done.
        _ = try session.waitFor("the topic bar") { $0.first?.hasPrefix(" 1 ") == true }
        try session.send("t")
        _ = try session.waitForText("Topics · 1-9, 0 or Enter toggle")
        try session.send("1")
        var screen = try session.waitForText(" · filter: ")
        #expect(
            screen.contains { $0.contains("Topics · 1-9, 0 or Enter toggle") },
            "the picker stays open while the list narrows")
        let status = try #require(screen.last { !$0.isEmpty })
        let topic = try #require(status.components(separatedBy: "filter: ").last?.components(separatedBy: " · ").first)
        let inTopic = try listed("topic:\(topic)")
        #expect(
            status.hasPrefix(" 1/\(inTopic) · filter: \(topic) · all days"),
            "the list holds what folio list --filter topic:\(topic) prints")
        try session.send("Escape")
        _ = try session.waitFor("the picker closed") { !$0.joined().contains("Topics · 1-9") }
        try session.send("f")
        _ = try session.waitForText("Filter:")
        try session.type("not seen>")
        try session.send("Enter")
        screen = try session.waitForText("^ expected a whole number")
        let caret = try #require(screen.first { $0.contains("^ expected") })
        #expect(
            caret.distance(from: caret.startIndex, to: caret.firstIndex(of: "^")!) == "Filter: not seen>".count,
            "the caret is under the missing number")
        try session.send("1")
        try session.send("Enter")
        let both = try listed("topic:\(topic) and not seen>1")
        #expect(both < inTopic, "the filter narrows the topic's papers")
        _ = try session.waitForText("/\(both) · filter: \(topic) + not seen>1 · all days")
        // The user's own topic from topics.toml, through the filter language, pasted: a newline in a bracketed
        // paste is a space, not Enter.
        try session.send("f", "C-u")
        try session.tmux(["set-buffer", "topic:\nsaes"])
        try session.tmux(["paste-buffer", "-p", "-t", "0"])
        _ = try session.waitForText("Filter: topic: saes")
        try session.send("C-a", "Right", "Right", "Right", "Right", "Right", "Right", "Delete")
        _ = try session.waitForText("Filter: topic:saes")
        try session.send("Enter")
        #expect(try listed("topic:saes") > 1)
        let saes = try listed("topic:\(topic) and topic:saes")
        _ = try session.waitForText("/\(saes) · filter: \(topic) + topic:saes · all days")
        // F clears both; the selected paper stays selected.
        try session.send("F")
        _ = try session.waitForText("/\(SampleCounts.allDays) · all days")
        try session.quit()
    }

    @Test("folio list --filter prints a bad filter with a caret and exits 2; folio topics lists every source")
    func commandLine() throws {
        let samples = Fixtures.samples.path
        let bad = try FolioBinary.run(["list", samples, "--filter", "unread and (upvotes>1"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad filter at column 22: expected ) to close the ( at column 12"))
        #expect(bad.stderr.contains("  unread and (upvotes>1\n                       ^"))
        let topics = try FolioBinary.run(["topics", samples])
        #expect(topics.status == 0)
        #expect(topics.stdout.contains("built-in") && topics.stdout.contains("discovered"))
        #expect(topics.stdout.contains("over \(SampleCounts.allDays) papers"))
    }
}
