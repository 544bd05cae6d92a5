import Foundation
import FolioCore

/// Which papers the list shows: one day's, or every paper once.
public enum Scope: Equatable, Sendable {
    /// Index into `Library.days`.
    case day(Int)
    case allDays
    /// The results of a search over every day, kept as the view (Enter in the search pane).
    case search(String)
}

public enum Focus: Equatable, Sendable {
    case list, detail
}

/// A full-screen panel over the panes.
public enum Overlay: Equatable, Sendable {
    case help(scroll: Int)
    case log(scroll: Int)
}

/// Something only the edge of the program can do; `reduce` returns these as values.
public enum Effect: Equatable, Sendable {
    case quit
    /// Throw away what the terminal shows and draw everything again.
    case redraw
    /// Give the terminal back and stop, as Ctrl-Z does in a cooked terminal.
    case suspend
}

/// Everything the UI shows, changed only by `handle(_:)` and `perform(_:count:)`.
public struct AppState: Sendable {
    public let library: Library
    public var settings: Settings
    public var keymap: Keymap
    public var dispatcher = KeyDispatcher()
    public var size: Size
    public internal(set) var scope: Scope
    public internal(set) var sort: SortOrder
    /// The papers the list shows, in order.
    public internal(set) var visible: [PaperID] = []
    /// Index into `visible`.
    public var selection = 0
    /// First list row shown.
    public var listScroll = 0
    public var focus: Focus = .list
    /// First detail line shown.
    public var detailScroll = 0
    public var overlay: Overlay?
    /// A one-off message for the status line, cleared by the next key.
    public var message: String?
    /// Text the help overlay is filtered by, and whether it is being typed.
    /// Built in the background after the first frame; searches wait for it.
    public var searchIndex: SearchIndex?
    /// The search pane, while it is open.
    public var search: SearchPane?
    /// The view a kept search was started from (scope, sort, paper): Esc on the kept results goes back to it.
    var beforeKeptSearch: (scope: Scope, sort: SortOrder, paper: PaperID?)?
    /// Earlier queries, oldest first; Up and Down on the query line recall them.
    public var searchHistory: [String] = []
    /// Counts changes to the history, so the run loop knows to save it.
    public internal(set) var searchHistoryVersion = 0
    public var helpFilter = ""
    public var isEditingHelpFilter = false
    /// Problems that are not about digests (the config file, the topics file, the state file), shown in the log.
    public var startupProblems: [Diagnostic] = []

    // MARK: Reading marks
    /// The marks as they are to be saved.
    public internal(set) var reading = ReadingState()
    /// Counts changes to `reading`, so the run loop knows when there is something to save.
    public internal(set) var readingVersion = 0
    public internal(set) var flags: [PaperFlags] = []
    /// The same marks as sets, for filters and counts.
    var readSet: PaperSet
    var starredSet: PaperSet
    public internal(set) var viewUnread = 0
    public internal(set) var viewStarred = 0
    var undoStack: [[MarkChange]] = []
    var redoStack: [[MarkChange]] = []
    /// The papers in `visible`, for membership checks.
    var visibleSet: PaperSet

    // MARK: Topics and filters
    /// Built in the background with the search index; nil until then.
    public internal(set) var topicIndex: TopicIndex?
    /// The topics toggled on, in the order they were: the list keeps papers in every one of them.
    public internal(set) var activeTopics: [Int] = []
    /// The filter typed at `f` or applied by name.
    public internal(set) var activeFilter: ActiveFilter?
    /// The topic picker over the list, while it is open.
    public var topicPicker: TopicPicker?
    /// The filter prompt on the status line, while it is open.
    public var filterPrompt: FilterPrompt?
    /// The config's `[filters]`: `@NAME` in a filter, `apply-filter:NAME` on a key.
    public var namedFilters: [String: String] = [:]
    /// Filters applied before, oldest first; Up and Down at the prompt recall them.
    public var filterHistory: [String] = []
    /// Every topic in the order the bar and the picker number them: by how many papers of the view (before
    /// topics narrow it) each holds, so toggling a topic never renumbers them.
    public internal(set) var topicOrder: [Int] = []
    /// Per topic: papers of the view before topics narrow it, and papers shown now.
    public internal(set) var topicBaseCounts: [Int] = []
    public internal(set) var topicCounts: [Int] = []
    /// The scope's papers in order before any filter, and what they were computed for: toggling a topic on
    /// 100,000 papers must not sort them again.
    var baseView: [PaperID] = []
    var baseViewSet: PaperSet
    var baseViewKey: BaseViewKey?
    var filterCache: FilterCache?
    /// Per-paper numbers the filters compare, made on the first filter.
    var paperFacts: PaperFacts?
    /// Asked before a bulk change; y goes ahead, anything else cancels.
    public var confirmation: Confirmation?
    /// What time it is, for the change times of marks; tests set a fixed clock.
    public var clock: @Sendable () -> Date = { Date() }
    /// Shown in the status line when marks cannot be saved.
    public var saveProblem: String?

    public init(library: Library, settings: Settings = Settings(), keymap: Keymap = .defaults, size: Size,
                startupProblems: [Diagnostic] = [], reading: ReadingState = ReadingState()) {
        self.library = library
        self.startupProblems = startupProblems
        self.flags = Array(repeating: [], count: library.papers.count)
        self.visibleSet = PaperSet(capacity: library.papers.count)
        self.readSet = PaperSet(capacity: library.papers.count)
        self.starredSet = PaperSet(capacity: library.papers.count)
        self.baseViewSet = PaperSet(capacity: library.papers.count)
        self.settings = settings
        self.keymap = keymap
        self.size = size
        self.sort = settings.defaultSort
        // Open on today: the newest digest day.
        self.scope = library.days.isEmpty ? .allDays : .day(library.days.count - 1)
        refreshView(keeping: nil)
        absorb(reading)
        if let place = reading.place { restore(place) }
        let problemCount = library.problems.count + startupProblems.count
        if problemCount > 0 {
            message = "\(problemCount) problem\(problemCount == 1 ? "" : "s") loading: L shows them"
        }
    }

    public var layout: Layout {
        var layout = Layout(size: size, settings: settings)
        // The search pane's query line takes the first row of the list.
        if search != nil, layout.list.height > 0 {
            layout.searchLine = Rect(row: layout.list.row, column: layout.list.column, width: layout.list.width, height: 1)
            layout.list.row += 1
            layout.list.height -= 1
        }
        return layout
    }

    public var selectedPaperID: PaperID? { visible.indices.contains(selection) ? visible[selection] : nil }
    public var selectedPaper: Paper? { selectedPaperID.map { library.papers[$0] } }

    /// The day shown, when one day is.
    public var currentDay: Day? {
        if case .day(let index) = scope, library.days.indices.contains(index) { return library.days[index] }
        return nil
    }

    /// The contexts asked for a key, most specific first.
    public var keyContexts: [KeyContext] {
        switch overlay {
        case .help: return [.help]
        case .log: return [.log]
        case nil:
            if filterPrompt != nil { return [.filter] }
            if topicPicker != nil { return [.topics] }
            if search != nil { return [.search] }
            return focus == .list ? [.list, .global] : [.detail, .global]
        }
    }

    // MARK: - View

    mutating func setScope(_ newScope: Scope) {
        let keep = selectedPaperID
        scope = newScope
        refreshView(keeping: keep)
    }

    mutating func setSort(_ newSort: SortOrder) {
        let keep = selectedPaperID
        sort = newSort
        refreshView(keeping: keep)
    }

    /// Recomputes `visible` and keeps `paper` selected when it is still shown.
    mutating func refreshView(keeping paper: PaperID?) {
        let key = BaseViewKey(scope: scope, sort: sort, indexReady: searchIndex != nil)
        if key != baseViewKey {
            if case .search(let query) = scope {
                // Ranked results; another sort than digest order re-sorts them. The query reads as it did while
                // typed (its last word a prefix): Enter keeps the results that were on the screen.
                let ranked = searchIndex?.search(SearchQuery(parsing: query), limit: 5_000).map(\.paper) ?? []
                baseView = sort == .digest ? ranked : PaperOrdering.sorted(ranked, in: library, sort: sort, day: nil)
            } else {
                baseView = PaperOrdering.papers(in: library, scope: scope, sort: sort)
            }
            baseViewSet = PaperSet(capacity: library.papers.count, baseView)
            baseViewKey = key
        }
        reevaluateFilter()
        let kept = filterSet()
        visible = kept.map { set in baseView.filter { set.contains($0) } } ?? baseView
        visibleSet = kept.map { baseViewSet.intersection($0) } ?? baseViewSet
        if flags.count == library.papers.count { recountView() }
        recountTopics()
        if let paper, let index = visible.firstIndex(of: paper) {
            selection = index
        } else {
            selection = 0
            detailScroll = 0
        }
        clampScroll()
    }

    /// Keeps the selected row on screen, with the list never scrolled past its end.
    mutating func clampScroll() {
        selection = visible.isEmpty ? 0 : min(max(0, selection), visible.count - 1)
        let height = max(1, layout.list.height)
        if selection < listScroll { listScroll = selection }
        if selection >= listScroll + height { listScroll = selection - height + 1 }
        listScroll = max(0, min(listScroll, max(0, visible.count - height)))
        detailScroll = max(0, min(detailScroll, maxDetailScroll))
    }

    var maxDetailScroll: Int {
        guard let paper = selectedPaper else { return 0 }
        let rect = layout.detail
        let lines = DetailContent.lines(for: paper, state: self, width: rect.width).count
        return max(0, lines - rect.height)
    }
}

/// The order of the papers in a view.
public enum PaperOrdering {
    public static func papers(in library: Library, scope: Scope, sort: SortOrder) -> [PaperID] {
        switch scope {
        case .day(let index):
            guard library.days.indices.contains(index) else { return [] }
            let day = library.days[index]
            return sorted(day.papers, in: library, sort: sort, day: day.date)
        case .allDays, .search:
            // Each paper once, newest first: by the last day it was listed, then its place in that digest.
            let newestFirst = library.papers.indices.sorted { a, b in
                let pa = library.papers[a], pb = library.papers[b]
                if pa.lastSeen != pb.lastSeen { return pa.lastSeen > pb.lastSeen }
                return (pa.appearances.last?.position ?? 0, a) < (pb.appearances.last?.position ?? 0, b)
            }
            return sorted(newestFirst, in: library, sort: sort, day: nil)
        }
    }

    static func sorted(_ ids: [PaperID], in library: Library, sort: SortOrder, day: DayDate?) -> [PaperID] {
        let papers = library.papers
        switch sort {
        case .digest:
            return ids
        case .upvotes:
            let rank = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
            func votes(_ id: PaperID) -> Int { (day.flatMap { papers[id].upvotes(on: $0) } ?? papers[id].upvotes) ?? -1 }
            return ids.sorted { (votes($0), -rank[$0]!) > (votes($1), -rank[$1]!) }
        case .title:
            return ids.sorted { (papers[$0].normalizedTitle, $0) < (papers[$1].normalizedTitle, $1) }
        case .firstSeen:
            let rank = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
            return ids.sorted { (papers[$0].firstSeen, -rank[$0]!) > (papers[$1].firstSeen, -rank[$1]!) }
        }
    }
}
