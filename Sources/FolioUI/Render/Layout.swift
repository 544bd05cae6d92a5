import FolioScreen

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
    /// The topic bar, the first row, when shown.
    public var topicBar: Rect?

    /// The topic bar needs this many rows in all, so that it never takes the last rows from the panes.
    static let topicBarMinimumHeight = 8

    public init(size: Size, settings: Settings) {
        let showsTopicBar = settings.topicBar && size.height >= Self.topicBarMinimumHeight
        let top = showsTopicBar ? 1 : 0
        topicBar = showsTopicBar ? Rect(row: 0, column: 0, width: size.width, height: 1) : nil
        let paneHeight = max(0, size.height - 1 - top)
        status = Rect(row: size.height - 1, column: 0, width: size.width, height: size.height > 0 ? 1 : 0)
        sideBySide = size.width >= settings.sideBySideMinWidth
        if sideBySide {
            let listWidth = max(1, min(size.width - 2, Int((Double(size.width) * settings.listRatio).rounded())))
            list = Rect(row: top, column: 0, width: listWidth, height: paneHeight)
            divider = Rect(row: top, column: listWidth, width: 1, height: paneHeight)
            detail = Rect(row: top, column: listWidth + 1, width: size.width - listWidth - 1, height: paneHeight)
        } else {
            // At least one list row whenever there is room for anything, the divider next, then detail.
            let listHeight =
                paneHeight <= 2 ? paneHeight : max(1, Int((Double(paneHeight) * settings.listRatio).rounded()))
            let dividerHeight = paneHeight - listHeight >= 1 ? 1 : 0
            list = Rect(row: top, column: 0, width: size.width, height: listHeight)
            divider = Rect(row: top + listHeight, column: 0, width: size.width, height: dividerHeight)
            detail = Rect(
                row: top + listHeight + dividerHeight, column: 0, width: size.width,
                height: paneHeight - listHeight - dividerHeight)
        }
    }
}
