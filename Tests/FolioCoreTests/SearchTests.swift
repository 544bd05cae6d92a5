import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

/// A small library, one JSON digest per day (2025-12-01 onward), each paper a (title, abstract).
private func searchLibrary(_ days: [[(title: String, abstract: String)]]) -> (library: Library, index: SearchIndex) {
    let inputs = days.enumerated().map { day, papers in
        let objects = papers.map { ["paper": ["title": $0.title, "summary": $0.abstract]] }
        let data = try! JSONSerialization.data(withJSONObject: objects)
        return DigestInput(source: String(format: "2025-12-%02d.json", day + 1), bytes: Array(data))
    }
    let library = DigestLoader.load(inputs: inputs)
    return (library, SearchIndex(library: library))
}

private extension SearchIndex {
    /// Titles of the results, best first.
    func titles(_ text: String, in library: Library, typing: Bool = true) -> [String] {
        search(SearchQuery(parsing: text, lastWordIsPrefix: typing), limit: 1_000).map {
            library.papers[$0.paper].title
        }
    }
}

@Suite("Search: the query language")
struct SearchQueryTests {
    typealias Term = SearchQuery.Term

    @Test("Words are folded; the last is a prefix while typing, unless something follows it")
    func words() {
        #expect(
            SearchQuery(parsing: "Fréchet NETS").terms == [
                Term(words: ["frechet"]), Term(words: ["nets"], isPrefix: true),
            ])
        #expect(
            SearchQuery(parsing: "Fréchet NETS", lastWordIsPrefix: false).terms
                == [Term(words: ["frechet"]), Term(words: ["nets"])])
        #expect(SearchQuery(parsing: "nets ").terms == [Term(words: ["nets"])])
        #expect(SearchQuery(parsing: "nets,").terms == [Term(words: ["nets"])])
        // A hyphenated word is a phrase, as the papers' text folds it.
        #expect(
            SearchQuery(parsing: "MP-SAE x").terms == [Term(words: ["mp", "sae"]), Term(words: ["x"], isPrefix: true)])
        #expect(SearchQuery(parsing: "a a A").terms == [Term(words: ["a"]), Term(words: ["a"], isPrefix: true)])
    }

    @Test("Phrases, exclusions and fields")
    func operators() {
        #expect(
            SearchQuery(parsing: "\"Language Models\" -vision title:reasoning").terms == [
                Term(words: ["language", "models"]),
                Term(words: ["vision"], isExcluded: true),
                Term(words: ["reasoning"], field: .title, isPrefix: true),
            ])
        #expect(
            SearchQuery(parsing: "TITLE:\"sparse attention\" abstract:graph -title:old").terms == [
                Term(words: ["sparse", "attention"], field: .title),
                Term(words: ["graph"], field: .abstract),
                Term(words: ["old"], field: .title, isExcluded: true),
            ])
        // An unclosed phrase runs to the end, and its last word is still being typed.
        #expect(SearchQuery(parsing: "\"language mod").terms == [Term(words: ["language", "mod"], isPrefix: true)])
        #expect(SearchQuery(parsing: "-visi").terms == [Term(words: ["visi"], isExcluded: true)])
    }

    @Test("Highlights: positive words only, the last one a prefix while typing")
    func highlights() {
        let query = SearchQuery(parsing: "\"sparse autoencoders\" -vision sparse lang")
        #expect(
            query.highlights == [
                SearchQuery.Highlight(word: "sparse", isPrefix: false),
                SearchQuery.Highlight(word: "autoencoders", isPrefix: false),
                SearchQuery.Highlight(word: "lang", isPrefix: true),
            ])
        #expect(!query.isEmpty)
        #expect(SearchQuery(parsing: "-vision").isEmpty)
    }

    @Test(
        "Bad input parses to terms or to nothing",
        arguments: [
            "", " ", "-", "- - -", "title:", "abstract:", "TITLE:", "\"", "\"\"", "title:\"", "-title:", "-\"",
            "(((", "🔥🧠👩‍👩‍👧", "\u{202E}\u{200F}",
        ])
    func emptyQueries(_ text: String) {
        let query = SearchQuery(parsing: text)
        #expect(query.terms.isEmpty)
        #expect(query.isEmpty)
        #expect(query.highlights.isEmpty)
    }

    @Test("Control characters separate words")
    func controlCharacters() {
        #expect(SearchQuery(parsing: "\u{0}\u{7}\u{1B}\u{7F}\t").terms.isEmpty)
        #expect(
            SearchQuery(parsing: "\u{0}sparse\u{7}\u{1B}auto").terms
                == [SearchQuery.Term(words: ["sparse"]), SearchQuery.Term(words: ["auto"], isPrefix: true)])
    }

    @Test("Long input keeps a bounded number of terms and phrase words")
    func longInput() {
        let words = (0..<5_000).map { "w\($0)" }.joined(separator: " ")
        #expect(SearchQuery(parsing: words).terms.count == SearchQuery.maximumTerms)
        let phrase = SearchQuery(parsing: "\"" + words)
        #expect(phrase.terms.count == 1)
        #expect(phrase.terms[0].words.count == SearchQuery.maximumPhraseWords)
    }
}

@Suite("Search: matching and ranking")
struct SearchIndexTests {
    @Test("Case and accents are ignored both ways")
    func accents() {
        let (library, index) = searchLibrary([
            [
                ("Fréchet Inception Distance", "A measure."),
                ("The Frechet Mean", "Another measure."),
                ("Unrelated", "Nothing."),
            ]
        ])
        for query in ["frechet", "FRÉCHET", "Fréchet", "fréch"] {
            #expect(Set(index.titles(query, in: library)) == ["Fréchet Inception Distance", "The Frechet Mean"])
        }
    }

    @Test("Every positive word must match")
    func allWords() {
        let (library, index) = searchLibrary([
            [
                ("Sparse Attention", "Long context."),
                ("Sparse Vision Models", "Images."),
                ("Vision Transformers", "Patches."),
            ]
        ])
        #expect(index.titles("sparse vision", in: library) == ["Sparse Vision Models"])
        #expect(index.titles("sparse vision nothinglikethis", in: library) == [])
        #expect(index.count(SearchQuery(parsing: "sparse")) == 2)
    }

    @Test("The last word matches as a prefix only while typing, and only when last")
    func prefix() {
        let (library, index) = searchLibrary([
            [
                ("Sparse Autoencoders", "Features."),
                ("Autoregressive Models", "Tokens."),
                ("Auto Tuning", "Knobs."),
            ]
        ])
        #expect(index.titles("autoenc", in: library) == ["Sparse Autoencoders"])
        #expect(
            Set(index.titles("auto", in: library)) == ["Sparse Autoencoders", "Autoregressive Models", "Auto Tuning"])
        // The whole word ranks above words it only starts.
        #expect(index.titles("auto", in: library).first == "Auto Tuning")
        #expect(index.titles("autoenc", in: library, typing: false) == [])
        #expect(index.titles("auto", in: library, typing: false) == ["Auto Tuning"])
        #expect(index.titles("autoenc sparse", in: library) == [])
        #expect(index.titles("sparse autoenc", in: library) == ["Sparse Autoencoders"])
    }

    @Test("A phrase needs its words adjacent, in order, in one field")
    func phrases() {
        let (library, index) = searchLibrary([
            [
                ("Large Language Models", "Scaling."),
                ("Models of Language", "Reversed."),
                ("Language and Vision Models", "Apart."),
                ("A Study of Language", "Models cross the field boundary here."),
                ("Plain Title", "Small language models in the abstract."),
            ]
        ])
        #expect(Set(index.titles("\"language models\"", in: library)) == ["Large Language Models", "Plain Title"])
        #expect(Set(index.titles("language models", in: library)).count == 5)
        // An unclosed phrase while typing: the last word is a prefix.
        #expect(Set(index.titles("\"language mod", in: library)) == ["Large Language Models", "Plain Title"])
        #expect(index.titles("\"small language models\"", in: library) == ["Plain Title"])
        #expect(index.titles("\"models language\"", in: library) == [])
    }

    @Test("-word and -\"phrase\" leave papers out")
    func exclusion() {
        let (library, index) = searchLibrary([
            [
                ("Sparse Attention", "Long context."),
                ("Sparse Vision Models", "Images."),
                ("Sparse Language Models", "Text."),
            ]
        ])
        #expect(Set(index.titles("sparse -vision", in: library)) == ["Sparse Attention", "Sparse Language Models"])
        #expect(index.titles("sparse -\"language models\" -attention", in: library) == ["Sparse Vision Models"])
        #expect(index.titles("sparse -nosuchword", in: library).count == 3)
        // Only exclusions: nothing to search for.
        #expect(index.titles("-vision", in: library) == [])
        #expect(index.count(SearchQuery(parsing: "-vision")) == 0)
    }

    @Test("title: and abstract: restrict a word or phrase to a field")
    func fields() {
        let (library, index) = searchLibrary([
            [
                ("Sparse Attention", "Dense layers."),
                ("Dense Networks", "With sparse attention."),
            ]
        ])
        #expect(index.titles("title:sparse", in: library) == ["Sparse Attention"])
        #expect(index.titles("abstract:sparse", in: library) == ["Dense Networks"])
        #expect(index.titles("title:\"sparse attention\"", in: library) == ["Sparse Attention"])
        #expect(index.titles("abstract:\"sparse attention\"", in: library) == ["Dense Networks"])
        #expect(index.titles("dense -title:dense", in: library) == ["Sparse Attention"])
    }

    @Test("A title match ranks above abstract matches, however many")
    func titleFirst() {
        let (library, index) = searchLibrary([
            [
                ("Graphs Everywhere", "Sparse sparse sparse sparse, sparse and sparse."),
                ("A Long Title About Sparse Methods For Many Things In Learning", "Nothing else."),
                ("Unrelated", "Sparse once."),
            ]
        ])
        #expect(
            index.titles("sparse", in: library) == [
                "A Long Title About Sparse Methods For Many Things In Learning", "Graphs Everywhere", "Unrelated",
            ])
    }

    @Test("A rarer word weighs more")
    func rarerWords() {
        // "common" is in every paper, "rare" in two: the paper with the rare word in its title wins.
        let (library, index) = searchLibrary([
            [
                ("Common Ground", "A rare find."),
                ("Rare Event", "Common sense."),
                ("Common One", "Filler."),
                ("Common Two", "Filler."),
            ]
        ])
        #expect(index.titles("common rare", in: library) == ["Rare Event", "Common Ground"])
    }

    @Test("Equal scores: newest first, then the lower id")
    func ties() throws {
        let (library, index) = searchLibrary([
            [("Graph Networks Alpha", "Same words."), ("Graph Networks Gamma", "Same words.")],
            [("Graph Networks Beta", "Same words.")],
        ])
        let results = index.search(SearchQuery(parsing: "graph"))
        #expect(
            results.map { library.papers[$0.paper].title } == [
                "Graph Networks Beta", "Graph Networks Alpha", "Graph Networks Gamma",
            ])
        #expect(Set(results.map(\.score)).count == 1)
        #expect(index.search(SearchQuery(parsing: "graph"), limit: 1).map(\.paper) == [results[0].paper])
        #expect(index.search(SearchQuery(parsing: "graph"), limit: 0) == [])
    }

    @Test("Ranking by packed keys orders as comparing score, day and id does, for every limit")
    func rankingKeys() {
        // Eight days, a paper listed on each: many papers share a last day, and scores come from a few values.
        let days = (0..<8).map { day in
            (0..<12).map { ("Graph Networks \(day) \($0)", "Same words.") }
        }
        let (library, index) = searchLibrary(days)
        let lastSeen = library.papers.map { Int32($0.appearances.map(\.day.ordinal).max()!) }
        var seed: UInt64 = 7
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        let values = [0.0, 1.5, 1.5000000000000002, 2.25, 7.0, 1e-300]
        var evaluation = SearchIndex.Evaluation()
        for paper in library.papers.indices where next() % 4 != 0 {
            evaluation.papers.append(UInt32(paper))
            evaluation.scores.append(values[next() % values.count])
        }
        // The plain comparison, stable-sorted: what the ranking means.
        let expected = evaluation.papers.indices.sorted { a, b in
            let (scoreA, scoreB) = (evaluation.scores[a], evaluation.scores[b])
            if scoreA != scoreB { return scoreA > scoreB }
            let (dayA, dayB) = (lastSeen[Int(evaluation.papers[a])], lastSeen[Int(evaluation.papers[b])])
            if dayA != dayB { return dayA > dayB }
            return evaluation.papers[a] < evaluation.papers[b]
        }
        #expect(Set(evaluation.scores).count > 3 && Set(lastSeen).count == days.count)
        for limit in [1, 2, 5, 17, evaluation.papers.count - 1, evaluation.papers.count, evaluation.papers.count + 3] {
            #expect(index.top(evaluation, limit: limit) == Array(expected.prefix(limit)), "limit \(limit)")
        }
        #expect(index.top(evaluation, limit: 0).isEmpty)
    }

    @Test("Bad queries give results or nothing, quickly")
    func badQueries() {
        let (library, index) = Self.mixed
        // Printable and control ASCII, the same every run (a little linear congruential generator).
        var seed: UInt32 = 7
        let noise = String(
            (0..<10_000).map { _ in
                seed = seed &* 1_103_515_245 &+ 12_345
                return Character(Unicode.Scalar(UInt8(seed >> 16 & 0x7F)))
            })
        // Each query and how many papers it finds (nil: any number).
        let cases: [(text: String, count: Int?)] = [
            ("\"unbalanced phrase", 0), ("\"sparse", 3), ("-", 0), ("title:", 0), ("abstract:", 0), ("title:\"", 0),
            ("\"\"\"", 0), ("-sparse", 0), ("--sparse", 0), ("title:title:sparse", 0), ("sparse -", 3),
            ("\u{0}sparse\u{7}\u{1B}[31m", 0), ("\u{0}sparse\u{7}", 3), ("مرحبا بالعالم", 1), ("שלום", 1),
            ("🔥 sparse 🧠", 3), ("\u{202E}sparse", 3), ("\u{202E}\u{200F}", 0),
            (String(repeating: "sparse ", count: 1_500), 3), (String(repeating: "a", count: 10_000), 0),
            (String(repeating: "\"a -b title:c ", count: 800), nil), ("sss" + String(repeating: "-", count: 9_997), 0),
            (noise, nil), ("\"" + noise, nil), (String(repeating: "\"", count: 10_000), 0),
        ]
        let clock = ContinuousClock()
        for (text, expected) in cases {
            let label = Comment(rawValue: String(text.debugDescription.prefix(60)))
            var results: [SearchResult] = []
            var count = 0
            let elapsed = clock.measure {
                results = index.search(SearchQuery(parsing: text))
                count = index.count(SearchQuery(parsing: text))
            }
            #expect(results.count <= library.papers.count, label)
            #expect(count == results.count, label)
            if let expected { #expect(count == expected, label) }
            #expect(elapsed < .seconds(2), label)
        }
    }

    /// Papers with right-to-left text, emoji and control characters among ordinary ones.
    static let mixed = searchLibrary([
        [
            ("Sparse Models", "Plain text."),
            ("مرحبا بالعالم: Arabic Title", "Right-to-left words שלום and emoji 🔥🧠."),
            ("Control \u{7}Char\u{1B}s", "Tabs\tand\u{0}nulls sparse."),
            (String(repeating: "long ", count: 2_000), String(repeating: "words ", count: 70_000) + "sparse tail"),
        ]
    ])

    @Test("Right-to-left words and words past 65,535 positions are found")
    func unusualText() {
        let (library, index) = Self.mixed
        #expect(index.titles("مرحبا", in: library) == ["مرحبا بالعالم: Arabic Title"])
        #expect(index.titles("שלום", in: library) == ["مرحبا بالعالم: Arabic Title"])
        #expect(index.titles("nulls", in: library) == ["Control \u{7}Char\u{1B}s"])
        #expect(index.count(SearchQuery(parsing: "sparse")) == 3)
    }

    @Test("Every word TextFolding finds in a paper finds the paper, whatever the script")
    func foldingAgrees() {
        let texts = [
            ("Naïve Bayes: ŁÓDŹ Straße Œuvre", "Ørsted’s ﬁne-tuning, Ǆ digraphs, İstanbul, e\u{301}clair, 東京 and 100%"),
            ("ΑΒΓ Ελληνικά — Кириллица", "Tabs\tnew\nlines, don't, C++ & x86_64; 🔥emoji🔥 and ０１２"),
        ]
        let (library, index) = searchLibrary([texts])
        for paper in library.papers {
            for word in TextFolding.words(paper.title + " " + paper.abstract).map(\.folded) {
                let found = index.search(SearchQuery(terms: [SearchQuery.Term(words: [word])])).map(\.paper)
                #expect(found.contains(paper.id), "\(word)")
            }
        }
    }

    @Test("Samples: sparse autoencoders ranks the paper with it in the title first")
    func samples() throws {
        let library = Fixtures.sampleLibrary
        let index = SearchIndex(library: library)
        #expect(index.paperCount == library.papers.count)
        #expect(index.termCount > 1_000)
        let results = index.search(SearchQuery(parsing: "sparse autoencoders"))
        let first = try #require(results.first)
        #expect(
            library.papers[first.paper].title
                == "Sparse Autoencoders Reveal Universal Feature Spaces Across Large Language Models")
        #expect(results.count == index.count(SearchQuery(parsing: "sparse autoencoders")))
        #expect(zip(results, results.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test(
        "Samples: the index finds exactly what a plain scan of the folded words finds",
        arguments: [
            "sparse autoencoders", "\"language models\" -vision", "title:reasoning", "diffusion mod",
            "abstract:\"we propose\"",
            "the", "s", "llm -title:llm", "\"large language model\"", "frechet", "rl", "\"in the\"", "3d gauss",
        ])
    func samplesAgainstScan(_ text: String) {
        let (library, index) = Self.samples
        let query = SearchQuery(parsing: text)
        let expected = Set(library.papers.filter { Self.scanMatches($0, query) }.map(\.id))
        let found = index.search(query, limit: .max)
        #expect(Set(found.map(\.paper)) == expected)
        #expect(index.count(query) == expected.count)
    }

    static let samples: (Library, SearchIndex) = {
        let library = Fixtures.sampleLibrary
        return (library, SearchIndex(library: library))
    }()

    /// The matching rules, written plainly over `TextFolding.words`.
    static func scanMatches(_ paper: Paper, _ query: SearchQuery) -> Bool {
        guard !query.isEmpty else { return false }
        let fields = [TextFolding.words(paper.title).map(\.folded), TextFolding.words(paper.abstract).map(\.folded)]
        func matches(_ term: SearchQuery.Term) -> Bool {
            let searched =
                switch term.field {
                case .any: fields
                case .title: [fields[0]]
                case .abstract: [fields[1]]
                case .note: [[String]]()  // no paper of the samples has a note
                }
            return searched.contains { words in
                guard words.count >= term.words.count else { return false }
                return (0...(words.count - term.words.count)).contains { start in
                    term.words.indices.allSatisfy { offset in
                        let word = words[start + offset]
                        let isPrefix = term.isPrefix && offset == term.words.count - 1
                        return isPrefix ? word.hasPrefix(term.words[offset]) : word == term.words[offset]
                    }
                }
            }
        }
        return query.terms.allSatisfy { matches($0) != $0.isExcluded }
    }
}
