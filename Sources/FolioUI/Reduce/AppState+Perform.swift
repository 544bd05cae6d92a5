import FolioCore
import FolioScreen

extension AppState {
    /// What the list and the detail pane do with an action, and the global actions: whatever the mode on top
    /// (if any) handed on.
    mutating func performInPanes(_ action: Action, count: Int?, times: Int, argument: String?) {
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
            if focus == .detail {
                detailScroll = maxDetailScroll
            } else {
                select(count.map { $0 - 1 } ?? visible.count - 1)
            }
        case .focusDetail:
            openDetail()
        case .focusList:
            // Back: from the abstract to the list, and from kept search results to the view before them.
            if focus == .list { leaveKeptSearch() } else { focus = .list }
        case .nextDay: stepDay(by: times)
        case .prevDay: stepDay(by: -times)
        case .toggleAllDays:
            if case .allDays = scope {
                if let today = library.days.indices.last {
                    setScope(.day(dayIndex(containing: selectedPaperID) ?? today))
                }
            } else {
                setScope(.allDays)
            }
        case .cycleSort:
            setSort(sort.next)
        case .help:
            var help = HelpOverlay()
            help.layOut(in: self)
            modal = .help(help)
        case .search:
            openSearch()
        case .topics:
            openTopicPicker()
        case .toggleTopic:
            if let argument {
                toggleTopic(named: argument)
            } else {
                message = "t opens the topic picker (a key can run toggle-topic:NAME)"
            }
        case .filter:
            openFilterPrompt()
        case .applyFilter:
            if let argument { applyNamedFilter(argument) }
        case .clearFilters:
            clearFilters()
        case .historyBack, .historyForward:
            // Only the search line and the filter prompt keep a history.
            break
        case .nextMatch:
            nextMatch(forward: true, times: times)
        case .prevMatch:
            nextMatch(forward: false, times: times)
        case .toggleRead:
            if let paper = selectedPaperID { setMark(.read, to: !isRead(paper), on: [paper]) }
        case .toggleStar:
            if let paper = selectedPaperID { setMark(.star, to: !isStarred(paper), on: [paper]) }
        case .markAllRead:
            if viewUnread == 0 {
                message = "every paper in this view is read"
            } else {
                modal = .confirmation(.markAllRead(count: viewUnread))
            }
        case .undo:
            undo()
        case .redo:
            redo()
        case .showLog:
            var log = LogOverlay()
            log.layOut(in: self)
            modal = .log(log)
        case .nextPaper, .prevPaper:
            let wasDetail = focus == .detail
            select(selection + (action == .nextPaper ? times : -times))
            if wasDetail { openDetail() }
        case .openLink, .openMenu, .copyLink, .copyMenu, .exportView:
            performActing(action)
        case .refresh:
            requestRefresh()
        case .tag:
            openTagPrompt(papers: selectedPaperID.map { [$0] } ?? [])
        case .tagView:
            openTagPrompt(papers: visible)
        case .editNote:
            requestNoteEdit()
        case .showRelated:
            showRelated()
        case .redraw, .suspend, .quit:
            // Every mode shares these; `perform` carried them out before any mode saw them.
            break
        }
    }

    /// Focuses the detail pane and, as the setting says, marks the paper read.
    mutating func openDetail() {
        guard let paper = selectedPaperID else { return }
        focus = .detail
        if settings.markReadOnOpen, !isRead(paper) { setMark(.read, to: true, on: [paper]) }
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
        if case .search = modal { modal = nil }
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
}
