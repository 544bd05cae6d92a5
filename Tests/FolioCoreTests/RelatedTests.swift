import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

/// The 28-day corpus and the samples, each indexed once for every related-papers test.
private let corpus = Fixtures.corpusLibrary()
private let corpusRelated = RelatedPapers(index: SearchIndex(library: corpus), library: corpus)
private let samples = Fixtures.sampleLibrary
private let samplesRelated = RelatedPapers(index: SearchIndex(library: samples), library: samples)

/// The papers whose text mentions `phrase` (lowercased), found by reading the strings, not by Folio's index.
private func papers(in library: Library, mentioning phrase: String, inAbstract: Bool = false) -> Set<PaperID> {
    Set(
        library.papers.filter {
            $0.title.lowercased().contains(phrase) || (inAbstract && $0.abstract.lowercased().contains(phrase))
        }.map(\.id))
}

@Suite("Related papers")
struct RelatedTests {
    @Test(
        "On the corpus, a paper on a subject finds others on it among its five",
        arguments: ["gaussian splatting", "autonomous driving", "quantiz"])
    func corpusSubjects(phrase: String) throws {
        let group = papers(in: corpus, mentioning: phrase)
        try #require(group.count >= 3, "the corpus has too few papers on \(phrase) to say anything")
        let finding = group.filter { paper in
            corpusRelated.related(to: paper).contains { $0.paper != paper && group.contains($0.paper) }
        }
        // Nearly all of them: a paper may be about the subject in its title alone.
        #expect(
            finding.count * 4 >= group.count * 3,
            """
            \(finding.count) of \(group.count) papers on \(phrase) find another; not: \
            \(group.subtracting(finding).map { corpus.papers[$0].title }.joined(separator: "; "))
            """)
    }

    @Test("On the samples, a paper about sparse autoencoders finds others about them")
    func sparseAutoencoders() throws {
        let titled = papers(in: samples, mentioning: "sparse autoencoder")
        let mentioning = papers(in: samples, mentioning: "sparse autoencoder", inAbstract: true)
        try #require(titled.count >= 2 && mentioning.count >= 3)
        for paper in titled {
            let found = samplesRelated.related(to: paper).map(\.paper)
            #expect(
                found.contains { $0 != paper && mentioning.contains($0) },
                "\(samples.papers[paper].title) finds \(found.map { samples.papers[$0].title })")
        }
    }

    @Test("Results are best first, above the threshold, never the paper itself, each once")
    func ordering() {
        for paper in corpus.papers.indices {
            let found = corpusRelated.related(to: paper, limit: 10)
            #expect(found.count <= 10)
            #expect(!found.contains { $0.paper == paper })
            #expect(Set(found.map(\.paper)).count == found.count)
            #expect(found.allSatisfy { $0.score >= RelatedPapers.minimumScore && $0.score <= 1 })
            #expect(zip(found, found.dropFirst()).allSatisfy { $0.score >= $1.score })
        }
    }
}
