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

    @Test("The paper, its other days and the same work under another key are left out; unrelated papers too")
    func exclusions() throws {
        func day(_ iso: String, _ papers: [(id: String, title: String, abstract: String)]) -> DigestInput {
            let items = papers.map { paper in
                """
                {"paper": {"id": "\(paper.id)", "title": "\(paper.title)", "summary": "\(paper.abstract)",
                 "publishedAt": "\(iso)T00:00:00.000Z"}, "title": "\(paper.title)", "publishedAt": "\(iso)T00:00:00.000Z"}
                """
            }
            return DigestInput(source: "\(iso).json", text: "[" + items.joined(separator: ",") + "]")
        }
        let sae = "Sparse autoencoders recover monosemantic features from transformer activations and dictionaries."
        let library = DigestLoader.load(inputs: [
            day(
                "2026-01-05",
                [
                    ("2601.00001", "Sparse Autoencoders Find Monosemantic Features", sae),
                    (
                        "2601.00002", "Dictionary Learning of Transformer Activations",
                        "Dictionaries of monosemantic features from transformer activations, learned by sparse autoencoders."
                    ),
                    (
                        "2601.00003", "Protein Folding at Scale",
                        "Folding proteins with equivariant networks on crystallography data."
                    ),
                ]),
            // The first paper again the next day, and the same work under a second arXiv id.
            day(
                "2026-01-06",
                [
                    ("2601.00001", "Sparse Autoencoders Find Monosemantic Features", sae),
                    ("2601.00009", "Sparse autoencoders find monosemantic features!", sae),
                    (
                        "2601.00004", "Ribosome Folding Kinetics",
                        "Kinetics of ribosome folding observed by crystallography and equivariant networks."
                    ),
                ]),
            // Papers on nothing the others are about: a word of three papers in eight is telling, of three in five not.
            day(
                "2026-01-07",
                ["glaciers", "sonnets", "volcanoes", "tariffs", "violins", "orchards"].enumerated().map { index, word in
                    ("2601.0010\(index)", "Notes on \(word)", "A survey of \(word) and what is known of \(word).")
                }),
        ])
        let related = RelatedPapers(index: SearchIndex(library: library), library: library)
        func id(_ arxiv: String) throws -> PaperID { try #require(library.papers.firstIndex { $0.arxivID == arxiv }) }
        let first = try id("2601.00001"), twin = try id("2601.00009"), dictionary = try id("2601.00002")
        #expect(library.papers[first].timesSeen == 2, "the library joined the two days")
        #expect(related.related(to: first).map(\.paper) == [dictionary], "its twin and the protein papers are out")
        #expect(related.related(to: twin).map(\.paper) == [dictionary])
        // From elsewhere the work is listed once, under whichever key scores better.
        let fromDictionary = related.related(to: dictionary).map(\.paper)
        #expect(fromDictionary.count == 1 && [first, twin].contains(fromDictionary[0]))
        #expect(related.related(to: try id("2601.00003")).map(\.paper) == [try id("2601.00004")])
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
