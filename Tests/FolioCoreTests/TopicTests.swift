import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

/// The four samples, indexed once for every topic test.
private let sampleLibrary = Fixtures.sampleLibrary
private let sampleIndex = SearchIndex(library: sampleLibrary)

private func titles(_ topic: Topic, in library: Library) -> Set<String> {
    Set(topic.members.papers.map { library.papers[$0].title })
}

@Suite("Topics")
struct TopicTests {
    @Test("Built-in topics on the samples hold the papers they should and not those they should not")
    func builtInAssignment() throws {
        let topics = TopicIndex(definitions: TopicCatalog.builtIn, index: sampleIndex, discover: false)
        func members(_ name: String) throws -> Set<String> {
            titles(try #require(topics.topics.first { $0.name == name }, "no topic \(name)"), in: sampleLibrary)
        }
        let expectations: [(topic: String, holds: [String], lacks: [String])] = [
            (
                "interpretability",
                [
                    "Sparse Autoencoders Reveal Universal Feature Spaces Across Large Language Models",
                    "Superposition Yields Robust Neural Scaling",
                ],
                ["Contrastive Multiview Coding", "Optimizing Byte-level Representation for End-to-end ASR"]
            ),
            (
                "graphs", ["The Surprising Power of Graph Neural Networks with Random Node Initialization"],
                ["Sparse Autoencoders Reveal Universal Feature Spaces Across Large Language Models"]
            ),
            (
                "speech-audio",
                [
                    "Optimizing Byte-level Representation for End-to-end ASR",
                    "EnCodecMAE: Leveraging neural codecs for universal audio representation learning",
                ],
                ["Superposition Yields Robust Neural Scaling"]
            ),
            (
                "code", ["CodeGen2: Lessons for Training LLMs on Programming and Natural Languages"],
                ["Contrastive Multiview Coding"]
            ),
            (
                "diffusion", ["Do text-free diffusion models learn discriminative visual representations?"],
                ["Universal Neurons in GPT2 Language Models"]
            ),
            (
                "robotics", ["Where are we in the search for an Artificial Visual Cortex for Embodied Intelligence?"],
                ["CodeGen2: Lessons for Training LLMs on Programming and Natural Languages"]
            ),
            (
                "safety-privacy",
                [
                    "Blackbox Model Provenance via Palimpsestic Membership Inference",
                    "Bilateral Dependency Optimization: Defending Against Model-inversion Attacks",
                ],
                ["Equivariance with Learned Canonicalization Functions"]
            ),
        ]
        for (topic, holds, lacks) in expectations {
            let papers = try members(topic)
            for title in holds { #expect(papers.contains(title), "\(topic) should hold \"\(title)\"") }
            for title in lacks { #expect(!papers.contains(title), "\(topic) should not hold \"\(title)\"") }
        }
    }

    @Test("A keyword matches whole words, phrases in order, and words starting with a starred prefix")
    func keywordRules() {
        let library = DigestLoader.load(inputs: [
            DigestInput(
                source: "2025-12-01.json",
                bytes: Array(
                    """
                    [{"paper": {"title": "Agentic search", "summary": "Tool-use for agents."}},
                     {"paper": {"title": "Reagent chemistry", "summary": "Use the tool for reagents."}},
                     {"paper": {"title": "Chain-of-Thought prompting", "summary": "Thought chains of reasoning."}}]
                    """.utf8))
        ])
        let index = SearchIndex(library: library)
        let definitions = [
            TopicDefinition(name: "agents", keywords: ["agent*"], source: .user),
            TopicDefinition(name: "tools", keywords: ["tool use"], source: .user),
            TopicDefinition(name: "cot", keywords: ["chain of thought"], source: .user),
        ]
        let topics = TopicIndex(definitions: definitions, index: index, discover: false)
        #expect(titles(topics.topics[0], in: library) == ["Agentic search"], "agent* does not match inside reagent")
        #expect(titles(topics.topics[1], in: library) == ["Agentic search"], "the phrase needs its words in order")
        #expect(titles(topics.topics[2], in: library) == ["Chain-of-Thought prompting"])
    }

    @Test("A user's topics.toml adds topics, replaces built-in ones in place and removes them with no keywords")
    func userTopics() {
        let text = """
            # mine
            [topics.agents]
            keywords = ["agent*",
                        "tool use",   # multi-line lists, as TOML allows
            ]

            [topics.Kernels]
            keywords = ["kernel methods", "rkhs"]

            [topics.video]
            keywords = []
            """
        let (user, problems) = TopicCatalog.parse(text, file: "topics.toml")
        #expect(problems.isEmpty)
        let merged = TopicCatalog.merged(TopicCatalog.builtIn, user)
        let agents = merged.first { $0.name == "agents" }
        #expect(agents?.keywords == ["agent*", "tool use"])
        #expect(agents?.source == .user)
        #expect(merged.firstIndex { $0.name == "agents" } == TopicCatalog.builtIn.firstIndex { $0.name == "agents" })
        #expect(merged.last?.name == "kernels")
        #expect(!merged.contains { $0.name == "video" })
        #expect(merged.count == TopicCatalog.builtIn.count)
    }

    @Test("Mistakes in topics.toml name the file and line and skip only that topic")
    func userTopicProblems() {
        let text = """
            [topics.good]
            keywords = ["good"]
            [topics.bad]
            keywords = "not a list"
            [topics.worse]
            words = ["x"]
            [topics.unclosed]
            keywords = ["a",
            """
        let (topics, problems) = TopicCatalog.parse(text, file: "t.toml")
        #expect(topics.map(\.name) == ["good"])
        #expect(problems.map(\.line) == [4, 6, 8])
        #expect(problems[0].description.hasPrefix("t.toml:4: keywords must be a list"))
        #expect(problems[2].message.contains("not closed"))
    }

    @Test("A broken header or a list left open never gives its keywords to another topic")
    func brokenLinesStayPut() {
        let text = """
            [topics.saes]
            keywords = ["sparse autoencoder*"]
            [topics.fréchet]
            keywords = ["frechet"]
            [topics.open]
            keywords = ["a", "b"
            [topics.after]
            keywords = ["after"]
            """
        let (topics, problems) = TopicCatalog.parse(text, file: "t.toml")
        #expect(topics.map(\.name) == ["saes", "after"])
        #expect(topics.first?.keywords == ["sparse autoencoder*"])
        #expect(topics.last?.keywords == ["after"])
        #expect(problems.map(\.line) == [3, 6])
    }

    @Test("The built-in taxonomy reads without a problem and covers the issue's subjects")
    func builtInTaxonomy() {
        let (topics, problems) = TopicCatalog.parse(BuiltInTopics.toml, file: "built-in", source: .builtIn)
        #expect(problems.isEmpty)
        for name in [
            "interpretability", "reasoning", "agents", "diffusion", "vision-language", "speech-audio",
            "reinforcement-learning", "efficiency", "theory", "robotics", "graphs", "safety-privacy",
        ] {
            #expect(topics.contains { $0.name == name }, "no built-in topic \(name)")
        }
        #expect(topics.allSatisfy { $0.terms.count == $0.keywords.count })
    }

    @Test("Discovered topics are identical across runs, labelled by phrases their papers use")
    func discoveryIsDeterministic() {
        let corpus = DigestLoader.load(paths: [Fixtures.corpus.path])
        let first = TopicDiscovery.discover(in: SearchIndex(library: corpus))
        let again = TopicDiscovery.discover(in: SearchIndex(library: DigestLoader.load(paths: [Fixtures.corpus.path])))
        #expect(first == again)
        #expect(first.count >= 4, "28 days of papers have more than a few themes")
        #expect(first.count <= TopicDiscovery.Parameters().maximumTopics)
        #expect(Set(first.map(\.name)).count == first.count)
        let index = SearchIndex(library: corpus)
        for topic in first {
            #expect(topic.members.count >= 3 && topic.members.count <= corpus.papers.count * 2 / 5)
            // Every member uses one of the topic's phrases: the label says what the papers share.
            let phraseMembers = topic.phrases.reduce(into: Set<UInt32>()) { set, phrase in
                set.formUnion(
                    index.matchingPapers(
                        SearchQuery(terms: [SearchQuery.Term(words: phrase.split(separator: " ").map(String.init))])))
            }
            #expect(topic.members.allSatisfy { phraseMembers.contains(UInt32($0)) }, "\(topic.name)")
        }
    }

    @Test("A found topic that repeats a written one is left out; a written topic with no papers repeats nothing")
    func discoveredSkipsRepeats() {
        let index = SearchIndex(library: DigestLoader.load(paths: [Fixtures.corpus.path]))
        let topics = TopicIndex(definitions: TopicCatalog.builtIn, index: index)
        let discovered = topics.topics.filter { $0.source == .discovered }
        #expect(discovered.count >= 2)
        let empty = TopicDefinition(name: "nothing-here", keywords: ["zzqxv"], source: .user)
        let withEmpty = TopicIndex(definitions: TopicCatalog.builtIn + [empty], index: index)
        #expect(withEmpty.topics.filter { $0.source == .discovered }.map(\.name) == discovered.map(\.name))
        let written = topics.topics.filter { $0.source != .discovered }
        for found in topics.topics where found.source == .discovered {
            #expect(!written.contains { $0.name == found.name })
            for topic in written {
                #expect(
                    Double(topic.members.intersectionCount(found.members)) < 0.6
                        * Double(min(topic.count, found.count)),
                    "\(found.name) repeats \(topic.name)")
            }
        }
    }
}

@Suite("Paper sets")
struct PaperSetTests {
    @Test("Bits past the capacity never count, and set algebra agrees with Set")
    func algebra() {
        let a = PaperSet(capacity: 130, [0, 5, 64, 127, 129])
        let b = PaperSet(capacity: 130, [5, 6, 129])
        #expect(a.count == 5)
        #expect(a.inverted().count == 125)
        #expect(PaperSet(capacity: 130).inverted().count == 130)
        #expect(a.intersection(b).papers == [5, 129])
        #expect(a.union(b).papers == [0, 5, 6, 64, 127, 129])
        #expect(a.intersectionCount(b) == 2)
        #expect(!a.contains(130) && !a.contains(-1))

    }
}
