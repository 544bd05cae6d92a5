import Foundation

/// What is built over a loaded library before it can be searched and filtered: the search index, the topics
/// (which are found with the index) and the per-paper facts filters compare.
///
/// Built in one place so the reader's background build, `folio list` and `folio topics` cannot drift apart in
/// how topics are found or which index they use.
public struct LibraryIndexes: Sendable {
    public var search: SearchIndex
    public var topics: TopicIndex
    public var facts: PaperFacts
    /// The all-days orders, prepared here so that no `S` or `a` sorts; nil when not built here.
    public var orders: LibraryOrders?

    public init(search: SearchIndex, topics: TopicIndex, facts: PaperFacts, orders: LibraryOrders? = nil) {
        self.search = search
        self.topics = topics
        self.facts = facts
        self.orders = orders
    }

    /// Indexes `library`, then finds its topics: `definitions` (built-in and the user's), and with `discover`
    /// also those found in the abstracts.
    /// `searchReady` is called with the search index and the facts as soon as they are made, before the topics,
    /// which take longest: the reader searches meanwhile.
    public static func build(
        library: Library, definitions: [TopicDefinition], discover: Bool,
        searchReady: (SearchIndex, PaperFacts) -> Void = { _, _ in }
    ) -> LibraryIndexes {
        let search = SearchIndex(library: library)
        let facts = PaperFacts(library: library)
        searchReady(search, facts)
        return completing(library: library, search: search, facts: facts, definitions: definitions, discover: discover)
    }
}
