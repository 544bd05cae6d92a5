import FolioTestSupport
import Foundation
import Testing

@Suite("End to end: config, rebound keys and the mouse", .serialized)
struct KeysAndMouseTests {
    /// An X10 mouse report as a terminal sends it: ESC [ M, then button, column and row, each + 32 (1-based).
    static func mouse(button: Int, row: Int, column: Int) -> String {
        "\u{1B}[M" + String(UnicodeScalar(UInt8(32 + button))) + String(UnicodeScalar(UInt8(33 + column)))
            + String(UnicodeScalar(UInt8(33 + row)))
    }

    @Test("A key rebound in the config works, an unbound one says so, a click selects a row, a bad line is reported")
    func reboundKeyAndClick() throws {
        let folder = TemporaryFolder.make("folio-keys")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config.toml")
        try "[keys.list]\n\"x\" = \"move-down\"\n\"j\" = \"none\"\n\"y\" = \"no-such-action\"\n".write(
            to: config, atomically: true, encoding: .utf8)
        let papers = SampleCounts.pageSample
        let session = try TmuxSession(
            "\(FolioBinary.url.path) --config \(config.path) \(Fixtures.pageSample.path)", width: 100, height: 30)
        _ = try session.waitForText("1 problem loading: L shows them")
        try session.send("x", "x")
        _ = try session.waitForText("3/\(papers)")
        try session.send("j")
        _ = try session.waitForText("j is not bound here")
        // Click on the seventh row of the list (row 7 from the top, below the topic bar): press, then release.
        try session.type(Self.mouse(button: 0, row: 7, column: 10))
        try session.type(Self.mouse(button: 3, row: 7, column: 10))
        _ = try session.waitForText("7/\(papers)")
        try session.send("L")
        let log = try session.waitForText("\"no-such-action\"").joined(separator: "\n")
        #expect(log.contains("config.toml:4:"))
        try session.send("Escape")
        _ = try session.waitFor("log closed") { !$0.joined().contains("Loading log") }
        try session.quit()
    }

    @Test("folio keys and folio config --print-defaults")
    func keysCommand() throws {
        let keys = try FolioBinary.run(["keys", "--format", "markdown"])
        #expect(keys.status == 0)
        #expect(
            keys.stdout.contains(
                "| move-down | `j` `down` (list, detail, topics, help, log); `ctrl-n` (search, topics) | Move down a paper, or scroll the abstract down a line |"
            ))
        let defaults = try FolioBinary.run(["config", "--print-defaults"])
        #expect(defaults.status == 0)
        try TemporaryFolder.with("folio-defaults") { folder in
            let file = folder.appendingPathComponent("config.toml")
            try defaults.stdout.write(to: file, atomically: true, encoding: .utf8)
            let check = try FolioBinary.run(["config", "--config", file.path])
            #expect(check.status == 0)
            #expect(check.stdout == "config OK: \(file.path)\n")
        }
    }
}
