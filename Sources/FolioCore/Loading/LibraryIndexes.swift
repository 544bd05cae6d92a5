/// What is built over a loaded library before it can be searched and filtered: the search index, the topics
/// (which are found with the index) and the per-paper facts filters compare.
///
/// Built in one place so the reader's background build, `folio list` and `folio topics` cannot drift apart in
/// how topics are found or which index they use.
public struct LibraryIndexes: Sendable {
    public var search: SearchIndex
    public var topics: TopicIndex
    public var facts: PaperFacts
    /// Each paper's most telling words, for its related papers; only the reader asks for them.
    public var related: RelatedPapers?

    public init(search: SearchIndex, topics: TopicIndex, facts: PaperFacts, related: RelatedPapers? = nil) {
        self.search = search
        self.topics = topics
        self.facts = facts
        self.related = related
    }

    /// Indexes `library`, then finds its topics: `definitions` (built-in and the user's), and with `discover`
    /// also those found in the abstracts; with `related`, the vectors of related papers.
    public static func build(
        library: Library, definitions: [TopicDefinition], discover: Bool, related: Bool = false
    ) -> LibraryIndexes {
        let search = SearchIndex(library: library)
        let topics = TopicIndex(definitions: definitions, index: search, discover: discover)
        return LibraryIndexes(
            search: search, topics: topics, facts: PaperFacts(library: library),
            related: related ? RelatedPapers(index: search, library: library) : nil)
    }
}
