import FolioCore
import FolioScreen
import Foundation

/// One mark on one paper changing, as undo and redo replay it.
public struct MarkChange: Sendable, Equatable {
    /// `tag(NAME)`: from and to say whether the tag is on.
    public enum Field: Sendable, Equatable { case read, star, tag(String) }
    public var paper: PaperID
    public var field: Field
    public var from: Bool
    public var to: Bool

    var isTagChange: Bool {
        if case .tag = field { return true }
        return false
    }
}

/// Per-paper marks, cached by paper id so rows and counts never look strings up while drawing.
public struct PaperFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let read = PaperFlags(rawValue: 1)
    public static let starred = PaperFlags(rawValue: 2)
}

extension AppState {
    public func isRead(_ paper: PaperID) -> Bool { flags[paper].contains(.read) }
    public func isStarred(_ paper: PaperID) -> Bool { flags[paper].contains(.starred) }

    /// Takes a reading state (at start, or merged with another instance's after a save) and refreshes the flags.
    public mutating func absorb(_ reading: ReadingState) {
        self.reading = reading
        flags = Array(repeating: [], count: library.papers.count)
        readSet = PaperSet(capacity: library.papers.count)
        starredSet = PaperSet(capacity: library.papers.count)
        for (paper, marks) in reading.marksByPaper(in: library) {
            if marks.read {
                flags[paper].insert(.read)
                readSet.insert(paper)
            }
            if marks.starred {
                flags[paper].insert(.starred)
                starredSet.insert(paper)
            }
        }
        layer = PaperLayer(reading: reading, library: library)
        recountView()
    }

    /// One paper's marks as another instance left them.
    mutating func setFlags(of paper: PaperID, read: Bool, starred: Bool) {
        setFlag(.read, of: paper, to: read)
        setFlag(.star, of: paper, to: starred)
    }

    /// A mark's flag and its set together, so the two never disagree.
    private mutating func setFlag(_ field: MarkChange.Field, of paper: PaperID, to value: Bool) {
        let flag: PaperFlags = field == .read ? .read : .starred
        if value { flags[paper].insert(flag) } else { flags[paper].remove(flag) }
        switch (field, value) {
        case (.read, true): readSet.insert(paper)
        case (.read, false): readSet.remove(paper)
        case (.star, true): starredSet.insert(paper)
        case (.star, false): starredSet.remove(paper)
        case (.tag, _): break  // tags live in `layer`
        }
    }

    /// Counts from the sets: a few thousand words on 100,000 papers, not a pass over them.
    mutating func recountView() {
        viewUnread = visible.count - visibleSet.intersectionCount(readSet)
        viewStarred = visibleSet.intersectionCount(starredSet)
    }

    /// Sets one mark on some papers as one undoable step.
    /// Returns how many papers changed.
    @discardableResult
    mutating func setMark(_ field: MarkChange.Field, to value: Bool, on papers: [PaperID]) -> Int {
        let changes = papers.compactMap { paper -> MarkChange? in
            let current = field == .read ? isRead(paper) : isStarred(paper)
            return current == value ? nil : MarkChange(paper: paper, field: field, from: current, to: value)
        }
        guard !changes.isEmpty else { return 0 }
        apply(changes, forward: true)
        undoStack.append(changes)
        redoStack.removeAll()
        return changes.count
    }

    /// Applies a step forward (redo) or backward (undo). Each application is a new change in time, so a
    /// merge with another instance's older marks keeps it.
    mutating func apply(_ changes: [MarkChange], forward: Bool) {
        let now = clock()
        for change in changes {
            let value = forward ? change.to : change.from
            let paper = library.papers[change.paper]
            let visibleHere = visibleSet.contains(change.paper)
            switch change.field {
            case .read:
                reading.setRead(value, keys: paper.markKeys, title: paper.title, at: now)
                setFlag(.read, of: change.paper, to: value)
                if visibleHere { viewUnread += value ? -1 : 1 }
            case .star:
                reading.setStarred(value, keys: paper.markKeys, title: paper.title, at: now)
                setFlag(.star, of: change.paper, to: value)
                if visibleHere { viewStarred += value ? 1 : -1 }
            case .tag(let name):
                reading.setTag(name, on: value, keys: paper.markKeys, title: paper.title, at: now)
                layerChanged(change.paper)
            }
        }
        readingVersion += 1
        // A view filtered by tags keeps up with tagging, its undo and redo (read marks leave a paper in view).
        if activeFilter != nil, changes.contains(where: \.isTagChange) { refreshFiltered() }
    }

    mutating func undo() {
        guard let step = undoStack.popLast() else {
            message = "nothing to undo"
            return
        }
        apply(step, forward: false)
        redoStack.append(step)
        message = "undid \(Self.describe(step))"
    }

    mutating func redo() {
        guard let step = redoStack.popLast() else {
            message = "nothing to redo"
            return
        }
        apply(step, forward: true)
        undoStack.append(step)
        message = "redid \(Self.describe(step))"
    }

    /// The step as it was first made, whichever way it is applied now: "undid marking a paper starred".
    static func describe(_ step: [MarkChange]) -> String {
        guard let first = step.first else { return "nothing" }
        let value = first.to
        if case .tag = first.field { return describeTags(step) }
        let what = first.field == .read ? (value ? "read" : "unread") : (value ? "starred" : "unstarred")
        return step.count == 1 ? "marking a paper \(what)" : "marking \(step.count) papers \(what)"
    }

    /// Where the reader is, to be restored at the next start.
    public var place: LastPlace {
        var place = LastPlace(
            allDays: scope == .allDays, paperKey: selectedPaper?.key, sort: sort.rawValue,
            latestDay: library.days.last?.date.iso)
        var view = scope
        // Kept results: their query, and the view they were started from (Esc goes back to it) with its sort.
        // A paper's related papers are not kept across runs, only the view they came from.
        if case .search(let query) = scope { place.search = query }
        if scope.isKept {
            view = beforeKeptSearch?.scope ?? (library.days.isEmpty ? .allDays : .day(library.days.count - 1))
            place.sort = (beforeKeptSearch?.sort ?? sort).rawValue
        }
        place.allDays = view == .allDays
        if case .day(let index) = view, library.days.indices.contains(index) {
            place.day = library.days[index].date.iso
        }
        if let activeFilter { place.filter = activeFilter.name.map { "@" + $0 } ?? activeFilter.text }
        // Before the topics are found, the ones still to restore are the ones in force.
        let topics = topicIndex == nil ? pendingTopicNames : activeTopicNames
        if !topics.isEmpty { place.topics = topics }
        return place
    }

    /// The filter and topics of a saved place. The filter applies at once (a word in it waits for the index, as
    /// a typed one does); topics are found after the first frame, so they are kept by name until then.
    mutating func restoreNarrowing(_ place: LastPlace) {
        if let text = place.filter, let filter = try? Filter.parse(text, named: namedFilters) {
            let name = text.hasPrefix("@") ? String(text.dropFirst()) : nil
            let named = name.flatMap { namedFilters[$0] }
            activeFilter = ActiveFilter(
                text: named ?? text, filter: filter, name: named == nil ? nil : name)
        }
        pendingTopicNames = place.topics ?? []
    }

    /// Goes back to a place saved by an earlier run: its day (or all days), sort and paper, where they still exist.
    /// When a newer digest has come since, the reader opens on it instead (the sort is kept), as it does on a
    /// first start: following papers every morning means reading the new day first.
    public mutating func restore(_ place: LastPlace) {
        if let sortName = place.sort, let saved = SortOrder(rawValue: sortName) { sort = saved }
        restoreNarrowing(place)
        if let latest = library.days.last, let savedLatest = place.latestDay, latest.date.iso > savedLatest {
            scope = place.allDays ? .allDays : .day(library.days.count - 1)
            refreshView(keeping: nil)
            let left = place.day.flatMap { day in library.days.first { $0.date.iso == day } }
            message =
                "new since last time: \(latest.date.long), \(latest.papers.count) paper\(latest.papers.count == 1 ? "" : "s")"
                + (left.map { " · [ goes back toward \($0.date.short)" } ?? "")
            return
        }
        if place.allDays {
            scope = .allDays
        } else if let day = place.day, let index = library.days.firstIndex(where: { $0.date.iso == day }) {
            scope = .day(index)
        }
        let paper = place.paperKey.flatMap(library.paper(forKey:))
        if let query = place.search, !query.trimmingSpaces.isEmpty {
            // Kept results, ranked, over the view they came from; they are found once the index is built.
            beforeKeptSearch = (scope, sort, nil)
            scope = .search(query)
            sort = .digest
        }
        refreshView(keeping: paper)
        // Results, topics and word filters exist once the index arrives: the paper is selected again then.
        pendingPaper = paper
    }
}
