/// A topic with the papers in it.
public struct Topic: Sendable, Equatable {
    public var name: String
    public var source: TopicSource
    /// What the topic is about, for the picker and `folio topics`: the keywords written down, or for a
    /// discovered topic its top phrases.
    public var keywords: [String]
    public var members: PaperSet

    public var count: Int { members.count }
}

/// Every topic with its papers, computed once (in the background after the first frame) so that narrowing the
/// list by topics is set arithmetic.
public struct TopicIndex: Sendable {
    /// Built-in and user topics in their written order, then the discovered ones, largest first.
    public private(set) var topics: [Topic]

    public init(topics: [Topic]) {
        self.topics = topics
    }

    /// Matches the written topics' keywords through the search index and finds topics in the papers.
    public init(definitions: [TopicDefinition], index: SearchIndex, discover: Bool = true) {
        let capacity = index.paperCount
        var topics = definitions.map { definition in
            var members = PaperSet(capacity: capacity)
            for term in definition.terms {
                for paper in index.matchingPapers(SearchQuery(terms: [term])) { members.insert(Int(paper)) }
            }
            return Topic(
                name: definition.name, source: definition.source, keywords: definition.keywords, members: members)
        }
        if discover {
            let written = topics
            for found in TopicDiscovery.discover(in: index) {
                let members = PaperSet(capacity: capacity, found.members)
                // A found topic is worth showing for what the written ones miss: one that mostly repeats a
                // written topic (or takes its name) is left out.
                // A written topic with no papers here repeats nothing (0 of 0 is no overlap).
                let repeats = written.contains { topic in
                    let shared = topic.members.intersectionCount(members)
                    return topic.name == found.name
                        || (shared > 0 && Double(shared) >= 0.6 * Double(min(topic.count, members.count)))
                }
                if !repeats {
                    topics.append(
                        Topic(name: found.name, source: .discovered, keywords: found.phrases, members: members))
                }
            }
        }
        self.topics = topics
    }

    /// The topic of this name (case ignored).
    public func index(named name: String) -> Int? {
        let folded = name.lowercased()
        return topics.firstIndex { $0.name == folded }
    }

    /// The topics a paper is in.
    public func topics(of paper: PaperID) -> [Int] {
        topics.indices.filter { topics[$0].members.contains(paper) }
    }
}
