import Foundation

/// Finds topics in whatever papers are loaded, so a folder of papers about anything gets useful ones.
///
/// Key phrases first: two-word phrases ranked by tf-idf mass (how many papers use them, weighed by how
/// telling that is), neither rare nor everywhere, with no stop word in them. Then the phrases are clustered by the
/// papers they share: a phrase joins the first, stronger phrase whose papers mostly overlap its own, so
/// "reward model" and "policy optimization" become one topic, labelled by its top phrases. A paper belongs to a
/// topic when it uses any of its phrases.
///
/// Deterministic: the same papers give the same topics on every run (no randomness, ties broken by index). It
/// reads the search index's words and positions rather than folding the text again, so it uses the search's
/// word rules and costs a fraction of the index build.
public enum TopicDiscovery {
    public struct Found: Sendable, Equatable {
        /// A slug of the top phrase, unique among the found topics.
        public var name: String
        /// The topic's phrases, best first: its label.
        public var phrases: [String]
        /// Ascending.
        public var members: [PaperID]
    }

    public struct Parameters: Sendable {
        /// Words of the abstract read per paper, after the title: the opening says what a paper is about.
        public var abstractWords = 80
        /// Papers the key phrases are chosen from, at most (an even spread of the library).
        public var samplePapers = 20_000
        public var maximumTopics = 12
        /// Key phrases considered for clustering, the strongest.
        public var candidatePhrases = 240
        /// A phrase joins a topic when at least this share of the smaller of its papers and the topic's first
        /// phrase's papers are the same papers.
        public var joinOverlap = 0.4

        public init() {}
    }

    public static func discover(in index: SearchIndex, parameters: Parameters = Parameters()) -> [Found] {
        let paperCount = index.paperCount
        guard paperCount >= 20 else { return [] }
        let words = WordSequences(index: index, abstractWords: parameters.abstractWords)
        let sample = Array(stride(from: 0, to: paperCount, by: max(1, paperCount / parameters.samplePapers)))
        let phrases = KeyPhrases(index: index, words: words, sample: sample, keep: parameters.candidatePhrases)
        guard !phrases.keys.isEmpty else { return [] }
        let sets = phrases.paperSets(words: words, paperCount: paperCount)
        let sizes = sets.map(\.count)

        // Strongest first; each phrase joins the first group whose seed it overlaps enough, or seeds a new one.
        var groups: [(seed: Int, phrases: [Int], members: PaperSet)] = []
        for phrase in phrases.keys.indices where sizes[phrase] > 0 {
            let joined = groups.indices.first { group in
                let seed = groups[group].seed
                let shared = sets[phrase].intersectionCount(sets[seed])
                return Double(shared) >= parameters.joinOverlap * Double(min(sizes[phrase], sizes[seed]))
            }
            if let joined {
                groups[joined].phrases.append(phrase)
                groups[joined].members.formUnion(sets[phrase])
            } else {
                groups.append((phrase, [phrase], sets[phrase]))
            }
        }
        // A topic of a handful of papers says little; one of most papers says nothing.
        let minimumSize = max(3, paperCount / 200)
        let maximumSize = paperCount * 2 / 5
        let kept = groups.indices.filter {
            (minimumSize...max(minimumSize, maximumSize)).contains(groups[$0].members.count)
        }
        .sorted { (groups[$0].members.count, -$0) > (groups[$1].members.count, -$1) }
        .prefix(parameters.maximumTopics)
        var found: [Found] = []
        var usedNames = Set<String>()
        for group in kept {
            let labels = groups[group].phrases.map { phrases.labels[$0] }
            let base = labels[0].split(separator: " ").joined(separator: "-")
            var name = base
            var suffix = 2
            while usedNames.contains(name) {
                name = "\(base)-\(suffix)"
                suffix += 1
            }
            usedNames.insert(name)
            found.append(Found(name: name, phrases: labels, members: groups[group].members.papers))
        }
        return found
    }

    // MARK: - Words

    /// Each paper's title and the opening of its abstract as term ids, rebuilt from the index's positions.
    struct WordSequences {
        var start: [Int]
        /// Term ids; -1 where the index kept no position (the gap between title and abstract, words past 255
        /// repeats).
        var terms: [Int32]
        var titleLengths: [Int]

        init(index: SearchIndex, abstractWords: Int) {
            let paperCount = index.paperCount
            start = [Int](repeating: 0, count: paperCount + 1)
            titleLengths = (0..<paperCount).map { index.titleLength(of: $0) }
            for paper in 0..<paperCount {
                let abstract = min(index.abstractLength(of: paper), abstractWords)
                start[paper + 1] = start[paper] + titleLengths[paper] + 1 + abstract
            }
            var terms = [Int32](repeating: -1, count: start[paperCount])
            let start = self.start
            terms.withUnsafeMutableBufferPointer { terms in
                for term in 0..<index.termCount {
                    index.forEachPosting(of: term) { paper, positions in
                        let limit = start[paper + 1] - start[paper]
                        // Ascending: the first past the opening read ends this paper's.
                        for position in positions {
                            guard Int(position) < limit else { break }
                            terms[start[paper] + Int(position)] = Int32(term)
                        }
                    }
                }
            }
            self.terms = terms
        }

        func range(_ paper: Int) -> Range<Int> { start[paper]..<start[paper + 1] }
        func isTitle(_ paper: Int, _ slot: Int) -> Bool { slot - start[paper] < titleLengths[paper] }
    }

    // MARK: - Key phrases

    /// Two-word phrases that can tell papers apart: no stop word in them, neither rare nor everywhere, ranked
    /// by document frequency times inverse document frequency.
    struct KeyPhrases {
        /// First term in the high 32 bits, second in the low; strongest first.
        var keys: [UInt64] = []
        var labels: [String] = []

        init(index: SearchIndex, words: WordSequences, sample: [Int], keep: Int) {
            let termCount = index.termCount
            let text = index.word
            // Words that can stand in a phrase: three letters or more, not a number, not a stop word.
            var content = [Bool](repeating: false, count: termCount)
            for term in 0..<termCount {
                let word = text(term)
                content[term] =
                    word.utf8.count >= 3 && !word.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                    && !TopicDiscovery.stopWords.contains(word)
            }
            // "models" ends good phrases ("diffusion models") but starts only fragments ("models (LLMs)").
            let leadsNothing = (0..<termCount).map { ["model", "models", "towards", "toward"].contains(text($0)) }
            var frequency: [UInt64: Int32] = [:]
            var seen = Set<UInt64>()
            for paper in sample {
                seen.removeAll(keepingCapacity: true)
                var previous: Int32 = -1
                for slot in words.range(paper) {
                    let term = words.terms[slot]
                    if term >= 0, previous >= 0, term != previous, content[Int(term)], content[Int(previous)],
                        !leadsNothing[Int(previous)]
                    {
                        let key = UInt64(UInt32(previous)) << 32 | UInt64(UInt32(term))
                        if seen.insert(key).inserted { frequency[key, default: 0] += 1 }
                    }
                    previous = term
                }
            }
            let sampleSize = Double(sample.count)
            let minimum = max(3, Int(sampleSize / 300))
            let maximum = max(minimum + 1, Int(sampleSize * 0.08))
            var ranked: [(key: UInt64, score: Double)] = []
            for (key, count) in frequency where (minimum...maximum).contains(Int(count)) {
                ranked.append((key, Double(count) * log(sampleSize / Double(count))))
            }
            // Ties by key, so the order never depends on the dictionary's.
            ranked.sort { ($0.score, $1.key) > ($1.score, $0.key) }
            for (key, _) in ranked.prefix(keep) {
                keys.append(key)
                labels.append(text(Int(key >> 32)) + " " + text(Int(key & 0xFFFF_FFFF)))
            }
        }

        /// The papers using each phrase, over every paper (the phrases were chosen on a sample).
        func paperSets(words: WordSequences, paperCount: Int) -> [PaperSet] {
            var phraseOf: [UInt64: Int] = [:]
            var inPhrase = Set<Int32>()
            for (phrase, key) in keys.enumerated() {
                phraseOf[key] = phrase
                inPhrase.insert(Int32(key >> 32))
            }
            var sets = [PaperSet](repeating: PaperSet(capacity: paperCount), count: keys.count)
            for paper in 0..<paperCount {
                var previous: Int32 = -1
                for slot in words.range(paper) {
                    let term = words.terms[slot]
                    if previous >= 0, term >= 0, inPhrase.contains(previous),
                        let phrase = phraseOf[UInt64(UInt32(previous)) << 32 | UInt64(UInt32(term))]
                    {
                        sets[phrase].insert(paper)
                    }
                    previous = term
                }
            }
            return sets
        }
    }

    /// English function words and the words every paper abstract uses; they make neither topics nor labels.
    static let stopWords: Set<String> = [
        "the", "and", "for", "with", "that", "this", "from", "are", "our", "its", "their", "which", "these", "those",
        "such", "can", "also", "not", "but", "has", "have", "was", "were", "been", "being", "into", "over", "than",
        "then", "them", "they", "more", "most", "less", "both", "each", "other", "only", "while", "when", "where",
        "how", "what", "who", "why", "all", "any", "via", "per", "across", "between", "within", "without", "through",
        "under", "upon", "about", "after", "before", "during", "however", "thus", "therefore", "moreover",
        "furthermore", "additionally", "further", "well", "often", "yet", "still", "even", "many", "much", "some",
        "few", "several", "various", "whether", "because", "since", "given", "due", "one", "two", "three", "first",
        "second", "new", "novel", "large", "small", "high", "low", "better", "best", "key", "significant",
        "significantly", "substantially", "state", "art", "paper", "work", "study", "studies", "propose", "proposed",
        "proposes", "present", "presents", "introduce", "introduces", "introduced", "show", "shows", "shown",
        "demonstrate", "demonstrates", "demonstrated", "achieve", "achieves", "achieved", "achieving", "outperform",
        "outperforms", "results", "result", "performance", "method", "methods", "approach", "approaches", "framework",
        "frameworks", "existing", "prior", "previous", "recent", "recently", "current", "available", "publicly",
        "release", "based", "using", "use", "used", "uses", "leverage", "leverages", "leveraging", "enable",
        "enables", "enabling", "improve", "improves", "improved", "improving", "improvement", "improvements",
        "effective", "effectively", "efficient", "task", "tasks", "dataset", "datasets", "benchmark", "benchmarks",
        "experiments", "experimental", "extensive", "comprehensive", "evaluation", "evaluate", "evaluated",
        "evaluations", "analysis", "way", "ways", "address", "addresses", "challenge", "challenges", "challenging",
        "problem", "problems", "limited", "limitations", "remains", "remain", "make", "makes", "making", "will",
        "may", "might", "could", "should", "would", "must", "does", "did", "doing", "here", "there", "respectively",
        "including", "include", "includes", "wide", "range", "set", "sets", "specific", "different", "diverse",
        "multiple", "single", "strong", "stronger", "robust", "simple", "general", "ability", "abilities",
        "capability", "capabilities", "level", "levels", "time", "times", "number", "important", "crucial",
        "critical", "need", "needs", "lack", "fail", "fails", "typically", "real", "world", "github", "https", "http",
        "www", "com", "org", "abs", "pdf", "html", "huggingface", "arxiv", "technical", "report",
        "following", "papers", "pages",
        "project", "page", "open", "source",
    ]
}
