/// A frame as a grid of cells: what `render` produces and the terminal draws.
public struct Screen: Hashable, Sendable {
    public let size: Size
    /// Row after row, `size.width` cells each.
    public private(set) var cells: [Cell]
    /// Where the terminal cursor goes (a prompt's insertion point), or nil to hide it.
    public var cursor: (row: Int, column: Int)? {
        get { cursorRow.map { ($0, cursorColumn) } }
        set {
            cursorRow = newValue?.row
            cursorColumn = newValue?.column ?? 0
        }
    }
    private var cursorRow: Int?
    private var cursorColumn = 0

    /// A screen of blanks, cursor hidden.
    public init(size: Size) {
        self.size = size
        self.cells = Array(repeating: .blank, count: size.width * size.height)
    }

    /// The cell at `row`, `column`; both must be on the screen.
    public subscript(row: Int, column: Int) -> Cell {
        cells[row * size.width + column]
    }

    /// Fills a rectangle with blanks of a style.
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        for row in max(0, rect.row)..<min(size.height, rect.row + rect.height) {
            for column in max(0, rect.column)..<min(size.width, rect.column + rect.width) {
                cells[row * size.width + column] = Cell(" ", style)
            }
        }
    }

    /// Writes `text` (already sanitized) at a position, clipped to `limit` columns and to the screen.
    /// A wide grapheme that would straddle the limit is not drawn; the cell is left blank instead.
    /// Returns the columns written.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, row: Int, column: Int, limit: Int, style: Style = .plain)
        -> Int
    {
        guard row >= 0, row < size.height, column >= 0, column < size.width else { return 0 }
        let end = min(size.width, column + max(0, limit))
        var cursor = column
        for character in text {
            let width = TextWidth.columns(character)
            if width == 0 { continue }
            if cursor + width > end { break }
            let base = row * size.width + cursor
            // Overwriting half of a wide character elsewhere would leave the other half dangling.
            clearWide(at: base, row: row)
            cells[base] = Cell(String(character), style)
            for extra in 1..<max(1, width) {
                clearWide(at: base + extra, row: row)
                cells[base + extra] = Cell("", style)
            }
            cursor += width
        }
        return cursor - column
    }

    private mutating func clearWide(at index: Int, row: Int) {
        let rowStart = row * size.width
        if cells[index].isContinuation {
            var lead = index - 1
            while lead >= rowStart, cells[lead].isContinuation {
                cells[lead] = .blank
                lead -= 1
            }
            if lead >= rowStart { cells[lead] = Cell(" ", cells[lead].style) }
        }
        var next = index + 1
        while next < rowStart + size.width, cells[next].isContinuation {
            cells[next] = .blank
            next += 1
        }
    }

    /// Styles a run of cells without changing their text (selection bars, highlights).
    public mutating func restyle(row: Int, columns: Range<Int>, _ transform: (inout Style) -> Void) {
        guard row >= 0, row < size.height else { return }
        for column in max(0, columns.lowerBound)..<min(size.width, columns.upperBound) {
            transform(&cells[row * size.width + column].style)
        }
    }

    /// The screen as text, one line per row, wide graphemes once: for golden files and tests.
    public var lines: [String] {
        (0..<size.height).map { row in
            var line = ""
            for column in 0..<size.width { line += self[row, column].text }
            return line
        }
    }

    /// One style letter per column (see `Style.code`), for golden files.
    public var styleLines: [String] {
        (0..<size.height).map { row in String((0..<size.width).map { self[row, $0].style.code }) }
    }

    /// Same size, cells and cursor.
    public static func == (lhs: Screen, rhs: Screen) -> Bool {
        lhs.size == rhs.size && lhs.cells == rhs.cells && lhs.cursorRow == rhs.cursorRow
            && lhs.cursorColumn == rhs.cursorColumn
    }

    /// Hashes size and cells; the cursor is left out (equal screens still hash alike).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(size)
        hasher.combine(cells)
    }
}
