import FolioTestSupport
import Foundation
import Testing

/// `o`, `O`, `y` and `E` in the real binary under tmux: the browser a script that records its argv, the
/// clipboard tmux's own buffer, the export a file read back.
@Suite("End to end: open, copy and export", .serialized)
struct ActingEndToEndTests {
    /// folio in tmux on the hostile digests (newest day an API digest with ids, the day before a title-only
    /// paper) written into `folder`, once its first title is on the screen; and the digests' folder.
    static func reader(
        in folder: URL, options: String = "", environment: [String: String] = [:], serverOptions: [String] = []
    ) throws -> (session: TmuxSession, digests: URL) {
        let hostile = folder.appendingPathComponent("hostile")
        try FileManager.default.createDirectory(at: hostile, withIntermediateDirectories: true)
        try HostileDigests.write(into: hostile)
        let session = try TmuxSession(
            "\(FolioBinary.url.path) \(options) \(hostile.path)", environment: environment,
            serverOptions: serverOptions)
        _ = try session.waitForText("Hostile $(touch")
        return (session, hostile)
    }

    @Test("o and O start $BROWSER with the exact address as one argument; a title-only paper gives a search")
    func openThroughBrowser() throws {
        try TemporaryFolder.with("folio-open") { folder in
            let recorder = try ArgvRecorder(in: folder)
            let (session, hostile) = try Self.reader(in: folder, environment: ["BROWSER": recorder.script.path])
            try session.send("o")
            #expect(recorder.next() == ["https://huggingface.co/papers/2603.01000"])
            _ = try session.waitForText("opened Hugging Face with record-argv")
            try session.send("O")
            // The site, arXiv, the PDF and the code from the site's record, a key each. Waited for as a whole: a
            // capture can land while the frame is half written.
            let items = [("h", "Hugging Face"), ("a", "arXiv"), ("p", "PDF"), ("g", "Code")]
            let menu = try session.waitFor("the open menu with its items") { screen in
                screen.contains { $0.contains("Open · a key · Esc closes") }
                    && items.allSatisfy { key, label in screen.contains { $0.contains("\(key) \(label)") } }
            }
            for (key, label) in items {
                #expect(menu.contains { $0.contains("\(key) \(label)") }, "\(key) \(label) in the menu")
            }
            try session.send("p")
            #expect(recorder.next() == ["https://arxiv.org/pdf/2603.01000"])
            // The day before: the title-only paper, whose link is a search by its title.
            try session.send("[")
            _ = try session.waitForText("Search $(touch")
            try session.send("o")
            let argv = try #require(recorder.next())
            #expect(argv.count == 1)
            // The query as a form decodes it: + a space, then percent escapes.
            let query = argv[0].components(separatedBy: "?q=").last?.replacingOccurrences(of: "+", with: " ")
                .removingPercentEncoding
            #expect(argv[0].hasPrefix("https://huggingface.co/papers?q="))
            #expect(query == HostileDigests.textTitle(canary: HostileDigests.canary(in: hostile).path))
            _ = try session.waitForText("opened a search for the paper")
            try session.quit()
            #expect(!FileManager.default.fileExists(atPath: HostileDigests.canary(in: hostile).path))
        }
    }

    @Test("The config's browser: %s is the address, the other words its own arguments; OSC 8 links on")
    func configBrowser() throws {
        try TemporaryFolder.with("folio-open") { folder in
            let recorder = try ArgvRecorder(in: folder)
            let config = folder.appendingPathComponent("config.toml")
            try "browser = \"\(recorder.script.path) --new-tab %s --done\"\n[display]\nhyperlinks = true\n".write(
                to: config, atomically: true, encoding: .utf8)
            let (session, _) = try Self.reader(in: folder, options: "--config \(config.path)")
            try session.send("o")
            #expect(recorder.next() == ["--new-tab", "https://huggingface.co/papers/2603.01000", "--done"])
            // With OSC 8 links written over the addresses, the screen still reads the same.
            try session.send("Enter", "G")
            let screen = try session.waitForText("https://arxiv.org/pdf/2603.01000")
            #expect(screen.contains { $0.hasPrefix("https://arxiv.org/pdf/2603.01000  PDF") })
            try session.quit()
        }
    }

    @Test("A terminal browser gets the screen and the reader comes back after it")
    func terminalBrowser() throws {
        try TemporaryFolder.with("folio-open") { folder in
            let recorder = try ArgvRecorder(in: folder, name: "lynx", waitsForKey: true)
            let (session, _) = try Self.reader(in: folder, environment: ["BROWSER": recorder.script.path])
            try session.send("o")
            _ = try session.waitForText("FAKE BROWSER: press Enter")
            try session.send("Enter")
            #expect(recorder.next() == ["https://huggingface.co/papers/2603.01000"])
            _ = try session.waitForText("back from lynx")
            _ = try session.waitForText("Hostile $(touch")
            try session.quit()
        }
    }

    @Test("No display and no browser: o says so; y puts the link on tmux's clipboard (OSC 52), Y then t the title")
    func copyToTmuxBuffer() throws {
        try TemporaryFolder.with("folio-copy") { folder in
            let (session, hostile) = try Self.reader(
                in: folder, environment: ["BROWSER": "", "DISPLAY": "", "WAYLAND_DISPLAY": ""],
                serverOptions: ["set -g set-clipboard on"])
            try session.send("o")
            _ = try session.waitForText("cannot open: no display")
            try session.send("y")
            _ = try session.waitForText("copied the link (OSC 52")
            #expect(try session.tmux(["show-buffer"]) == "https://huggingface.co/papers/2603.01000")
            try session.send("Y")
            _ = try session.waitForText("BibTeX")
            try session.send("t")
            _ = try session.waitForText("copied the title")
            let title = HostileDigests.jsonTitles(canary: HostileDigests.canary(in: hostile).path)[0]
            #expect(try session.tmux(["show-buffer"]) == title)
            try session.quit()
        }
    }

    @Test("E writes the view (with a star) to the file typed; the same name again asks, then replaces")
    func exportFromReader() throws {
        try TemporaryFolder.with("folio-export") { folder in
            let state = folder.appendingPathComponent("state.json")
            let file = folder.appendingPathComponent("view.bib")
            let (session, hostile) = try Self.reader(in: folder, options: "--state \(state.path)")
            try session.send("s", "E")
            _ = try session.waitForText("Export 4 papers to:")
            try session.send("C-u")
            try session.type(file.path)
            try session.send("Enter")
            _ = try session.waitForText("exported 4 papers")
            if ExportReading.hasBibTeXParser {
                let reading = try ExportReading.read(file, format: "bibtex")
                #expect(reading.warnings == [])
                #expect(reading.titles.count == 4)
            }
            #expect(try String(contentsOf: file, encoding: .utf8).contains("keywords = {starred}"))
            try session.send("E", "C-u")
            try session.type(file.path)
            try session.send("Enter")
            _ = try session.waitForText("exists: Enter replaces it")
            try session.send("Enter")
            _ = try session.waitForText("exported 4 papers")
            try session.quit()
            // The star was saved: the command line's export of starred papers finds it.
            let starred = try FolioBinary.run([
                "export", hostile.path, "--state", state.path, "--filter", "starred", "--format", "bibtex",
            ])
            #expect(starred.status == 0)
            #expect(starred.stdout.components(separatedBy: "@misc{").count == 2)
        }
    }
}
