import FolioTestSupport
import Foundation
import Testing

/// Tags and notes as a new reader meets them: in tmux, through a scripted editor, across a restart, and a sync
/// program's conflict copy merged at the next start.
@Suite("End to end: tags, notes, conflict copies", .serialized)
struct LayerEndToEndTests {
    let digest = Fixtures.pageSample.path
    let papers = SampleCounts.pageSample

    /// A stand-in for `$EDITOR`: what it does is read from `mode` beside it (`write`, `fail` or `same`), so one
    /// session meets all three. Test code: its path comes from the test, never from a digest.
    static func makeEditor(in folder: URL) throws -> (script: URL, mode: URL) {
        let script = folder.appendingPathComponent("note-editor")
        let mode = folder.appendingPathComponent("mode")
        try ExecutableScript.write(
            """
            #!/bin/sh
            case "$(cat '\(mode.path)')" in
                write) { head -n 1 "$1"; echo 'Probing sparse features'; echo 'second line'; } > "$1.new" && mv "$1.new" "$1" ;;
                fail) exit 3 ;;
                same) exit 0 ;;
            esac
            """ + "\n", to: script)
        return (script, mode)
    }

    @Test("Tag three papers, write a note through the editor, quit, start again: f tag:NAME lists them, the note shows")
    func tagsAndNoteSurviveRestart() throws {
        try TemporaryFolder.with("folio-layer") { folder in
            let (editor, mode) = try Self.makeEditor(in: folder)
            let state = folder.appendingPathComponent("state.json")
            let command = "\(FolioBinary.url.path) --state \(state.path) \(digest)"
            let environment = ["EDITOR": editor.path, "VISUAL": ""]
            do {
                let session = try TmuxSession(command, width: 100, height: 30, environment: environment)
                _ = try session.waitForText("\(papers) unread")
                for step in 0..<3 {
                    if step > 0 { try session.send("j") }
                    try session.send("T")
                    _ = try session.waitForText("Tag: ")
                    try session.type("mech")
                    try session.send("Enter")
                    _ = try session.waitForText("tags +mech on the paper")
                    try session.send("C-l")  // a key, to clear the message before the next one
                }
                try "fail".write(to: mode, atomically: true, encoding: .utf8)
                try session.send("e")
                _ = try session.waitForText("note not changed: note-editor ended with status 3")
                try "same".write(to: mode, atomically: true, encoding: .utf8)
                try session.send("e")
                _ = try session.waitForText("note unchanged")
                try "write".write(to: mode, atomically: true, encoding: .utf8)
                try session.send("e")
                _ = try session.waitForText("note saved")
                _ = try session.waitForText("Probing sparse features")
                try session.quit()
            }
            let session = try TmuxSession(command, width: 100, height: 30, environment: environment)
            _ = try session.waitForText("\(papers) unread")
            try session.send("f")
            try session.type("tag:mech")
            try session.send("Enter")
            // The place is restored on the paper left; from the top, the third is the one with the note.
            _ = try session.waitForText("/3 · filter: tag:mech")
            try session.send("g")
            _ = try session.waitForText(" 1/3 ")
            try session.send("j", "j")
            let screen = try session.waitForText("Probing sparse features")
            #expect(screen.contains { $0.contains(" 3/3 ") })
            #expect(screen.contains { $0.contains("Tags: mech") })
            #expect(!screen.joined().contains("folio note on:"), "the header line is no part of the note")
            try session.quit()
            // The one-shot commands read the same layer.
            let listed = try FolioBinary.run(["list", "--state", state.path, "--filter", "tag:mech", digest])
            #expect(listed.stdout.split(separator: "\n").count == 3, "\(listed.stdout)\(listed.stderr)")
            let noted = try FolioBinary.run(["list", "--state", state.path, "--filter", "note:sparse", digest])
            #expect(noted.stdout.split(separator: "\n").count == 1, "\(noted.stdout)\(noted.stderr)")
            // `folio search` finds the note's words too: alone, and beside words of the digests' text, where a
            // word no note holds keeps nothing.
            let searched = try FolioBinary.run(["search", "--state", state.path, "note:sparse", digest])
            #expect(searched.stdout == noted.stdout, "\(searched.stdout)\(searched.stderr)")
            let missing = try FolioBinary.run(["search", "--state", state.path, "note:nowhere", digest])
            #expect(missing.stdout.isEmpty)
        }
    }

    @Test("A conflict copy dropped beside the state file is merged at the next start and moved aside")
    func conflictCopyMergedAtStart() throws {
        try TemporaryFolder.with("folio-copy") { folder in
            let state = folder.appendingPathComponent("state.json")
            let command = "\(FolioBinary.url.path) --state \(state.path) \(digest)"
            do {
                let session = try TmuxSession(command, width: 100, height: 30)
                _ = try session.waitForText("\(papers) unread")
                try session.send("T")
                try session.type("here")
                try session.send("Enter")
                _ = try session.waitForText("tags +here on the paper")
                try session.quit()
            }
            // Another machine's copy: the same paper tagged otherwise, as a sync program would leave it.
            let written = try String(contentsOf: state, encoding: .utf8)
            #expect(written.contains("\"here\""))
            let copyName = "state.sync-conflict-20261123-100000-ABCDEFG.json"
            let copy = written.replacingOccurrences(of: "\"here\"", with: "\"there\"")
            try copy.write(to: folder.appendingPathComponent(copyName), atomically: true, encoding: .utf8)

            let session = try TmuxSession(command, width: 100, height: 30)
            _ = try session.waitForText("\(papers) unread")
            try session.send("f")
            try session.type("tag:there and tag:here")
            try session.send("Enter")
            _ = try session.waitForText(" 1/1 ")
            try session.quit()
            let merged = try String(contentsOf: state, encoding: .utf8)
            #expect(merged.contains("\"here\"") && merged.contains("\"there\""))
            let aside = folder.appendingPathComponent("state.merged").appendingPathComponent(copyName)
            #expect(try String(contentsOf: aside, encoding: .utf8) == copy, "moved whole")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(copyName).path))
        }
    }
}
