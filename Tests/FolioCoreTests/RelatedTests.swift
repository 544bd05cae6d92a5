import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

private let corpus = Fixtures.corpusLibrary()
private let corpusIndex = SearchIndex(library: corpus)
private let corpusRelated = RelatedPapers(index: corpusIndex, library: corpus)

@Suite("Related papers")
struct RelatedTests {
    @Test("explore")
    func explore() {
        print("papers", corpus.papers.count)
        for paper in corpus.papers where ["splatting", "autonomous driving", "quantiz", "mixture-of-experts", "kv cache", "speculative"].contains(where: paper.title.lowercased().contains) {
            print("\n#", paper.id, paper.title)
            for match in corpusRelated.related(to: paper.id, limit: 8, minimumScore: 0.0) {
                print(String(format: "   %.3f ", match.score), corpus.papers[match.paper].title)
            }
        }
    }
}
