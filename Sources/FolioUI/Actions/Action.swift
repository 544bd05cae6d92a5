/// Every command a person can run. The dispatcher, the config file, the `?` overlay and `folio keys` all read
/// `Action.table`, so they can never disagree about names or help.
public enum Action: String, CaseIterable, Sendable, Hashable {
    case moveDown = "move-down"
    case moveUp = "move-up"
    case pageDown = "page-down"
    case pageUp = "page-up"
    case halfPageDown = "half-page-down"
    case halfPageUp = "half-page-up"
    case top
    case bottom
    case nextPaper = "next-paper"
    case prevPaper = "prev-paper"
    case focusDetail = "focus-detail"
    case focusList = "focus-list"
    case nextDay = "next-day"
    case prevDay = "prev-day"
    case toggleAllDays = "toggle-all-days"
    case cycleSort = "cycle-sort"
    case toggleRead = "toggle-read"
    case toggleStar = "toggle-star"
    case markAllRead = "mark-all-read"
    case undo
    case redo
    case topics
    case toggleTopic = "toggle-topic"
    case filter
    case applyFilter = "apply-filter"
    case clearFilters = "clear-filters"
    case search
    case historyBack = "history-back"
    case historyForward = "history-forward"
    case nextMatch = "next-match"
    case prevMatch = "prev-match"
    case openLink = "open-link"
    case openMenu = "open-menu"
    case copyLink = "copy-link"
    case copyMenu = "copy-menu"
    case exportView = "export-view"
    case help
    case showLog = "show-log"
    case refresh
    case redraw
    case suspend
    case quit
    case tag
    case tagView = "tag-view"
    case editNote = "edit-note"
    case showRelated = "show-related"

    /// The kebab-case name used in the config and by `folio keys`.
    public var name: String { rawValue }

    public var info: ActionInfo { Self.infoByAction[self]! }

    public init?(name: String) { self.init(rawValue: name) }

    /// The one table: name, help line and group of every action, in the order the help shows them.
    public static let table: [ActionInfo] = [
        ActionInfo(.moveDown, "Move down a paper, or scroll the abstract down a line", .navigation),
        ActionInfo(.moveUp, "Move up a paper, or scroll the abstract up a line", .navigation),
        ActionInfo(.pageDown, "Move or scroll down a page", .navigation),
        ActionInfo(.pageUp, "Move or scroll up a page", .navigation),
        ActionInfo(.halfPageDown, "Move or scroll down half a page", .navigation),
        ActionInfo(.halfPageUp, "Move or scroll up half a page", .navigation),
        ActionInfo(.top, "Go to the first paper, or the top of the abstract", .navigation),
        ActionInfo(.bottom, "Go to the last paper (or paper N with a count), or the end of the abstract", .navigation),
        ActionInfo(.nextPaper, "Next paper, staying in the pane you are in (read on without going back)", .navigation),
        ActionInfo(.prevPaper, "Previous paper, staying in the pane you are in", .navigation),
        ActionInfo(.focusDetail, "Read the selected paper: focus the detail pane", .panes),
        ActionInfo(
            .focusList,
            "Go back: to the list (from the detail pane or the topic picker), from kept search results to the view before",
            .panes),
        ActionInfo(.nextDay, "Show the next day's papers", .days),
        ActionInfo(.prevDay, "Show the previous day's papers", .days),
        ActionInfo(.toggleAllDays, "Switch between one day and all days (each paper once, newest first)", .days),
        ActionInfo(
            .cycleSort, "Cycle the sort: digest order (ranked on kept results), upvotes, title, first seen", .days),
        ActionInfo(.toggleRead, "Mark the selected paper read or unread", .marks),
        ActionInfo(.toggleStar, "Star or unstar the selected paper", .marks),
        ActionInfo(.markAllRead, "Mark every paper in the view read (asks first)", .marks),
        ActionInfo(.tag, "Tag the selected paper: names add, -name removes, Tab completes the tags in use", .marks),
        ActionInfo(.tagView, "Tag every paper in the view (as tag: names add, -name removes)", .marks),
        ActionInfo(.editNote, "Write or edit the paper's note in $VISUAL, else $EDITOR, else vi", .marks),
        ActionInfo(.undo, "Undo the last mark change (a bulk one as one step)", .marks),
        ActionInfo(.redo, "Redo the mark change just undone", .marks),
        ActionInfo(
            .topics, "Pick topics to narrow the list; in the picker 1-9 or Enter toggles one, Esc closes it", .topics),
        ActionInfo(
            .toggleTopic,
            "In the topic picker: toggle the highlighted topic (toggle-topic:NAME toggles that one anywhere)", .topics),
        ActionInfo(
            .filter, "Filter the list: topic:NAME, unread, starred, upvotes>10, date>=2025-12-01, words; and, or, not",
            .topics),
        ActionInfo(.applyFilter, "Apply a named filter from the config's [filters] (bind apply-filter:NAME)", .topics),
        ActionInfo(.clearFilters, "Clear every topic and filter", .topics),
        ActionInfo(
            .search,
            "Search every day as you type; Enter keeps the results, Esc goes back (in the help: filter the keys)",
            .search),
        ActionInfo(.historyBack, "On the search line: recall an older query", .search),
        ActionInfo(.historyForward, "On the search line: recall a newer query", .search),
        ActionInfo(.nextMatch, "Next search result; in the abstract, the next line with a match", .search),
        ActionInfo(.prevMatch, "Previous search result; in the abstract, the previous line with a match", .search),
        ActionInfo(.openLink, "Open the paper's page in the browser (a title-only paper: a search for it)", .acting),
        ActionInfo(.openMenu, "Choose a link of the paper to open: its page, arXiv, PDF, code, project", .acting),
        ActionInfo(.copyLink, "Copy the paper's link to the clipboard", .acting),
        ActionInfo(.copyMenu, "Choose what to copy: link, title, arXiv id, a Markdown line, a BibTeX entry", .acting),
        ActionInfo(.exportView, "Export the papers in view to a file: .bib, .md, .csv, .json or .ris", .acting),
        ActionInfo(.help, "Show the keys and what they do", .general),
        ActionInfo(.showLog, "Show the problems met while loading digests", .general),
        ActionInfo(
            .refresh,
            "Fetch the newest papers from the site (and those missed since) in the background; the view updates in place",
            .general),
        ActionInfo(.redraw, "Redraw the screen", .general),
        ActionInfo(.suspend, "Suspend to the shell (fg comes back)", .general),
        ActionInfo(.quit, "Quit (reading state is saved)", .general),
        ActionInfo(
            .showRelated, "List the papers most like the selected one, most similar first (Esc goes back)", .search),
    ]

    private static let infoByAction: [Action: ActionInfo] = Dictionary(
        uniqueKeysWithValues: table.map { ($0.action, $0) })
}

/// What the help overlay groups actions under.
public enum ActionGroup: String, CaseIterable, Sendable {
    case navigation = "Moving around"
    case panes = "Panes"
    case days = "Days and sorting"
    case marks = "Read and starred"
    case topics = "Topics and filters"
    case search = "Searching"
    case acting = "Open, copy and export"
    case general = "General"
}

public struct ActionInfo: Sendable, Hashable {
    public var action: Action
    public var help: String
    public var group: ActionGroup

    public init(_ action: Action, _ help: String, _ group: ActionGroup) {
        self.action = action
        self.help = help
        self.group = group
    }

    public var name: String { action.name }
}
