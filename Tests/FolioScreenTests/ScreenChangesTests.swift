import FolioScreen
import Testing

@Suite("What the terminal must write between two screens")
struct ScreenChangesTests {
    private typealias Change = Screen.Change
    private static let bold = Style(bold: true)

    /// A screen of `size` with `rows` written from the left edge.
    private func screen(_ width: Int, _ height: Int, _ rows: [String], style: Style = .plain) -> Screen {
        var screen = Screen(size: Size(width: width, height: height))
        for (row, text) in rows.enumerated() { screen.put(text, row: row, column: 0, limit: width, style: style) }
        return screen
    }

    @Test("Identical screens need nothing written")
    func identical() {
        let before = screen(6, 3, ["abc", "中文", "🚀x"])
        #expect(before.changes(since: before).isEmpty)
        #expect(before.changes(since: screen(6, 3, ["abc", "中文", "🚀x"])).isEmpty)
    }

    @Test("One changed cell is one run of one cell")
    func oneCell() {
        let after = screen(5, 2, ["hello", "world"])
        let changes = after.changes(since: screen(5, 2, ["hello", "wxrld"]))
        #expect(changes == [Change(row: 1, column: 1, text: "o", style: .plain, width: 1)])
    }

    @Test("A row is written from its first change to its last, unchanged cells between included")
    func firstToLast() {
        let changes = screen(6, 1, ["abcdef"]).changes(since: screen(6, 1, ["xbcdxf"]))
        #expect(changes == [Change(row: 0, column: 0, text: "abcde", style: .plain, width: 5)])
    }

    @Test("A new wide character is written whole, its continuation counted in the run")
    func wideAppears() {
        let changes = screen(4, 1, ["a中b"]).changes(since: screen(4, 1, ["axyb"]))
        #expect(changes == [Change(row: 0, column: 1, text: "中", style: .plain, width: 2)])
    }

    @Test("A wide character replaced by another carries its continuation, though the continuation cell is equal")
    func wideReplaced() {
        let changes = screen(5, 1, ["ab中"]).changes(since: screen(5, 1, ["ab文"]))
        #expect(changes == [Change(row: 0, column: 2, text: "中", style: .plain, width: 2)])
    }

    @Test("A change on a continuation cell rewrites from the wide character's first cell")
    func continuationChanged() {
        let before = screen(4, 1, ["中文"])
        var after = before
        after.restyle(row: 0, columns: 3..<4) { $0.bold = true }
        let changes = after.changes(since: before)
        #expect(
            changes == [
                Change(row: 0, column: 2, text: "文", style: .plain, width: 1),
                Change(row: 0, column: 3, text: "", style: Self.bold, width: 1),
            ])
    }

    @Test("Narrow text over an old wide character starts at the old character's first cell")
    func narrowOverWide() {
        // Column 1 was the right half of 中: the run starts at its first cell, so no half of it is left behind.
        let changes = screen(4, 1, ["axyz"]).changes(since: screen(4, 1, ["中yz"]))
        #expect(changes == [Change(row: 0, column: 0, text: "ax", style: .plain, width: 2)])
    }

    @Test("An emoji is one grapheme across two cells")
    func emoji() {
        let changes = screen(4, 1, ["🚀ok"]).changes(since: screen(4, 1, ["  ok"]))
        #expect(changes == [Change(row: 0, column: 0, text: "🚀", style: .plain, width: 2)])
    }

    @Test("Changes at the right edge and on the last row")
    func edges() {
        let before = screen(5, 3, ["aaaaa", "bbbbb", "ccccc"])
        #expect(
            screen(5, 3, ["aaaaz", "bbbbb", "ccccc"]).changes(since: before)
                == [Change(row: 0, column: 4, text: "z", style: .plain, width: 1)])
        #expect(
            screen(5, 3, ["aaaaa", "bbbbb", "cccc!"]).changes(since: before)
                == [Change(row: 2, column: 4, text: "!", style: .plain, width: 1)])
        // A wide character in the last two cells of the last row.
        #expect(
            screen(5, 3, ["aaaaa", "bbbbb", "ccc中"]).changes(since: before)
                == [Change(row: 2, column: 3, text: "中", style: .plain, width: 2)])
    }

    @Test("Each changed row is its own change")
    func severalRows() {
        let changes = screen(3, 3, ["xaa", "bbb", "ccx"]).changes(since: screen(3, 3, ["aaa", "bbb", "ccc"]))
        #expect(changes.map(\.row) == [0, 2])
    }

    @Test("No previous screen, or one of another size, means every cell of every row")
    func fullRedraw() {
        let after = screen(3, 2, ["ab", "中"])
        let full = [
            Change(row: 0, column: 0, text: "ab ", style: .plain, width: 3),
            Change(row: 1, column: 0, text: "中 ", style: .plain, width: 3),
        ]
        #expect(after.changes(since: nil) == full)
        // The same text on a wider screen is still all rewritten: the terminal was cleared for the new size.
        #expect(after.changes(since: screen(4, 2, ["ab", "中"])) == full)
        #expect(after.changes(since: screen(3, 3, ["ab", "中"])) == full)
    }

    @Test("A style-only change rewrites the same text in the new style")
    func styleOnly() {
        let changes = screen(4, 1, ["abcd"], style: Self.bold).changes(since: screen(4, 1, ["abcd"]))
        #expect(changes == [Change(row: 0, column: 0, text: "abcd", style: Self.bold, width: 4)])
    }

    @Test("A run changing style mid-way is cut into one change per style")
    func runsByStyle() {
        var after = screen(6, 1, ["abcdef"])
        after.restyle(row: 0, columns: 2..<4) { $0.color = .highlight }
        let changes = after.changes(since: screen(6, 1, ["xbcdxf"]))
        #expect(
            changes == [
                Change(row: 0, column: 0, text: "ab", style: .plain, width: 2),
                Change(row: 0, column: 2, text: "cd", style: Style(color: .highlight), width: 2),
                Change(row: 0, column: 4, text: "e", style: .plain, width: 1),
            ])
    }

    @Test("The cursor is not written as a change")
    func cursorOnly() {
        let before = screen(3, 1, ["abc"])
        var after = before
        after.cursor = (0, 1)
        #expect(after.changes(since: before).isEmpty)
    }
}
