import FolioTestSupport
import Foundation
import Testing

/// The real binary in a real terminal. Serialized: each starts a process, and the machine has two cores.
@Suite("End to end in tmux", .serialized)
struct EndToEndTests {
    var folio: String { FolioBinary.url.path }

    /// Runs `body` with a copy of the samples whose compact digest (dated by its file time) is Feb 3, 2026, so
    /// today is Apr 21, and how many papers that day lists, as `folio list` counts them.
    func withSamples(_ body: (_ folder: URL, _ latestDay: Int) throws -> Void) throws {
        try TemporaryFolder.with("folio-samples") { folder in
            let samples = try Fixtures.copySamples(into: folder)
            let latestDay = try FolioBinary.listed([samples.path, "--filter", "day:today"]).count
            #expect(
                latestDay == IndependentReading.entryCount(Fixtures.sample("001_b4ac0e39f2b1e9ff.txt")),
                "the latest day is the page of Apr 21, each of its papers listed")
            #expect(latestDay > 4, "the latest day lists enough papers to move around in")
            try body(samples, latestDay)
        }
    }

    @Test("With no arguments folio opens the bundled samples")
    func embeddedDefault() throws {
        let session = try TmuxSession(folio)
        _ = try session.waitForText("showing the bundled samples: R")
        try session.send("a")
        _ = try session.waitForText("1/\(SampleCounts.allDays) · all days")
        try session.quit()
    }

    @Test("Marks that cannot be saved: q says so and stays; q again quits, says it on stderr and exits 1")
    func unsavedMarksOnQuit() throws {
        let session = try TmuxSession("\(folio) --state /proc/folio-no-such-folder/state.json")
        _ = try session.waitForText("showing the bundled samples: R")
        try session.send("r", "q")
        _ = try session.waitForText("q again quits without them")
        #expect(session.exitStatus == nil)
        try session.send("j", "q")
        _ = try session.waitForText("q again quits without them")
        try session.send("q")
        #expect(session.waitForExit() == 1)
        let screen = try session.capture().joined(separator: " ")
        #expect(screen.contains("marks made in this session were NOT saved to /proc/folio-no-such-folder/state.json"))
    }

    @Test("Open the samples, browse, read an abstract, quit: the terminal is given back")
    func browseAndQuit() throws {
        try withSamples { folder, latestDay in
            let session = try TmuxSession("\(folio) \(folder.path)")
            var screen = try session.waitForText("(latest)")
            #expect(screen.last(where: { !$0.isEmpty })?.contains("1/\(latestDay)") == true)
            #expect(session.alternateScreenOn)
            try session.send("j", "j", "j")
            screen = try session.waitForText("4/\(latestDay)")
            try session.send("Enter")
            screen = try session.waitForText("Esc list")
            try session.send("G")
            try session.send("Escape")
            screen = try session.waitForText("── 4/\(latestDay)")
            try session.send("End")
            screen = try session.waitForText("\(latestDay)/\(latestDay)")
            try session.send("]")
            screen = try session.waitForText("newest day")
            try session.send("[")
            screen = try session.waitForText("Feb 3, 2026")
            try session.send("a")
            screen = try session.waitForText("all days")
            #expect(screen.contains { $0.contains("/\(SampleCounts.allDays)") })
            try session.quit()
            #expect(!session.alternateScreenOn)
        }
    }

    @Test("/ searches as you type, matches are highlighted, Esc restores the view, Enter keeps the results")
    func search() throws {
        let papers = SampleCounts.pageSample
        let session = try TmuxSession("\(folio) \(Fixtures.pageSample.path)", width: 100, height: 30)
        _ = try session.waitForText("1/\(papers)")
        try session.send("3", "j")
        _ = try session.waitForText("4/\(papers)")
        try session.send("/")
        _ = try session.waitForText("type words")
        try session.type("neural collapse", oneAtATime: true)
        var screen = try session.waitFor("results") { lines in
            lines.contains { $0.hasPrefix("/neural collapse") && $0.contains("results") }
        }
        // Row 0 is the topic bar, row 1 the query line, then the results.
        #expect(screen[2].contains("Collapse"))
        // The matched words are drawn black on yellow: look for the colour codes tmux reports.
        let colored = try session.captureColored()
        #expect(
            colored.contains("\u{1B}[30m\u{1B}[43m") || colored.contains("\u{1B}[30;43m") || colored.contains("43m"))
        try session.send("Escape")
        screen = try session.waitFor("the view as it was") { lines in
            (lines.last { !$0.isEmpty } ?? "").hasPrefix(" 4/\(papers) ")
        }
        try session.send("/")
        _ = try session.waitForText("type words")
        try session.type("collapse", oneAtATime: true)
        _ = try session.waitFor("results") { lines in
            lines.contains { $0.hasPrefix("/collapse") && $0.contains("results") }
        }
        try session.send("Enter")
        screen = try session.waitForText("search: collapse")
        try session.send("n")
        _ = try session.waitFor("the next result") { lines in (lines.last { !$0.isEmpty } ?? "").hasPrefix(" 2/") }
        try session.quit()
    }

    @Test("Resizing re-lays out at once, down to 1x1 and back")
    func resize() throws {
        try withSamples { folder, latestDay in
            let session = try TmuxSession("\(folio) \(folder.path)", width: 130, height: 40)
            var screen = try session.waitForText("(latest)")
            #expect(screen[1].contains("│"), "side by side at 130 columns (row 0 is the topic bar)")
            try session.resize(width: 80, height: 24)
            screen = try session.waitFor("stacked layout") { lines in
                lines.contains { $0.hasPrefix("── 1/\(latestDay)") }
            }
            try session.resize(width: 1, height: 1)
            Thread.sleep(forTimeInterval: 0.3)
            #expect(!session.isDead)
            try session.resize(width: 20, height: 5)
            screen = try session.waitFor("tiny layout") { lines in lines.contains { $0.hasPrefix(" 1/\(latestDay)") } }
            try session.send("j")
            try session.resize(width: 120, height: 30)
            // The resize may be read before the j typed ahead of it: wait for both to show.
            screen = try session.waitFor("side by side again, on the second paper") { lines in
                lines.count > 1 && lines[1].contains("│") && lines.contains { $0.contains(" 2/\(latestDay) ") }
            }
            try session.send("C-l")
            screen = try session.waitForText("2/\(latestDay)")
            try session.quit()
        }
    }

    @Test("Wide characters take their real columns and escape sequences never reach the terminal")
    func wideCharacters() throws {
        let folder = TemporaryFolder.make("folio-e2e")
        defer { try? FileManager.default.removeItem(at: folder) }
        let digest = """
            Daily Papers

            Mar 3

            中文标题 Fréchet 🚀 Title

            Abstract with an escape \u{1B}[2J\u{1B}[31mRED and a bell \u{07}.

            ·
            Mar 1, 2025 42

            Plain ASCII Title

            Plain abstract.

            ·
            Mar 2, 2025 7
            """
        let file = folder.appendingPathComponent("2026-03-03.txt")
        try digest.write(to: file, atomically: true, encoding: .utf8)
        let session = try TmuxSession("\(folio) \(file.path)", width: 80, height: 24)
        let screen = try session.waitForText("Plain ASCII Title")
        let wideRow = try #require(screen.first { $0.contains("中文标题") })
        let plainRow = try #require(screen.first { $0.contains("Plain ASCII Title") })
        // The date column lines up: the wide title is measured in terminal columns, not characters.
        func dateColumn(_ row: String, _ date: String) -> Int? {
            guard let range = row.range(of: date) else { return nil }
            return row[..<range.lowerBound].reduce(0) {
                $0 + (($1.unicodeScalars.first!.value >= 0x1100 && $1 != "é") ? 2 : 1)
            }
        }
        #expect(dateColumn(wideRow, "Mar 1, 2025") == dateColumn(plainRow, "Mar 2, 2025"))
        // The columns are as wide as the rows need: an 11-column date, a space, `▲42`, and a space each side.
        #expect(dateColumn(wideRow, "Mar 1, 2025") == 80 - (11 + 1 + 3 + 2) + 1)
        // The escape sequence showed as text; the screen was not cleared and nothing turned red.
        let detail = screen.joined(separator: "\n")
        #expect(detail.contains("[2J"))
        #expect(detail.contains("\u{FFFD}[31mRED"))
        let colored = try session.captureColored()
        #expect(!colored.contains("\u{1B}[31m"))
        try session.quit()
    }

    @Test("SIGTERM, SIGINT and SIGHUP give the terminal back", arguments: [15, 2, 1])
    func signals(signal: Int32) throws {
        let session = try TmuxSession("\(folio)", width: 80, height: 24)
        _ = try session.waitForText("showing the bundled samples: R")
        let pid = try #require(session.pid)
        kill(pid, signal)
        #expect(session.waitForExit() == 128 + signal)
        #expect(!session.alternateScreenOn)
    }

    @Test("When the terminal goes away without a signal, folio exits instead of spinning")
    func terminalLost() throws {
        let session = try TmuxSession("\(folio)", width: 80, height: 24)
        _ = try session.waitForText("showing the bundled samples: R")
        let pid = try #require(session.pid)
        let server = try #require(Int32(try session.display("#{pid}")))
        kill(server, SIGKILL)
        let deadline = Date().addingTimeInterval(10)
        while kill(pid, 0) == 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(kill(pid, 0) != 0, "folio still running after its terminal closed")
    }

    @Test("A digest on standard input; keys then come from the terminal")
    func standardInput() throws {
        let session = try TmuxSession("\(folio) - < \(Fixtures.pageSample.path)", width: 100, height: 30)
        _ = try session.waitForText("1/\(SampleCounts.pageSample)")
        try session.send("j")
        _ = try session.waitForText("2/\(SampleCounts.pageSample)")
        try session.quit()
    }

    @Test("Without a terminal folio exits 2 with a clear message")
    func notATerminal() throws {
        let result = try FolioBinary.run([])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a terminal"))
    }

    @Test("folio search: best first within --limit, a note when more match, exit 1 on no match or nothing read")
    func searchCommand() throws {
        let corpus = Fixtures.corpus.path
        let all = try FolioBinary.run(["search", "language models", corpus, "--limit", "0"])
        #expect(all.status == 0)
        let total = all.stdout.split(separator: "\n").count
        #expect(total > 20)
        #expect(all.stderr.isEmpty)
        let some = try FolioBinary.run(["search", "language models", corpus])
        #expect(some.stdout.split(separator: "\n").count == 20)
        #expect(some.stderr.contains("the best 20 of \(total) papers shown"))
        let excluded = try FolioBinary.run(["search", "--limit", "0", "--", "-language models", corpus])
        #expect(excluded.status == 0 && excluded.stderr.isEmpty && excluded.stdout.split(separator: "\n").count > 0)
        let none = try FolioBinary.run(["search", "zzqxvw", corpus])
        #expect(none.status == 1 && none.stdout.isEmpty && none.stderr.contains("no paper matches"))
        let missing = try FolioBinary.run(["search", "models", "/nonexistent-folder"])
        #expect(missing.status == 2, "an error, not nothing matched")
        #expect(missing.stderr.contains("/nonexistent-folder") && missing.stderr.contains("no papers could be read"))
        let topics = try FolioBinary.run(["topics", "/nonexistent-folder"])
        #expect(topics.status == 2 && topics.stdout.isEmpty)
    }

    @Test("folio check lists every problem and a summary, exit 1")
    func check() throws {
        let folder = TemporaryFolder.make("folio-check")
        defer { try? FileManager.default.removeItem(at: folder) }
        let digest = Fixtures.corpus.appendingPathComponent("2025-12-07.json")
        try FileManager.default.copyItem(at: digest, to: folder.appendingPathComponent(digest.lastPathComponent))
        // Three files read and found wanting, among them a name with an escape sequence (quoted in the message,
        // never sent to the terminal).
        let badFiles = ["binary.txt", "notes.md", "e\u{1B}[31mred.txt"]
        try Data([0x00, 0x01, 0x02, 0xFF]).write(to: folder.appendingPathComponent(badFiles[0]))
        try "just some notes\nnothing here\n".write(
            to: folder.appendingPathComponent(badFiles[1]), atomically: true, encoding: .utf8)
        try Data().write(to: folder.appendingPathComponent(badFiles[2]))
        // Not read at all: a picture, a named pipe (read, it would wait for a writer forever) and a link to a
        // folder (not followed, but said so).
        try "x".write(to: folder.appendingPathComponent("picture.png"), atomically: true, encoding: .utf8)
        #expect(mkfifo(folder.appendingPathComponent("pipe.txt").path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("linked").path,
            withDestinationPath: Fixtures.corpus.path)
        let result = try FolioBinary.run(["check", folder.path])
        #expect(result.status == 1)
        #expect(!result.stdout.contains("\u{1B}") && !result.stderr.contains("\u{1B}"))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasSuffix("binary.txt:1: binary file (contains NUL bytes), skipped") })
        #expect(lines.contains { $0.contains("notes.md:1: not a digest") })
        #expect(lines.contains { $0.hasSuffix("e\u{FFFD}[31mred.txt:1: empty file, no papers") })
        #expect(lines.contains { $0.contains("note: skipped") && $0.contains("picture.png") })
        #expect(lines.contains { $0.contains("note: skipped") && $0.contains("pipe.txt: not a regular file") })
        #expect(lines.contains { $0.contains("note: skipped") && $0.contains("linked: a link to a folder") })
        let entries = IndependentReading.entryCount(digest)
        let papers = Set(IndependentReading.arxivIDs(digest)).count
        #expect(
            lines.last
                == "\(1 + badFiles.count) files, \(entries) entries, \(papers) papers, \(badFiles.count) problems")

        let clean = try FolioBinary.run(["check", Fixtures.corpus.path])
        #expect(clean.status == 0)
        let corpus = Fixtures.files(in: Fixtures.corpus)
        let corpusEntries = corpus.map(IndependentReading.entryCount).reduce(0, +)
        // Telling the corpus's papers apart takes the identity rules (arXiv ids, titles, renamed papers), beyond a
        // simple reading: its papers are as folio list counts them.
        let corpusPapers = try FolioBinary.listed([Fixtures.corpus.path]).count
        #expect(corpusPapers > 0 && corpusPapers < corpusEntries, "papers listed on several days are one paper each")
        #expect(
            clean.stdout.hasSuffix(
                "\(corpus.count) files, \(corpusEntries) entries, \(corpusPapers) papers, 0 problems\n"))
    }
}
