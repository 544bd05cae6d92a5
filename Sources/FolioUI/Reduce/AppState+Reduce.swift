import FolioCore
import FolioScreen

extension AppState {
    /// Feeds one event through the dispatcher and the reducer.
    public mutating func handle(_ event: Event) -> [Effect] {
        switch event {
        case .resize(let newSize):
            size = newSize
            clampScroll()
            return []
        case .mouse(let mouse):
            return handleMouse(mouse)
        case .paste(let text):
            paste(text)
            return []
        case .key(let key):
            message = nil
            if isEditingHelpFilter, case .help = overlay {
                editHelpFilter(key)
                return []
            }
            if let confirmation {
                self.confirmation = nil
                if key.text == "y" || key.text == "Y" {
                    if case .markAllRead = confirmation {
                        let changed = setMark(.read, to: true, on: visible)
                        message = "marked \(changed) paper\(changed == 1 ? "" : "s") read (u undoes)"
                    }
                } else {
                    message = "cancelled"
                }
                return []
            }
            // Digits count (`5j`) except where they are typed or pick a topic.
            let acceptsCounts = search == nil && topicPicker == nil && filterPrompt == nil
            switch dispatcher.feed(key, keymap: keymap, contexts: keyContexts, acceptsCounts: acceptsCounts) {
            case .action(let action, let count, let argument):
                return perform(action, count: count, argument: argument)
            case .pending, .cancelled:
                return []
            case .unbound(let key):
                if overlay == nil, filterPrompt != nil {
                    editFilterPrompt(key)
                    return []
                }
                if overlay == nil, topicPicker != nil, let digit = key.digit, !key.ctrl, !key.alt {
                    toggleTopic(number: digit)
                    return []
                }
                if search != nil, overlay == nil, editSearch(key) { return [] }
                if key.code != .escape { message = "\(key.name) is not bound here: ? shows the keys" }
                return []
            }
        }
    }

    /// The reducer: what an action does to the state, and what the edge must do.
    public mutating func perform(_ action: Action, count: Int? = nil, argument: String? = nil) -> [Effect] {
        let times = max(1, count ?? 1)
        if let overlay {
            return performInOverlay(overlay, action, times: times)
        }
        if filterPrompt != nil, let effects = performInFilterPrompt(action) { return effects }
        if let picker = topicPicker, let effects = performInTopicPicker(picker, action, times: times, argument: argument) {
            return effects
        }
        switch action {
        case .moveDown: move(by: times)
        case .moveUp: move(by: -times)
        case .pageDown: move(by: times * pageSize)
        case .pageUp: move(by: -times * pageSize)
        case .halfPageDown: move(by: times * max(1, pageSize / 2))
        case .halfPageUp: move(by: -times * max(1, pageSize / 2))
        case .top:
            if focus == .detail { detailScroll = 0 } else { select(count.map { $0 - 1 } ?? 0) }
        case .bottom:
            if focus == .detail { detailScroll = maxDetailScroll } else { select(count.map { $0 - 1 } ?? visible.count - 1) }
        case .focusDetail:
            openDetail()
        case .focusList:
            // Back: from the abstract to the list, and from kept search results to the view before them.
            if focus == .list { leaveKeptSearch() } else { focus = .list }
        case .nextDay: stepDay(by: times)
        case .prevDay: stepDay(by: -times)
        case .toggleAllDays:
            if case .allDays = scope {
                if let today = library.days.indices.last { setScope(.day(dayIndex(containing: selectedPaperID) ?? today)) }
            } else {
                setScope(.allDays)
            }
        case .cycleSort:
            setSort(sort.next)
        case .help:
            overlay = .help(scroll: 0)
            helpFilter = ""
        case .search:
            openSearch()
        case .topics:
            openTopicPicker()
        case .toggleTopic:
            if let argument { toggleTopic(named: argument) } else { message = "t opens the topic picker (a key can run toggle-topic:NAME)" }
        case .filter:
            openFilterPrompt()
        case .applyFilter:
            if let argument { applyNamedFilter(argument) }
        case .clearFilters:
            clearFilters()
        case .historyBack:
            recallHistory(older: true)
        case .historyForward:
            recallHistory(older: false)
        case .nextMatch:
            nextMatch(forward: true, times: times)
        case .prevMatch:
            nextMatch(forward: false, times: times)
        case .toggleRead:
            if let paper = selectedPaperID { setMark(.read, to: !isRead(paper), on: [paper]) }
        case .toggleStar:
            if let paper = selectedPaperID { setMark(.star, to: !isStarred(paper), on: [paper]) }
        case .markAllRead:
            if viewUnread == 0 { message = "every paper in this view is read" } else { confirmation = .markAllRead(count: viewUnread) }
        case .undo:
            undo()
        case .redo:
            redo()
        case .showLog:
            overlay = .log(scroll: 0)
        case .nextPaper, .prevPaper:
            let wasDetail = focus == .detail
            select(selection + (action == .nextPaper ? times : -times))
            if wasDetail { openDetail() }
        case .redraw:
            return [.redraw]
        case .suspend:
            return [.suspend]
        case .quit:
            return [.quit]
        }
        clampScroll()
        return []
    }

    /// Keys the filter prompt's context binds; nil hands the action on.
    private mutating func performInFilterPrompt(_ action: Action) -> [Effect]? {
        switch action {
        case .historyBack: recallFilterHistory(older: true)
        case .historyForward: recallFilterHistory(older: false)
        case .redraw: return [.redraw]
        case .suspend: return [.suspend]
        case .quit: return [.quit]
        default: return nil
        }
        return []
    }

    /// Keys the topic picker's context binds: moving its cursor, toggling, closing; nil hands the action on.
    private mutating func performInTopicPicker(_ picker: TopicPicker, _ action: Action, times: Int, argument: String?) -> [Effect]? {
        let page = max(1, min(picker.entries.count, layout.list.height / 2))
        switch action {
        case .moveDown: movePickerCursor(to: picker.cursor + times)
        case .moveUp: movePickerCursor(to: picker.cursor - times)
        case .pageDown, .halfPageDown: movePickerCursor(to: picker.cursor + page * times)
        case .pageUp, .halfPageUp: movePickerCursor(to: picker.cursor - page * times)
        case .top: movePickerCursor(to: 0)
        case .bottom: movePickerCursor(to: picker.entries.count - 1)
        case .toggleTopic:
            if let argument { toggleTopic(named: argument) } else if picker.entries.indices.contains(picker.cursor) {
                toggleTopic(picker.entries[picker.cursor])
            }
        case .topics, .focusList: topicPicker = nil
        case .clearFilters: clearFilters()
        default:
            // Anything else closes the picker and runs as usual.
            topicPicker = nil
            return nil
        }
        return []
    }

    private mutating func performInOverlay(_ overlay: Overlay, _ action: Action, times: Int) -> [Effect] {
        let lineCount = OverlayContent.lines(for: overlay, state: self).count
        let height = max(1, OverlayContent.frame(in: size).height - 2)
        let maxScroll = max(0, lineCount - height)
        var scroll: Int
        switch overlay {
        case .help(let value), .log(let value): scroll = value
        }
        switch action {
        case .moveDown: scroll += times
        case .moveUp: scroll -= times
        case .pageDown: scroll += times * height
        case .pageUp: scroll -= times * height
        case .halfPageDown: scroll += times * max(1, height / 2)
        case .halfPageUp: scroll -= times * max(1, height / 2)
        case .top: scroll = 0
        case .bottom: scroll = maxScroll
        case .help, .showLog:
            self.overlay = nil
            return []
        case .search:
            if case .help = overlay {
                isEditingHelpFilter = true
                scroll = 0
            }
        case .redraw: return [.redraw]
        case .suspend: return [.suspend]
        case .quit: return [.quit]
        default: return []
        }
        scroll = max(0, min(scroll, maxScroll))
        switch overlay {
        case .help: self.overlay = .help(scroll: scroll)
        case .log: self.overlay = .log(scroll: scroll)
        }
        return []
    }

    /// Focuses the detail pane and, as the setting says, marks the paper read.
    mutating func openDetail() {
        guard let paper = selectedPaperID else { return }
        focus = .detail
        if settings.markReadOnOpen, !isRead(paper) { setMark(.read, to: true, on: [paper]) }
    }

    /// Typing in the help's filter line: text narrows the keys shown, Enter keeps the filter, Esc clears it.
    private mutating func editHelpFilter(_ key: Key) {
        switch key.code {
        case .enter: isEditingHelpFilter = false
        case .escape:
            helpFilter = ""
            isEditingHelpFilter = false
        case .backspace: if !helpFilter.isEmpty { helpFilter.removeLast() }
        default:
            if key.ctrl, key.code == .character("u") { helpFilter = ""; break }
            if let text = key.text { helpFilter.append(text) }
        }
        overlay = .help(scroll: 0)
    }

    /// Rows one page moves: the height of the focused pane, less one line of overlap when scrolling text.
    var pageSize: Int {
        focus == .detail ? max(1, layout.detail.height - 1) : max(1, layout.list.height)
    }

    private mutating func move(by delta: Int) {
        if focus == .detail {
            detailScroll = max(0, min(detailScroll + delta, maxDetailScroll))
        } else {
            select(selection + delta)
        }
    }

    mutating func select(_ index: Int) {
        guard !visible.isEmpty else { return }
        let clamped = max(0, min(index, visible.count - 1))
        if clamped != selection { detailScroll = 0 }
        selection = clamped
        clampScroll()
    }

    private mutating func stepDay(by delta: Int) {
        guard !library.days.isEmpty else { return }
        search = nil
        guard case .day(let current) = scope else {
            // From all days, either key lands on today first.
            focus = .list
            setScope(.day(library.days.count - 1))
            return
        }
        let target = max(0, min(library.days.count - 1, current + delta))
        if case .day(let index) = scope, index == target {
            message = delta > 0 ? "this is the newest day" : "this is the oldest day"
            return
        }
        focus = .list
        setScope(.day(target))
    }

    private func dayIndex(containing paper: PaperID?) -> Int? {
        guard let paper else { return nil }
        let last = library.papers[paper].lastSeen
        return library.days.firstIndex { $0.date == last }
    }

    private mutating func handleMouse(_ mouse: MouseEvent) -> [Effect] {
        guard settings.mouse, overlay == nil else { return [] }
        let layout = self.layout
        // A click on the topic bar toggles the topic under it.
        if let bar = layout.topicBar, mouse.kind == .click, bar.contains(row: mouse.row, column: mouse.column) {
            let column = mouse.column - bar.column
            if let item = topicBarItems(width: bar.width).items.first(where: { $0.columns.contains(column) }) {
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
                select(selection + delta)
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
