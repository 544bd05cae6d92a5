import FolioCore
import FolioScreen
import Foundation
import Testing

@testable import FolioUI

extension Screen {
    /// One letter per cell naming its look under `theme` (A, B, … in the order they first appear), and the
    /// legend: `A = default`, `B = black on yellow bold`.
    func lookLines(_ theme: Theme) -> (legend: [String], rows: [String]) {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var seen: [ColorSpec: Character] = [:]
        var legend: [String] = []
        let rows = (0..<size.height).map { row in
            String(
                (0..<size.width).map { column in
                    let look = theme.look(for: self[row, column].style)
                    if let letter = seen[look] { return letter }
                    let letter = letters[min(seen.count, letters.count - 1)]
                    seen[look] = letter
                    legend.append("\(letter) = \(look)")
                    return letter
                })
        }
        return (legend, rows)
    }
}

@Suite("Golden screens: color themes")
struct ThemeScreenTests {
    static let size = Size(width: 80, height: 24)

    /// A screen with every part a theme colors: the topic bar with an active topic, unread and read rows, a
    /// star, the selection, matches of a kept search, the detail's heading, the status line.
    static func state() -> AppState {
        var state = UIFixtures.topicState(size)
        UIFixtures.press(&state, "a")
        state.toggleTopic(named: "interpretability")
        UIFixtures.press(&state, "/")
        UIFixtures.type(&state, "neural")
        UIFixtures.press(&state, "enter", "s", "j", "r", "j", "j", "s", "k")
        return state
    }

    /// The `[colors]` example in the README, so the README shows what its golden screen shows.
    static func readmeConfig() throws -> String {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../README.md").standardizedFileURL
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.range(of: "## Colors"))
        let start = try #require(text.range(of: "```toml\n", range: section.upperBound..<text.endIndex))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        return String(text[start.upperBound..<end.lowerBound])
    }

    @Test("Each shipped theme, and no color at all", arguments: ["dark", "light", "monochrome"])
    func shipped(name: String) throws {
        let theme =
            name == "monochrome" ? Theme.monochrome : try #require(Config.themes.first { $0.name == name }).theme
        expectScreen(render(Self.state(), size: Self.size), named: "theme-\(name)-80x24", theme: (name, theme))
    }

    @Test("The README's [colors] example changes the screen as its golden screen shows")
    func readme() throws {
        let (config, problems) = Config.parse(try Self.readmeConfig(), file: "README.md")
        #expect(problems == [])
        #expect(config.theme != Theme.dark)
        expectScreen(
            render(Self.state(), size: Self.size), named: "theme-readme-80x24",
            theme: ("\(config.themeName) with the README's [colors]", config.theme))
    }
}
