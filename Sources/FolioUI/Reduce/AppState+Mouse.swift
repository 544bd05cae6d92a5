import FolioCore
import FolioScreen

extension AppState {
    /// Clicks and the wheel: on the topic bar, the list and the detail pane.
    mutating func handleMouse(_ mouse: MouseEvent) -> [Effect] {
        guard settings.mouse else { return [] }
        // Under the help or the log nothing is clickable.
        switch modal {
        case .help, .log: return []
        default: break
        }
        let layout = self.layout
        // A click on the topic bar toggles the topic under it.
        if let bar = layout.topicBar, mouse.kind == .click, bar.contains(row: mouse.row, column: mouse.column) {
            let column = mouse.column - bar.column
            let items = topicBarItems(width: bar.width).items
            if let item = items.first(where: { $0.columns.contains(column) }) {
                // The bar stays as drawn under the pointer until a key is pressed: a second click on the same
                // spot toggles the same topic back.
                frozenTopicBar = FrozenTopicBar(
                    items: items.map { ($0.topic, $0.columns.count) }, more: topicBarItems(width: bar.width).more)
                toggleTopic(item.topic)
            }
            return []
        }
        let inList = layout.list.contains(row: mouse.row, column: mouse.column)
        let inDetail = layout.detail.contains(row: mouse.row, column: mouse.column)
        switch mouse.kind {
        case .wheelUp, .wheelDown:
            let delta = mouse.kind == .wheelDown ? 3 : -3
            if inList {
                // As less: the list scrolls; the selection follows only when it would leave the screen.
                let height = max(1, layout.list.height)
                listScroll = max(0, min(listScroll + delta, max(0, visible.count - height)))
                let onScreen = max(listScroll, min(selection, listScroll + height - 1))
                if onScreen != selection { select(onScreen) }
                return []
            } else if inDetail {
                detailScroll = max(0, min(detailScroll + delta, maxDetailScroll))
            }
        case .click, .doubleClick:
            if inList {
                let index = listScroll + (mouse.row - layout.list.row)
                if index < visible.count {
                    select(index)
                    if mouse.kind == .doubleClick { openDetail() } else { focus = .list }
                }
            } else if inDetail, selectedPaper != nil {
                focus = .detail
            }
        }
        clampScroll()
        return []
    }
}
