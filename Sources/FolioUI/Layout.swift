/// Where each pane goes for a terminal size: side by side when wide enough, else list above detail.
public struct Layout: Equatable, Sendable {
    public var list: Rect
    public var detail: Rect
    /// The line between the panes: a column side by side, a row stacked.
    public var divider: Rect
    public var status: Rect
    public var sideBySide: Bool
    /// The search pane's query line, above the list, while the pane is open.
    public var searchLine: Rect?

    public init(size: Size, settings: Settings) {
        let paneHeight = max(0, size.height - 1)
        status = Rect(row: size.height - 1, column: 0, width: size.width, height: size.height > 0 ? 1 : 0)
        sideBySide = size.width >= settings.sideBySideMinWidth
        if sideBySide {
            let listWidth = max(1, min(size.width - 2, Int((Double(size.width) * settings.listRatio).rounded())))
            list = Rect(row: 0, column: 0, width: listWidth, height: paneHeight)
            divider = Rect(row: 0, column: listWidth, width: 1, height: paneHeight)
            detail = Rect(row: 0, column: listWidth + 1, width: size.width - listWidth - 1, height: paneHeight)
        } else {
            // At least one list row whenever there is room for anything, the divider next, then detail.
            let listHeight = paneHeight <= 2 ? paneHeight : max(1, Int((Double(paneHeight) * settings.listRatio).rounded()))
            let dividerHeight = paneHeight - listHeight >= 1 ? 1 : 0
            list = Rect(row: 0, column: 0, width: size.width, height: listHeight)
            divider = Rect(row: listHeight, column: 0, width: size.width, height: dividerHeight)
            detail = Rect(row: listHeight + dividerHeight, column: 0, width: size.width,
                          height: paneHeight - listHeight - dividerHeight)
        }
    }
}
