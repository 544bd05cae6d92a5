import Foundation

/// Where a topic comes from.
public enum TopicSource: String, Sendable, Equatable, CaseIterable {
    /// The taxonomy Folio ships with.
    case builtIn = "built-in"
    /// The user's `topics.toml`.
    case user
    /// Found in the loaded abstracts.
    case discovered
}

/// A topic as written down: a name and the keywords that put a paper in it.
public struct TopicDefinition: Sendable, Equatable {
    /// Lower case, no spaces: what `topic:NAME` and `toggle-topic:NAME` name.
    public var name: String
    /// Each a word, a phrase, or a word ending in `*` that matches words starting with it.
    public var keywords: [String]
    public var source: TopicSource

    public init(name: String, keywords: [String], source: TopicSource) {
        self.name = name
        self.keywords = keywords
        self.source = source
    }

    /// The keywords as search terms: folded like the papers' text, `*` making the last word a prefix.
    public var terms: [SearchQuery.Term] {
        keywords.compactMap { keyword in
            let isPrefix = keyword.hasSuffix("*")
            let words = TextFolding.words(isPrefix ? String(keyword.dropLast()) : keyword).map(\.folded)
            guard !words.isEmpty else { return nil }
            return SearchQuery.Term(words: Array(words.prefix(SearchQuery.maximumPhraseWords)), isPrefix: isPrefix)
        }
    }
}

/// The topics written down: the built-in taxonomy, then the user's file on top.
public enum TopicCatalog {
    /// The built-in taxonomy.
    public static let builtIn: [TopicDefinition] = parse(BuiltInTopics.toml, file: "built-in topics", source: .builtIn)
        .topics

    /// Reads a topics file: `[topics.NAME]` tables with `keywords = [...]`. A mistake is reported as
    /// `file:line: what` and skips that topic only.
    public static func parse(_ text: String, file: String, source: TopicSource = .user)
        -> (topics: [TopicDefinition], problems: [Diagnostic])
    {
        let (entries, errors) = TOMLSubset.parseCounted(text, file: file)
        var problems = errors
        var topics: [TopicDefinition] = []
        // Where each name is in `topics`: a file of 100,000 topics must not search the list for each.
        var positions: [String: Int] = [:]
        for entry in entries {
            func problem(_ message: String) {
                problems.append(Diagnostic(file: file, line: entry.line, message: message))
            }
            guard entry.table.count == 2, entry.table[0] == "topics" else {
                let table = entry.table.isEmpty ? "" : "[\(entry.table.joined(separator: "."))] "
                problem(
                    "unknown setting \(table)\(entry.key): a topic is a [topics.NAME] table with keywords = [\"...\"]")
                continue
            }
            let name = entry.table[1].lowercased()
            guard isValidName(name) else {
                problem("topic name \"\(entry.table[1])\" must be letters, digits and dashes")
                continue
            }
            guard entry.key == "keywords" else {
                problem("unknown setting \(entry.key) in [topics.\(name)]: a topic has keywords = [\"...\"]")
                continue
            }
            guard let keywords = entry.value.strings else {
                problem("keywords must be a list of strings in quotes, not \(entry.value.typeName)")
                continue
            }
            let unusable = keywords.filter { TextFolding.words($0).isEmpty }
            if !unusable.isEmpty {
                let list = unusable.map { "\"\($0)\"" }.joined(separator: ", ")
                problem(
                    "keyword\(unusable.count == 1 ? "" : "s") \(list) \(unusable.count == 1 ? "has" : "have") no letters or digits to match; left out"
                )
            }
            let definition = TopicDefinition(
                name: name, keywords: keywords.filter { !TextFolding.words($0).isEmpty },
                source: source)
            if let index = positions[name] {
                problem("topic \(name) is given keywords twice in this file; the later ones count")
                topics[index] = definition
            } else {
                positions[name] = topics.count
                topics.append(definition)
            }
        }
        problems.sortKept { $0.line < $1.line }
        return (topics, problems.diagnostics(file: file))
    }

    /// The built-in topics with the user's on top: a user topic of a built-in name replaces it (in its place),
    /// one with no keywords removes it, the others are added after.
    public static func merged(_ base: [TopicDefinition], _ user: [TopicDefinition]) -> [TopicDefinition] {
        var result = base
        for topic in user {
            if let index = result.firstIndex(where: { $0.name == topic.name }) {
                result[index] = topic
            } else {
                result.append(topic)
            }
        }
        return result.filter { !$0.keywords.isEmpty }
    }

    /// The user's topics file: `$XDG_CONFIG_HOME/folio/topics.toml`, else `~/.config/folio/topics.toml` (see `XDGPaths`).
    public static func userFilePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        XDGPaths(environment: environment).configFile("topics.toml")
    }

    /// The built-in topics merged with the user's file when there is one, and the file's problems.
    /// A missing file is no problem unless `required` (named on the command line).
    public static func load(userFile path: String, required: Bool = false) -> (
        topics: [TopicDefinition], problems: [Diagnostic]
    ) {
        let bytes: [UInt8]
        switch WholeFile.read(path) {
        case .success(let read): bytes = read
        case .failure(let failure) where failure.code == ENOENT:
            return (builtIn, required ? [Diagnostic(file: path, line: 0, message: "no such topics file")] : [])
        case .failure:
            return (
                builtIn,
                [Diagnostic(file: path, line: 0, message: "cannot read the topics file; using the built-in topics")]
            )
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return (
                builtIn,
                [Diagnostic(file: path, line: 0, message: "the topics file is not UTF-8; using the built-in topics")]
            )
        }
        let (user, problems) = parse(text, file: path)
        return (merged(builtIn, user), problems)
    }

    /// Lower-case letters, digits, dashes and underscores: a name that can be typed after topic: or @.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_"
            }
    }
}
