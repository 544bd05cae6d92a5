import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

/// The one-pass search of the one-shot commands against the index the reader searches: the index is the
/// oracle, so every result, its score (to the bit) and its place must be the same.
@Suite("Streaming search: the same results as the index")
struct StreamingSearchTests {
    /// Every shape of query the language has (`SearchQueries.shapes`).
    static let queries = SearchQueries.shapes

    /// Text that reaches the index's limits and folds: a word more than 255 times in one paper, non-ASCII
    /// titles, the same text in two papers (equal scores: the newer first, then the lower id), a phrase that
    /// would run from the title into the abstract.
    static func edgeLibrary() -> Library {
        let repeated = Array(repeating: "token", count: 300).joined(separator: " ") + " model of the day"
        let papers: [[(title: String, abstract: String)]] = [
            [
                ("Sparse Attention for Models", "We propose a model. " + repeated),
                ("Émile and the Model", "Ångström-scale reasoning with a benchmark of the state-of-the-art."),
                ("한국어 모델 평가", "日本語の評価 and a language model benchmark."),
                ("Identical Text", "Video diffusion language model."),
            ],
            [
                ("Identical Text", "Video diffusion language model."),
                ("Large Language", "Model agents reason: the large language model agentic benchmarks."),
                ("Token Token Token", String(repeating: "token ", count: 260) + "model"),
                ("Vision Language Models", "A vision language model, and models of vision; sparse attention video."),
            ],
        ]
        let inputs = papers.enumerated().map { day, papers in
            let objects = papers.map { ["paper": ["title": $0.title, "summary": $0.abstract]] }
            let data = try! JSONSerialization.data(withJSONObject: objects)
            return DigestInput(source: String(format: "2025-12-%02d.json", day + 1), bytes: Array(data))
        }
        return DigestLoader.load(inputs: inputs)
    }

    /// By name, so that a test's arguments print as a word, not a whole library.
    static let libraries = ["corpus", "samples", "edge"]

    static func library(_ name: String) -> Library {
        switch name {
        case "corpus": Fixtures.corpusLibrary()
        case "samples": Fixtures.sampleLibrary
        default: edgeLibrary()
        }
    }

    @Test("Results, scores, order and counts equal the index's", arguments: libraries)
    func sameAsIndex(_ name: String) {
        let library = Self.library(name)
        let index = SearchIndex(library: library)
        var matched = 0
        for text in Self.queries {
            let query = SearchQuery(parsing: text, lastWordIsPrefix: false)
            let streaming = StreamingSearch(query)
            for limit in [library.papers.count, 3] {
                let expected = index.search(query, limit: limit)
                let (results, total) = streaming.search(in: library, limit: limit)
                #expect(results == expected, "\(name): \(text) (limit \(limit))")
                #expect(total == index.count(query), "\(name): \(text)")
            }
            if index.count(query) > 0 { matched += 1 }
        }
        // The queries find something, or the comparison would prove little.
        #expect(matched > Self.queries.count / 2, "\(name)")
    }

    @Test("Each term alone finds the papers the index finds for it", arguments: libraries)
    func termsAsFilters(_ name: String) {
        let library = Self.library(name)
        let index = SearchIndex(library: library)
        let terms = Self.queries.flatMap { SearchQuery(parsing: $0, lastWordIsPrefix: false).terms }
            .map { SearchQuery.Term(words: $0.words, field: $0.field, isPrefix: $0.isPrefix) }
        let found = StreamingSearch.matchingPapers(terms, in: library)
        for (term, set) in zip(terms, found) {
            let expected = PaperSet(capacity: library.papers.count, index.matchingPapers(SearchQuery(terms: [term])))
            #expect(set == expected, "\(name): \(term)")
        }
    }

    @Test("A filter read in one pass keeps what the index keeps", arguments: libraries)
    func filters(_ name: String) throws {
        let library = Self.library(name)
        let index = SearchIndex(library: library)
        let read = PaperSet(capacity: library.papers.count, stride(from: 0, to: library.papers.count, by: 3))
        let starred = PaperSet(capacity: library.papers.count, stride(from: 1, to: library.papers.count, by: 4))
        let filters = [
            "model", "not model", "model or agent*", "(video or diffusion) and not starred",
            "\"language model\" unread",
            "title:model* upvotes>0", "abstract:reasoning or -the", "seen>=1 learning", "day:today model", "starred",
            "date>=2025-12-02 -\"language model*\"", "nonexistentwordxyz or read",
        ]
        for text in filters {
            let filter = try Filter.parse(text)
            #expect(filter.isStreamable)
            let context = Filter.Context(library: library, topics: nil, index: index, read: read, starred: starred)
            #expect(try filter.evaluateStreaming(in: context) == filter.evaluate(in: context), "\(name): \(text)")
        }
        #expect(try !Filter.parse("topic:agents and model").isStreamable)
    }
}
