extension Screen {
    /// Cells the terminal must write: `text` in `style` from `column` of `row`, covering `width` cells.
    public struct Change: Hashable, Sendable {
        public var row: Int
        public var column: Int
        /// The cells' graphemes left to right, a wide one once (its continuation adds nothing), with any
        /// control character replaced by U+FFFD.
        public var text: String
        public var style: Style
        /// How many cells the run covers, a wide grapheme's continuation included.
        public var width: Int

        /// A run of `width` cells starting at `row`, `column`.
        public init(row: Int, column: Int, text: String, style: Style, width: Int) {
            self.row = row
            self.column = column
            self.text = text
            self.style = style
            self.width = width
        }
    }

    /// What must be written to turn `previous` (what the terminal shows) into this screen: per row, the cells
    /// from the first that differs to the last that does, cut into runs of one style. No previous screen, or one
    /// of another size, means every cell of every row. The cursor is not part of it.
    ///
    /// A run never starts or ends inside a wide grapheme: a terminal given half of one would draw garbage or
    /// shift the rest of the row, so a change on a continuation cell rewrites from the grapheme's first cell,
    /// and a change on a first cell carries its continuations along.
    public func changes(since previous: Screen?) -> [Change] {
        let previous = previous?.size == size ? previous : nil
        let width = size.width
        var changes: [Change] = []
        for row in 0..<size.height {
            func differs(_ column: Int) -> Bool { previous.map { $0[row, column] != self[row, column] } ?? true }
            guard var first = (0..<width).first(where: differs), var last = (0..<width).last(where: differs) else {
                continue
            }
            // Back up over continuations on either side: the old wide grapheme there must be overwritten whole,
            // and so must the new one.
            while first > 0, self[row, first].isContinuation || (previous?[row, first].isContinuation ?? false) {
                first -= 1
            }
            while last + 1 < width, self[row, last + 1].isContinuation { last += 1 }
            appendRuns(row: row, from: first, through: last, to: &changes)
        }
        return changes
    }

    private func appendRuns(row: Int, from first: Int, through last: Int, to changes: inout [Change]) {
        var column = first
        while column <= last {
            let start = column
            let style = self[row, column].style
            var text = String.UnicodeScalarView()
            while column <= last, self[row, column].style == style {
                for scalar in self[row, column].text.unicodeScalars { text.append(Self.terminalSafe(scalar)) }
                column += 1
            }
            changes.append(Change(row: row, column: start, text: String(text), style: style, width: column - start))
        }
    }

    /// The last guard: nothing that could steer the terminal is ever written, even if it got into a cell.
    private static func terminalSafe(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        return value < 0x20 || value == 0x7F || (0x80..<0xA0).contains(value) ? "\u{FFFD}" : scalar
    }
}
