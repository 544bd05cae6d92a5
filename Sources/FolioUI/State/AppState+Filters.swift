import FolioCore
import FolioScreen

/// A filter in force: what was typed (or the name it was applied by) and what it means.
public struct ActiveFilter: Sendable, Equatable {
    public var text: String
    public var filter: Filter
    /// Set when applied by a key bound to `apply-filter:NAME`.
    public var name: String?
}

/// The typed filter's papers, evaluated once per refresh.
struct FilterCache {
    var filter: Filter
    var papers: PaperSet
}

/// What `baseView` was computed for.
struct BaseViewKey: Equatable {
    var scope: Scope
    var sort: SortOrder
    var indexReady: Bool
}

extension AppState {
    /// Whether any topic or filter narrows the list.
    public var isFiltered: Bool { !activeTopics.isEmpty || activeFilter != nil }

    /// The topics toggled on, by name, in the order they were.
    public var activeTopicNames: [String] {
        guard let topicIndex else { return [] }
        return activeTopics.map { topicIndex.topics[$0].name }
    }

    /// The index and topics arrived from the background: searches, filters and the topic bar use them now.
    /// `facts` are the per-paper numbers filters compare, made there too so the first filter does not wait.
    public mutating func backgroundIndexReady(_ index: SearchIndex, topics: TopicIndex, facts: PaperFacts? = nil) {
        topicIndex = topics
        if let facts { paperFacts = facts }
        searchIndex = index
        // The topics of the place restored, by name (a topic no longer found is left out).
        for name in pendingTopicNames {
            if let topic = topics.index(named: name), !activeTopics.contains(topic) { activeTopics.append(topic) }
        }
        pendingTopicNames = []
        // Once: the results or the view, now with topic counts (and a kept search's results), on the paper
        // restored when the place's view only now holds it.
        if search == nil, let paper = pendingPaper, selectedPaperID != paper {
            refreshView(keeping: paper)
        } else {
            refreshFiltered()
        }
        pendingPaper = nil
    }

    // MARK: - Narrowing

    /// Papers passing the filter and every active topic; nil when nothing narrows the list.
    func filterSet() -> PaperSet? {
        var result = expressionSet()
        if let topicIndex {
            for topic in activeTopics where topicIndex.topics.indices.contains(topic) {
                if result == nil {
                    result = topicIndex.topics[topic].members
                } else {
                    result!.formIntersection(topicIndex.topics[topic].members)
                }
            }
        }
        return result
    }

    /// Papers passing the typed filter alone; nil without one. Evaluated once per view refresh.
    func expressionSet() -> PaperSet? {
        guard let activeFilter else { return nil }
        if let cached = filterCache, cached.filter == activeFilter.filter { return cached.papers }
        return try? activeFilter.filter.evaluate(in: filterContext())
    }

    /// Evaluates the typed filter afresh (marks may have changed since) for the refresh under way.
    mutating func reevaluateFilter() {
        filterCache = nil
        guard let activeFilter else { return }
        if paperFacts == nil { paperFacts = PaperFacts(library: library) }
        if let papers = try? activeFilter.filter.evaluate(in: filterContext()) {
            filterCache = FilterCache(filter: activeFilter.filter, papers: papers)
        }
    }

    func filterContext() -> Filter.Context {
        Filter.Context(
            library: library, topics: topicIndex, index: searchIndex, read: readSet, starred: starredSet,
            facts: paperFacts, layer: layer)
    }

    /// The bar's order and counts: per topic, papers of the view before topics narrow it, and papers shown.
    mutating func recountTopics() {
        guard let topicIndex else {
            topicOrder = []
            topicBaseCounts = []
            topicCounts = []
            return
        }
        // Ordered by the view under the search pane too, so numbers stay put while typing.
        var base = baseViewSet
        if let expression = expressionSet() { base.formIntersection(expression) }
        topicBaseCounts = topicIndex.topics.map { $0.members.intersectionCount(base) }
        topicCounts = topicIndex.topics.map { $0.members.intersectionCount(visibleSet) }
        topicOrder = topicIndex.topics.indices.sorted { (topicBaseCounts[$0], -$0) > (topicBaseCounts[$1], -$1) }
    }

    // MARK: - Topics

    /// Turns a topic on or off; the list narrows or widens at once, the selected paper kept while it is shown.
    mutating func toggleTopic(_ topic: Int) {
        guard let topicIndex, topicIndex.topics.indices.contains(topic) else { return }
        if let position = activeTopics.firstIndex(of: topic) {
            activeTopics.remove(at: position)
        } else {
            activeTopics.append(topic)
        }
        refreshFiltered()
        if visible.isEmpty {
            message =
                activeFilter == nil && activeTopics.count > 1
                ? "no paper is in every topic chosen: toggle one off, or F clears"
                : "no paper here matches the topics and filter chosen: F clears them"
        }
    }

    mutating func toggleTopic(named name: String) {
        guard let topicIndex else {
            message = "finding topics… (a moment)"
            return
        }
        guard let topic = topicIndex.index(named: name) else {
            message = "no topic \"\(name)\": t shows the topics"
            return
        }
        toggleTopic(topic)
    }

    /// The list after a filter changed: in the search pane the results, else the view.
    mutating func refreshFiltered() {
        if search != nil { runSearch() } else { refreshView(keeping: selectedPaperID) }
    }

    mutating func clearFilters() {
        guard isFiltered else {
            message = "no topic or filter to clear"
            return
        }
        activeTopics = []
        activeFilter = nil
        refreshFiltered()
        message = "showing every paper of the view"
    }

    // MARK: - Filters

    /// Reads and applies a filter; on a mistake says where, and changes nothing.
    @discardableResult
    mutating func applyFilter(_ text: String, name: String? = nil) -> Diagnostic? {
        let trimmed = text.trimmingSpaces
        if trimmed.isEmpty {
            activeFilter = nil
            refreshFiltered()
            return nil
        }
        let filter: Filter
        do throws(Diagnostic) {
            filter = try Filter.parse(trimmed, named: namedFilters)
            if let topicIndex, let problem = filter.unknownTopic(in: topicIndex) { throw problem }
        } catch {
            return error
        }
        activeFilter = ActiveFilter(text: trimmed, filter: filter, name: name)
        filterHistory.removeAll { $0 == trimmed }
        filterHistory.append(trimmed)
        if filterHistory.count > 100 { filterHistory.removeFirst(filterHistory.count - 100) }
        emit(.saveHistory(.filter, filterHistory))
        refreshFiltered()
        if filter.needsIndex, searchIndex == nil {
            message = "indexing \(library.papers.count) papers… the filter applies when done"
        }
        return nil
    }

    /// A key bound to `apply-filter:NAME`: on, or off again when it is the filter in force.
    mutating func applyNamedFilter(_ name: String) {
        guard let text = namedFilters[name] else {
            message = "no filter \"\(name)\" in the config's [filters]"
            return
        }
        if activeFilter?.name == name {
            activeFilter = nil
            refreshFiltered()
            message = "filter @\(name) off"
            return
        }
        if let problem = applyFilter(text, name: name) { message = "filter \(name): \(problem)" }
    }

    /// How the status line names what narrows the list.
    public var filterLabel: String? {
        var parts: [String] = []
        if !activeTopics.isEmpty { parts.append(activeTopicNames.joined(separator: " + ")) }
        if let activeFilter {
            let text = activeFilter.name.map { "@" + $0 } ?? activeFilter.text
            // Beside topics, an `or` needs its parentheses to read as it works.
            parts.append(!parts.isEmpty && text.lowercased().contains(" or ") ? "(\(text))" : text)
        }
        return parts.isEmpty ? nil : parts.joined(separator: " + ")
    }
}
