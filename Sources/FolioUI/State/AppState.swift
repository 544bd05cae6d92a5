import FolioCore
import FolioScreen
import Foundation

/// Which papers the list shows: one day's, or every paper once.
public enum Scope: Equatable, Sendable {
    /// Index into `Library.days`.
    case day(Int)
    case allDays
    /// The results of a search over every day, kept as the view (Enter in the search pane).
    case search(String)
    /// The papers most like this one, most similar first (`m`), kept as search results are.
    case related(PaperID)
}

public enum Focus: Equatable, Sendable {
    case list, detail
}

/// Everything the UI shows, changed only through `handle(_:)` (and `perform(_:count:argument:)`): the run loop,
/// render and tests read it, none of them writes it.
public struct AppState: Sendable {
    /// Replaced in place when the digests change on disk (`replaceLibrary`).
    public internal(set) var library: Library
    public private(set) var settings: Settings
    public private(set) var keymap: Keymap
    public internal(set) var dispatcher = KeyDispatcher()
    public internal(set) var size: Size
    public internal(set) var scope: Scope
    public internal(set) var sort: SortOrder
    /// The papers the list shows, in order.
    public internal(set) var visible: [PaperID] = [] {
        // Whatever replaces the list replaces the search pane's ranking of it.
        didSet { unrankedMatches = nil }
    }
    /// The search pane's matches while only their best are in order in `visible` (the rest follow, unordered):
    /// ranked whole once the list scrolls near them (`clampScroll`).
    var unrankedMatches: RankedMatches?
    /// Index into `visible`.
    public internal(set) var selection = 0
    /// First list row shown.
    public internal(set) var listScroll = 0
    public internal(set) var focus: Focus = .list
    /// First detail line shown.
    public internal(set) var detailScroll = 0
    /// The one mode on top of the panes (help, log, search, topic picker, filter prompt, a question), if any.
    public internal(set) var modal: Modal?
    /// A one-off message for the status line, cleared by the next key.
    public internal(set) var message: String?
    /// Built in the background after the first frame; searches wait for it.
    public internal(set) var searchIndex: SearchIndex?
    /// The view a kept search was started from (scope, sort, paper): Esc on the kept results goes back to it.
    var beforeKeptSearch: (scope: Scope, sort: SortOrder, paper: PaperID?)?
    /// Earlier queries, oldest first; Up and Down on the query line recall them.
    public internal(set) var searchHistory: [String] = []
    /// Problems that are not about digests (the config file, the state file), shown in the log.
    public internal(set) var startupProblems: [Diagnostic] = []
    /// The selected paper's detail lines at the detail pane's width, made once per paper and width and shared
    /// by the reducer (scrolling, `n`) and render: no key wraps an abstract.
    var detailCache: DetailLines?
    /// How many times the detail lines were laid out, for the test that keys do not wrap abstracts.
    var detailLayouts = 0
    /// A fetch under way, and the topics to turn on again once a reloaded library's index arrives.
    public internal(set) var refresh = RefreshState()
    /// Related papers: the vectors, what was found per paper, the question out at the edge.
    public internal(set) var related = RelatedState()
    /// Effects decided inside an operation, handed out with the event's others.
    var emitted: [Effect] = []

    // MARK: Reading marks
    /// The marks as they are to be saved.
    public internal(set) var reading = ReadingState()
    /// Counts changes to `reading`: a snapshot says which it includes, a save which reached the disk.
    public internal(set) var readingVersion = 0
    public internal(set) var flags: [PaperFlags] = []
    /// The same marks as sets, for filters and counts.
    var readSet: PaperSet
    var starredSet: PaperSet
    public internal(set) var viewUnread = 0
    public internal(set) var viewStarred = 0
    /// Tags and notes by paper, for rows, the detail pane, filters and `note:` search.
    public internal(set) var layer = PaperLayer()
    var undoStack: [[MarkChange]] = []
    var redoStack: [[MarkChange]] = []
    /// The papers in `visible`, for membership checks.
    var visibleSet: PaperSet

    // MARK: Saving
    /// What time it is, for the change times of marks; tests set a fixed clock.
    public private(set) var clock: @Sendable () -> Date
    /// The newest version on disk, the one being written, and the last one the schedule heard of.
    var savedVersion = 0
    var savingVersion: Int?
    var noticedVersion = 0
    var saveSchedule = SaveSchedule()
    var lastSaveError: String?
    /// Shown in the status line when marks cannot be saved.
    public internal(set) var saveProblem: String?
    /// `q` asked for a save and waits to hear of it; `quitConfirmed` when it was the second `q`.
    var quitting = false
    var quitConfirmed = false
    /// The last input warned that marks are not saved; `quitArmed` while the next one is handled.
    var quitWarned = false
    var quitArmed = false

    // MARK: Topics and filters
    /// Built in the background with the search index; nil until then.
    public internal(set) var topicIndex: TopicIndex?
    /// The topics toggled on, in the order they were: the list keeps papers in every one of them.
    public internal(set) var activeTopics: [Int] = []
    /// The filter typed at `f` or applied by name.
    public internal(set) var activeFilter: ActiveFilter?
    /// The config's `[filters]`: `@NAME` in a filter, `apply-filter:NAME` on a key.
    public private(set) var namedFilters: [String: String] = [:]
    /// Filters applied before, oldest first; Up and Down at the prompt recall them.
    public internal(set) var filterHistory: [String] = []
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
    /// The all-days orders of `library`, sorted once on flat keys (prepared in the background with the index).
    var orders: LibraryOrders
    var filterCache: FilterCache?
    /// Per-paper numbers the filters compare, made on the first filter.
    var paperFacts: PaperFacts?
    /// A restored place's topics, by name, and its paper: both wait for the background index.
    var pendingTopicNames: [String] = []
    var pendingPaper: PaperID?
    /// The topic bar as drawn when it was clicked (each topic and its width), kept until the next key so the
    /// bar does not reorder under the pointer.
    var frozenTopicBar: FrozenTopicBar?

    public init(
        library: Library, settings: Settings = Settings(), keymap: Keymap = .defaults, size: Size,
        startupProblems: [Diagnostic] = [], reading: ReadingState = ReadingState(),
        namedFilters: [String: String] = [:], searchHistory: [String] = [], filterHistory: [String] = [],
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.library = library
        self.namedFilters = namedFilters
        self.searchHistory = searchHistory
        self.filterHistory = filterHistory
        self.clock = clock
        self.startupProblems = startupProblems
        self.flags = Array(repeating: [], count: library.papers.count)
        self.visibleSet = PaperSet(capacity: library.papers.count)
        self.readSet = PaperSet(capacity: library.papers.count)
        self.starredSet = PaperSet(capacity: library.papers.count)
        self.baseViewSet = PaperSet(capacity: library.papers.count)
        self.orders = LibraryOrders(library: library)
        self.settings = settings
        self.keymap = keymap
        self.size = size
        self.sort = settings.defaultSort
        // Open on today: the newest digest day.
        self.scope = library.days.isEmpty ? .allDays : .day(library.days.count - 1)
        refreshView(keeping: nil)
        absorb(reading)
        if let place = reading.place { restore(place) }
        let problemCount = library.problems.problemCount + startupProblems.problemCount
        if problemCount > 0 { message = Self.problemsMessage(problemCount) }
    }

    public var layout: Layout {
        var layout = Layout(size: size, settings: settings)
        // The search pane's query line takes the first row of the list.
        if case .search = modal, layout.list.height > 0 {
            layout.searchLine = Rect(
                row: layout.list.row, column: layout.list.column, width: layout.list.width, height: 1)
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
                // Every result, ranked ("digest order" is the ranking here); another sort re-sorts them. The query
                // reads as written: Enter wrote a prefix typed last as `word*`.
                let ranked =
                    searchIndex.map {
                        layer.search(
                            SearchQuery(parsing: query, lastWordIsPrefix: false), in: $0, limit: library.papers.count)
                    } ?? []
                baseView = PaperOrdering.sorted(ranked, sort: sort, orders: orders)
            } else if case .related(let paper) = scope {
                baseView = relatedView(of: paper)
            } else {
                baseView = PaperOrdering.papers(in: library, scope: scope, sort: sort, orders: orders)
            }
            // Every paper (all days): the full set at once, not a million inserts.
            baseViewSet =
                baseView.count == library.papers.count
                ? PaperSet(capacity: library.papers.count).inverted()
                : PaperSet(capacity: library.papers.count, baseView)
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
        if var matches = unrankedMatches,
            max(selection, listScroll) + 2 * max(1, layout.list.height) >= matches.rankedCount
        {
            matches.rankAll()
            visible = matches.papers
        }
        selection = visible.isEmpty ? 0 : min(max(0, selection), visible.count - 1)
        refreshDetailLines()
        let height = max(1, layout.list.height)
        if selection < listScroll { listScroll = selection }
        if selection >= listScroll + height { listScroll = selection - height + 1 }
        listScroll = max(0, min(listScroll, max(0, visible.count - height)))
        detailScroll = max(0, min(detailScroll, maxDetailScroll))
    }

    var maxDetailScroll: Int {
        guard let paper = selectedPaper else { return 0 }
        return max(0, detailLines(for: paper).count - layout.detail.height)
    }
}

/// The order of the papers in a view. The all-days orders come from the library's `LibraryOrders`, sorted once
/// on flat keys; a day's few papers are sorted when shown, by that day's upvotes.
public enum PaperOrdering {
    public static func papers(in library: Library, scope: Scope, sort: SortOrder) -> [PaperID] {
        papers(in: library, scope: scope, sort: sort, orders: LibraryOrders(library: library))
    }

    /// `orders` must be the library's own.
    public static func papers(in library: Library, scope: Scope, sort: SortOrder, orders: LibraryOrders) -> [PaperID] {
        switch scope {
        case .day(let index):
            guard library.days.indices.contains(index) else { return [] }
            let day = library.days[index]
            return sorted(day.papers, in: library, sort: sort, day: day.date)
        case .allDays, .search, .related:
            // Each paper once, newest first: by the last day it was listed, then its place in that digest.
            return orders.papers(sort.libraryOrder)
        }
    }

    /// Some papers of the library sorted every day's way (`orders`), ties kept in the order given.
    static func sorted(_ ids: [PaperID], sort: SortOrder, orders: LibraryOrders) -> [PaperID] {
        sort == .digest ? ids : orders.sorted(ids, by: sort.libraryOrder)
    }

    /// One day's papers: upvotes are that day's.
    static func sorted(_ ids: [PaperID], in library: Library, sort: SortOrder, day: DayDate) -> [PaperID] {
        let papers = library.papers
        // Ties keep the digest's order: the place given is the last key.
        let places = Array(ids.indices)
        switch sort {
        case .digest:
            return ids
        case .upvotes:
            let votes = ids.map { papers[$0].upvotes(on: day) ?? papers[$0].upvotes ?? -1 }
            return places.sorted { (votes[$0], -$0) > (votes[$1], -$1) }.map { ids[$0] }
        case .title:
            return ids.sorted { (papers[$0].normalizedTitle, $0) < (papers[$1].normalizedTitle, $1) }
        case .firstSeen:
            let first = ids.map { papers[$0].firstSeen }
            return places.sorted { (first[$0], -$0) > (first[$1], -$1) }.map { ids[$0] }
        }
    }
}

extension SortOrder {
    /// The library's order for the sort; digest order is newest first over every day.
    var libraryOrder: LibraryOrders.Order {
        switch self {
        case .digest: .newestFirst
        case .upvotes: .upvotes
        case .title: .title
        case .firstSeen: .firstSeen
        }
    }
}
