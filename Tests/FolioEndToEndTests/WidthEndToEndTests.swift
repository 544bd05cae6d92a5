import FolioTestSupport
import Foundation
import Testing

/// Emoji sequences measured by the terminal itself: tmux's cursor after printing a line folio wrote.
@Suite("Emoji widths in tmux", .serialized)
struct WidthEndToEndTests {
    @Test("The terminal's cursor ends where folio's measure of the line says")
    func emojiLine() throws {
        try TemporaryFolder.with { folder in
            let digest = """
                Daily Papers
                Mar 3
                Emoji A👩🏻\u{200D}💻B1\u{FE0F}\u{20E3}C✔\u{FE0F}D👍🏽E🇫🇷F
                Abstract.
                ·
                Mar 1, 2025 42

                """
            let file = folder.appendingPathComponent("2026-03-03.txt")
            try digest.write(to: file, atomically: true, encoding: .utf8)
            // No newline after the line, so the cursor stays at its end.
            let session = try TmuxSession(
                "printf %s \"$(\(FolioBinary.url.path) search emoji \(file.path) | head -n 1)\"; sleep 20",
                width: 100, height: 5)
            let screen = try session.waitForText("Emoji A")
            let line = try #require(screen.first { $0.contains("Emoji A") })
            // Around the title only one-column characters (ASCII, • and ▲); the title is drawn as
            // `Emoji A👩💻B1C✔D👍E🇫🇷F`, which TextWidth (FolioScreenTests checks the same forms) measures as
            // 7 + 2 + 2 + 3 + 1 + 1 + 2 + 1 + 2 + 1 = 22 columns.
            let title = "Emoji A👩💻B1C✔D👍E🇫🇷F"
            let parts = try #require(line.range(of: title), "the title is drawn in its plain form: \(line)")
            let before = line[..<parts.lowerBound].count
            let after = line[parts.upperBound...].replacingOccurrences(of: " +$", with: "", options: .regularExpression)
                .count
            #expect(try session.display("#{cursor_x}") == "\(before + 22 + after)")
        }
    }
}
