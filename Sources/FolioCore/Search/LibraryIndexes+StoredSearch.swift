import Foundation
import Synchronization

extension LibraryIndexes {
    /// Where a build's search index came from.
    public enum SearchIndexSource: Sendable, Equatable {
        /// Read from the stored index, which was valid for the library.
        case stored
        /// Built from the library: there was no stored index valid for it.
        case built
    }

    /// `build`, reading the search index from `stored` when it holds one valid for the library (`validity`), so
    /// that `searchReady` is called at once rather than after the index is built; else building it. `searchReady`
    /// is told which: an index it is given `.built` is the caller's to store (`stored.write`), off the reader's
    /// thread, as soon as it likes (before the topics are found, so that a reader quit meanwhile stored it).
    public static func build(
        library: Library, definitions: [TopicDefinition], discover: Bool, stored: StoredSearchIndex,
        validity: StoredSearchIndex.Validity, searchReady: (SearchIndex, PaperFacts, SearchIndexSource) -> Void
    ) -> LibraryIndexes {
        // On this thread alone: the UI's thread takes in the library it was just sent meanwhile, on the other core.
        let read = stored.read(validFor: validity, workers: 1)
        let search = read ?? SearchIndex(library: library)
        let facts = PaperFacts(library: library)
        searchReady(search, facts, read == nil ? .built : .stored)
        return completing(library: library, search: search, facts: facts, definitions: definitions, discover: discover)
    }

    /// The topics and orders of a library whose search index and facts are made: the topics found on one core
    /// while the all-days orders are sorted on the other, so that the orders delay nothing.
    static func completing(
        library: Library, search: SearchIndex, facts: PaperFacts, definitions: [TopicDefinition], discover: Bool
    ) -> LibraryIndexes {
        let orders = LibraryOrders(library: library)
        let topics = Mutex<TopicIndex?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { task in
            if task == 0 {
                let found = TopicIndex(definitions: definitions, index: search, discover: discover)
                topics.withLock { $0 = found }
            } else {
                orders.prepare()
            }
        }
        return LibraryIndexes(search: search, topics: topics.withLock { $0! }, facts: facts, orders: orders)
    }
}
