import FolioCore
import FolioScreen
import FolioTestSupport
import Foundation
import Testing

@testable import FolioUI

enum UIFixtures {
    /// Papers on the newest sample day and in all days, counted from the files without Folio's parser.
    static let todayCount = IndependentReading.entryCount(Fixtures.sample("001_b4ac0e39f2b1e9ff.txt"))
    static let allDaysCount = IndependentReading.distinctTitleCount(Fixtures.files(in: Fixtures.samples))

    static let screens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Screens")

    /// The bundled samples, with the compact one dated by a fixed file time.
    static var sampleLibrary: Library { Fixtures.sampleLibrary }

    /// Titles and abstracts that test widths: accents, Greek, CJK, emoji, and control characters that must not leak.
    static let wideLibrary: Library = {
        let text = """
            Daily Papers

            Mar 3

            Fréchet Δ-Networks: 中文标题的论文 with emoji 🚀 and more words to fill the row

            Abstract with 日本語のテキスト and a combining é and Greek αβγ, then an escape \u{1B}[31mRED\u{1B}[0m and a bell \u{07} and C1 \u{9B}2J.

              • 2 authors
            ·
            Mar 1, 2025 42

            Plain ASCII Title

            Plain abstract.

            ·
            Mar 3 1.5k
            """
        return DigestLoader.load(inputs: [DigestInput(source: "2026-03-03.txt", text: text)])
    }()

    static func state(_ library: Library, _ size: Size) -> AppState {
        AppState(library: library, size: size)
    }

    static func state(_ size: Size) -> AppState { state(sampleLibrary, size) }

    static func press(_ state: inout AppState, _ names: String...) {
        for name in names {
            let key = Key(name: name)!
            _ = state.handle(.key(key))
        }
    }
}

/// Compares a rendered screen with its golden file; `RECORD_SCREENS=1 swift test` writes the files anew.
///
/// The file holds the rows of text, then a legend, then the rows of styles, each row framed by `|` so that its
/// trailing spaces show (and survive editors that strip them).
func expectScreen(
    _ screen: Screen, named name: String, theme: (name: String, theme: Theme)? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    func framed(_ rows: [String]) -> [String] { rows.map { "|\($0)|" } }
    var rendered =
        (framed(screen.lines) + [
            "--- styles: . plain, r reverse, b bold, u underline, d muted, a accent, h highlight, s star"
        ]
        + framed(screen.styleLines)).joined(separator: "\n") + "\n"
    // With a theme, what the terminal draws each cell as: a letter per look, the looks listed first.
    if let theme {
        let (legend, rows) = screen.lookLines(theme.theme)
        rendered += (["--- colors, theme \(theme.name):"] + legend + framed(rows)).joined(separator: "\n") + "\n"
    }
    let url = UIFixtures.screens.appendingPathComponent("\(name).txt")
    if ProcessInfo.processInfo.environment["RECORD_SCREENS"] == "1" {
        try! FileManager.default.createDirectory(at: UIFixtures.screens, withIntermediateDirectories: true)
        try! rendered.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record(
            "no golden screen \(name).txt; record it with RECORD_SCREENS=1 swift test\n\(rendered)",
            sourceLocation: sourceLocation)
        return
    }
    #expect(rendered == expected, "screen \(name) differs from its golden file", sourceLocation: sourceLocation)
}
