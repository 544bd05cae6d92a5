import Foundation

/// A filter over papers, as typed at the `f` prompt or given to `folio list --filter`:
///
///     topic:agents and unread
///     (diffusion or "flow matching") and not starred
///     date>=2025-12-01 upvotes>10 seen>1
///
/// Atoms: `topic:NAME`, `unread`, `read`, `starred`, `tag:NAME`, `tagged`, `note:word`, `has:note`, `day:today` (or `day:YYYY-MM-DD`), `date` / `upvotes` /
/// `seen` compared with `>`, `>=`, `<`, `<=` or `=`, `@NAME` for a named filter from the config, and words,
/// `"phrases"`, `title:word`, `abstract:word` and `word*` as in search. `and`, `or`, `not` (or `-` before an atom)
/// and parentheses combine them; atoms side by side are joined by `and`, which binds tighter than `or`.
public indirect enum Filter: Sendable, Equatable {
    case and(Filter, Filter)
    case or(Filter, Filter)
    case not(Filter)
    /// The column (1-based) where the name starts, to point at an unknown topic.
    case topic(String, column: Int)
    case unread
    case read
    case starred
    /// Listed on this day; nil is the newest digest day.
    case day(DayDate?)
    /// Listed on a day that compares so with the date.
    case date(Comparison, DayDate)
    /// The paper's newest upvotes (none counts as 0).
    case upvotes(Comparison, Int)
    /// How many distinct days listed it.
    case seen(Comparison, Int)
    /// A word or phrase in the title or abstract, with the search's word rules.
    case text(SearchQuery.Term)
    /// Tagged NAME (lowercased), or tagged at all.
    case tag(String)
    case tagged
    /// A word or phrase in the reader's note, or a note at all.
    case note(SearchQuery.Term)
    case hasNote

    public enum Comparison: String, Sendable, Equatable, CaseIterable {
        case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=", equal = "="

        func holds<T: Comparable>(_ value: T, _ bound: T) -> Bool {
            switch self {
            case .greater: value > bound
            case .greaterOrEqual: value >= bound
            case .less: value < bound
            case .lessOrEqual: value <= bound
            case .equal: value == bound
            }
        }
    }

    /// Reads a filter; `named` holds the config's named filters, which `@NAME` stands for. A problem is thrown
    /// with its column, 1-based in characters of the text typed, to point at.
    public static func parse(_ text: String, named: [String: String] = [:]) throws(Diagnostic) -> Filter {
        var parser = FilterParser(text: text, named: named, chain: [], depth: 0, budget: FilterParser.Budget())
        return try parser.parseWhole()
    }

    /// How deep parentheses, `not` (or `-`) and named filters inside named filters may nest, together: past any
    /// filter written by hand, short of the stack (100,000 `(` would overflow it).
    public static let maximumDepth = 64
    /// The most atoms a filter may hold once every `@NAME` is expanded: named filters that use each other twice
    /// over (`@a = "@b or @b"`, …) double at each level, and would take minutes and gigabytes to expand.
    public static let maximumAtoms = 1_000
    /// How many named filters may stand inside one another (`@a` using `@b` using `@c`…), within `maximumDepth`.
    public static let maximumNamedDepth = 16

    /// What the evaluation reads besides the filter.
    public struct Context {
        public var library: Library
        public var topics: TopicIndex?
        public var index: SearchIndex?
        public var read: PaperSet
        public var starred: PaperSet
        public var facts: PaperFacts
        /// The reader's tags and notes.
        public var layer: PaperLayer

        public init(
            library: Library, topics: TopicIndex?, index: SearchIndex?, read: PaperSet, starred: PaperSet,
            facts: PaperFacts? = nil, layer: PaperLayer = PaperLayer()
        ) {
            self.layer = layer
            self.library = library
            self.topics = topics
            self.index = index
            self.read = read
            self.starred = starred
            self.facts = facts ?? PaperFacts(library: library)
        }
    }

    /// Every topic the filter names, in order.
    public var topicNames: [String] {
        switch self {
        case .and(let a, let b), .or(let a, let b): a.topicNames + b.topicNames
        case .not(let a): a.topicNames
        case .topic(let name, _): [name]
        default: []
        }
    }

    /// The first topic the filter names that `topics` does not have, pointing at its name.
    public func unknownTopic(in topics: TopicIndex) -> Diagnostic? {
        switch self {
        case .and(let a, let b), .or(let a, let b): return a.unknownTopic(in: topics) ?? b.unknownTopic(in: topics)
        case .not(let a): return a.unknownTopic(in: topics)
        case .topic(let name, let column):
            guard topics.index(named: name) == nil else { return nil }
            let names = topics.topics.map(\.name)
            // A near name is the likely meaning; else a few names to go on (`folio topics` lists them all).
            let near = names.filter { $0.hasPrefix(name) || $0.contains(name) || name.contains($0) }
            if !near.isEmpty {
                return Diagnostic(
                    column: column,
                    message: "no topic \"\(name)\": did you mean \(near.prefix(3).joined(separator: " or "))?")
            }
            let some =
                names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", … (folio topics lists them)" : "")
            return Diagnostic(column: column, message: "no topic \"\(name)\" (topics: \(some))")
        default: return nil
        }
    }

    /// Whether evaluating needs what is built in the background: the search index for words, topics for topics.
    public var needsIndex: Bool {
        switch self {
        case .and(let a, let b), .or(let a, let b): a.needsIndex || b.needsIndex
        case .not(let a): a.needsIndex
        case .topic, .text: true
        default: false
        }
    }

    /// The papers the filter keeps. Throws for a topic no one defined (pointing at its name); needs the index and
    /// topics when `needsIndex`.
    public func evaluate(in context: Context) throws(Diagnostic) -> PaperSet {
        let library = context.library
        let capacity = library.papers.count
        let facts = context.facts
        func papers(where predicate: (Int) -> Bool) -> PaperSet {
            var set = PaperSet(capacity: capacity)
            for paper in 0..<capacity where predicate(paper) { set.insert(paper) }
            return set
        }
        switch self {
        case .and(let a, let b):
            return try a.evaluate(in: context).intersection(b.evaluate(in: context))
        case .or(let a, let b):
            return try a.evaluate(in: context).union(b.evaluate(in: context))
        case .not(let a):
            return try a.evaluate(in: context).inverted()
        case .topic(let name, _):
            guard let topics = context.topics else { return PaperSet(capacity: capacity) }
            guard let index = topics.index(named: name) else { throw unknownTopic(in: topics)! }
            return topics.topics[index].members
        case .unread:
            return context.read.inverted()
        case .read:
            return context.read
        case .starred:
            return context.starred
        case .day:
            return evaluateDay(in: library)
        case .date(let comparison, let bound):
            // Listed on some day that compares so: the last day decides for later, the first for earlier.
            let ordinal = Int32(bound.ordinal)
            switch comparison {
            case .greater, .greaterOrEqual: return papers { comparison.holds(facts.lastSeen[$0], ordinal) }
            case .less, .lessOrEqual: return papers { comparison.holds(facts.firstSeen[$0], ordinal) }
            case .equal: return Filter.day(bound).evaluateDay(in: library)
            }
        case .upvotes(let comparison, let bound):
            return papers { comparison.holds(Int(facts.upvotes[$0]), bound) }
        case .seen(let comparison, let bound):
            return papers { comparison.holds(Int(facts.timesSeen[$0]), bound) }
        case .text(let term):
            guard let index = context.index else { return PaperSet(capacity: capacity) }
            return PaperSet(capacity: capacity, index.matchingPapers(SearchQuery(terms: [term])))
        case .tag(let name):
            return context.layer.papers(taggedWith: name, capacity: capacity)
        case .tagged:
            return context.layer.taggedPapers(capacity: capacity)
        case .note(let term):
            return context.layer.papers(withNoteMatching: term, capacity: capacity)
        case .hasNote:
            return context.layer.notedPapers(capacity: capacity)
        }
    }
}

extension Filter {
    /// For `.day`: the papers listed that day.
    func evaluateDay(in library: Library) -> PaperSet {
        var set = PaperSet(capacity: library.papers.count)
        guard case .day(let date) = self else { return set }
        let wanted = date ?? library.today
        if let day = library.days.first(where: { $0.date == wanted }) {
            for paper in day.papers { set.insert(paper) }
        }
        return set
    }
}

/// What filters compare per paper, in flat arrays: reading them for 100,000 papers is a loop over integers,
/// not over `Paper` values and their appearances.
public struct PaperFacts: Sendable {
    /// The newest upvotes shown, 0 when none.
    public var upvotes: [Int32]
    public var timesSeen: [Int32]
    /// `DayDate.ordinal` of the first and last day listed.
    public var firstSeen: [Int32]
    public var lastSeen: [Int32]

    public init(library: Library) {
        let count = library.papers.count
        upvotes = []
        timesSeen = []
        firstSeen = []
        lastSeen = []
        upvotes.reserveCapacity(count)
        timesSeen.reserveCapacity(count)
        firstSeen.reserveCapacity(count)
        lastSeen.reserveCapacity(count)
        // By index, each paper read in place: `for paper in papers` would copy (and retain) every paper's parts.
        library.papers.withUnsafeBufferPointer { papers in
            for index in papers.indices {
                upvotes.append(Int32(clamping: papers[index].upvotes ?? 0))
                timesSeen.append(Int32(clamping: papers[index].timesSeen))
                firstSeen.append(Int32(clamping: papers[index].firstSeen.ordinal))
                lastSeen.append(Int32(clamping: papers[index].lastSeen.ordinal))
            }
        }
    }
}

// MARK: - Parsing

private struct FilterParser {
    struct Token: Equatable {
        enum Kind: Equatable { case word, phrase, open, close, minus }
        var kind: Kind
        var text: String
        /// 1-based.
        var column: Int
        /// `title` for `title:"a phrase"`.
        var field: String?
    }

    /// Atoms made so far, shared by the parsers of the named filters expanded inside one filter.
    final class Budget {
        var atoms = 0
    }

    let text: String
    let named: [String: String]
    /// The named filters being expanded, outermost first: to catch one that refers to itself.
    let chain: [String]
    /// Parentheses, `not`s and named filters around the current token.
    var depth: Int
    let budget: Budget
    var tokens: [Token] = []
    var position = 0

    init(text: String, named: [String: String], chain: [String], depth: Int, budget: Budget) {
        self.text = text
        self.named = named
        self.chain = chain
        self.depth = depth
        self.budget = budget
    }

    func tooDeep(_ column: Int) -> Diagnostic {
        Diagnostic(
            column: column,
            message: "nests more than \(Filter.maximumDepth) deep (parentheses, not and named filters together)")
    }

    var endColumn: Int { text.count + 1 }

    mutating func parseWhole() throws(Diagnostic) -> Filter {
        tokens = try Self.tokenize(text)
        guard !tokens.isEmpty else { throw Diagnostic(column: 1, message: "the filter is empty") }
        let filter = try parseOr()
        if position < tokens.count {
            let token = tokens[position]
            throw Diagnostic(
                column: token.column,
                message: token.kind == .close
                    ? "this ) closes nothing" : "expected and, or, or the end here")
        }
        return filter
    }

    var current: Token? { position < tokens.count ? tokens[position] : nil }

    func isOperator(_ token: Token?, _ word: String) -> Bool {
        token?.kind == .word && token?.text.lowercased() == word
    }

    mutating func parseOr() throws(Diagnostic) -> Filter {
        var left = try parseAnd()
        while isOperator(current, "or") {
            position += 1
            left = .or(left, try parseAnd())
        }
        return left
    }

    mutating func parseAnd() throws(Diagnostic) -> Filter {
        var left = try parseUnary()
        while let token = current, token.kind != .close, !isOperator(token, "or") {
            if isOperator(token, "and") { position += 1 }
            left = .and(left, try parseUnary())
        }
        return left
    }

    mutating func parseUnary() throws(Diagnostic) -> Filter {
        guard let token = current else {
            let after = position > 0 ? tokens[position - 1].text : ""
            throw Diagnostic(column: endColumn, message: "expected something to filter by after \(after)")
        }
        if isOperator(token, "not") || token.kind == .minus {
            guard depth < Filter.maximumDepth else { throw tooDeep(token.column) }
            position += 1
            depth += 1
            defer { depth -= 1 }
            return .not(try parseUnary())
        }
        if token.kind == .open {
            guard depth < Filter.maximumDepth else { throw tooDeep(token.column) }
            position += 1
            depth += 1
            let inner = try parseOr()
            depth -= 1
            guard current?.kind == .close else {
                throw Diagnostic(
                    column: current?.column ?? endColumn, message: "expected ) to close the ( at column \(token.column)"
                )
            }
            position += 1
            return inner
        }
        if token.kind == .close {
            throw Diagnostic(column: token.column, message: "expected something to filter by before )")
        }
        if isOperator(token, "and") || isOperator(token, "or") {
            throw Diagnostic(column: token.column, message: "expected something to filter by before \(token.text)")
        }
        position += 1
        if !token.text.hasPrefix("@") || token.kind != .word {
            budget.atoms += 1
            guard budget.atoms <= Filter.maximumAtoms else {
                throw Diagnostic(
                    column: token.column,
                    message: "more than \(Filter.maximumAtoms) terms once named filters are expanded")
            }
        }
        return try atom(token)
    }

    func atom(_ token: Token) throws(Diagnostic) -> Filter {
        if token.kind == .phrase {
            let words = TextFolding.words(token.text).map(\.folded)
            guard !words.isEmpty else {
                throw Diagnostic(column: token.column, message: "the phrase has no words to match")
            }
            var field = SearchQuery.Field.any
            switch token.field?.lowercased() {
            case nil: break
            case "title": field = .title
            case "abstract": field = .abstract
            case "note": field = .note
            case let other?:
                throw Diagnostic(
                    column: token.column, message: "only title:, abstract: and note: take a \"phrase\", not \(other):")
            }
            // `"sparse auto*"`: the last word a prefix, as in search.
            let isPrefix = token.text.trimmingCharacters(in: .whitespaces).hasSuffix("*")
            let term = SearchQuery.Term(
                words: Array(words.prefix(SearchQuery.maximumPhraseWords)), field: field, isPrefix: isPrefix)
            return field == .note ? .note(term) : .text(term)
        }
        let word = token.text
        let lower = word.lowercased()
        switch lower {
        case "unread": return .unread
        case "read": return .read
        case "starred": return .starred
        case "tagged": return .tagged
        case "has:note": return .hasNote
        default: break
        }
        if word.hasPrefix("@") {
            let name = String(word.dropFirst())
            guard let body = named[name] else {
                let known = named.keys.sorted().map { "@" + $0 }.joined(separator: ", ")
                throw Diagnostic(
                    column: token.column,
                    message: "no named filter \"\(name)\""
                        + (known.isEmpty ? " ([filters] in the config names them)" : " (named: \(known))"))
            }
            guard !chain.contains(name) else {
                let loop = (chain.drop { $0 != name } + [name]).map { "@" + $0 }.joined(separator: " → ")
                throw Diagnostic(column: token.column, message: "named filters refer to each other in a loop: \(loop)")
            }
            guard depth < Filter.maximumDepth else { throw tooDeep(token.column) }
            guard chain.count < Filter.maximumNamedDepth else {
                throw Diagnostic(
                    column: token.column,
                    message: "named filters stand more than \(Filter.maximumNamedDepth) deep inside one another")
            }
            var inner = FilterParser(text: body, named: named, chain: chain + [name], depth: depth + 1, budget: budget)
            do {
                return try inner.parseWhole()
            } catch  where chain.isEmpty {
                // Said once, from the outermost name, however deep the mistake is.
                let message =
                    error.message.hasPrefix("named filters refer")
                    ? error.message
                    : "in @\(name) = \"\(body)\": \(error.description)"
                throw Diagnostic(column: token.column, message: message)
            } catch {
                throw error
            }
        }
        if let colon = word.firstIndex(of: ":") {
            let field = word[..<colon].lowercased()
            let value = String(word[word.index(after: colon)...])
            let valueColumn = token.column + word.distance(from: word.startIndex, to: colon) + 1
            switch field {
            case "topic":
                guard !value.isEmpty else {
                    throw Diagnostic(column: valueColumn, message: "expected a topic name after topic:")
                }
                return .topic(value.lowercased(), column: valueColumn)
            case "day":
                if value.lowercased() == "today" || value.lowercased() == "latest" { return .day(nil) }
                guard let date = DayDate(iso: value) else {
                    throw Diagnostic(
                        column: valueColumn, message: "expected today or a date like 2025-12-01 after day:")
                }
                return .day(date)
            case "title", "abstract":
                return try textTerm(value, field: field == "title" ? .title : .abstract, column: valueColumn)
            case "note":
                return try textTerm(value, field: .note, column: valueColumn)
            case "tag":
                guard let name = TagMark.normalized(value) else {
                    throw Diagnostic(
                        column: valueColumn, message: "expected a tag name (letters, digits, -_./+:) after tag:")
                }
                return .tag(name)
            case "upvotes", "seen", "date":
                break
            default:
                // `topics:x` or `foo:bar` is a typo, not two words to search for.
                if field.allSatisfy(\.isLetter) {
                    throw Diagnostic(
                        column: token.column,
                        message: "unknown field \(field): (use topic:, tag:, note:, day:, title:, abstract:)")
                }
            }
        }
        if let comparison = try self.comparison(word, column: token.column) { return comparison }
        if let symbol = word.firstIndex(where: { "<>=".contains($0) }) ?? word.range(of: "!=")?.lowerBound {
            let name = word[..<symbol]
            let column = token.column + word.distance(from: word.startIndex, to: symbol)
            if name.isEmpty {
                throw Diagnostic(column: column, message: "write a comparison without spaces, as in upvotes>10")
            }
            throw Diagnostic(column: token.column, message: "cannot compare \(name): compare upvotes, seen or date")
        }
        return try textTerm(word, field: .any, column: token.column)
    }

    /// `upvotes>10`, `seen>=2`, `date<2025-12-01`; nil when the word starts with none of those names.
    func comparison(_ word: String, column: Int) throws(Diagnostic) -> Filter? {
        let lower = word.lowercased()
        for name in ["upvotes", "seen", "date"] where lower.hasPrefix(name) {
            let rest = lower.dropFirst(name.count)
            guard let first = rest.first, "<>=:!".contains(first) else { continue }
            let symbol = rest.prefix { "<>=:!".contains($0) }
            let operatorColumn = column + name.count
            let value = String(rest.dropFirst(symbol.count))
            guard let comparison = Filter.Comparison(rawValue: symbol == ":" ? "=" : String(symbol)) else {
                throw Diagnostic(column: operatorColumn, message: "expected >, >=, <, <= or = after \(name)")
            }
            let valueColumn = operatorColumn + symbol.count
            if name == "date" {
                guard let date = DayDate(iso: value) else {
                    throw Diagnostic(
                        column: valueColumn, message: "expected a date like 2025-12-01 after date\(symbol)")
                }
                return .date(comparison, date)
            }
            guard let number = Int(value) else {
                throw Diagnostic(column: valueColumn, message: "expected a whole number after \(name)\(symbol)")
            }
            return name == "upvotes" ? .upvotes(comparison, number) : .seen(comparison, number)
        }
        return nil
    }

    func textTerm(_ word: String, field: SearchQuery.Field, column: Int) throws(Diagnostic) -> Filter {
        let isPrefix = word.hasSuffix("*")
        let words = TextFolding.words(isPrefix ? String(word.dropLast()) : word).map(\.folded)
        guard !words.isEmpty else {
            throw Diagnostic(column: column, message: "\"\(word)\" has no letters or digits to match")
        }
        // `state-of-the-art` folds to several words: a phrase, as search reads it.
        let term = SearchQuery.Term(
            words: Array(words.prefix(SearchQuery.maximumPhraseWords)), field: field, isPrefix: isPrefix)
        return field == .note ? .note(term) : .text(term)
    }

    static func tokenize(_ text: String) throws(Diagnostic) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
            } else if character == "(" || character == ")" {
                tokens.append(Token(kind: character == "(" ? .open : .close, text: String(character), column: column))
                index += 1
            } else if character == "-" {
                tokens.append(Token(kind: .minus, text: "-", column: column))
                index += 1
            } else if character == "\"" {
                guard let end = characters[(index + 1)...].firstIndex(of: "\"") else {
                    throw Diagnostic(column: column, message: "this quote is not closed")
                }
                tokens.append(Token(kind: .phrase, text: String(characters[(index + 1)..<end]), column: column))
                index = end + 1
            } else {
                var end = index
                while end < characters.count, !characters[end].isWhitespace, !"()\"".contains(characters[end]) {
                    end += 1
                }
                let word = String(characters[index..<end])
                // `title:"a phrase"`: the field goes with the phrase that follows.
                if word.hasSuffix(":"), end < characters.count, characters[end] == "\"" {
                    guard let close = characters[(end + 1)...].firstIndex(of: "\"") else {
                        throw Diagnostic(column: end + 1, message: "this quote is not closed")
                    }
                    tokens.append(
                        Token(
                            kind: .phrase, text: String(characters[(end + 1)..<close]), column: column,
                            field: String(word.dropLast())))
                    index = close + 1
                    continue
                }
                tokens.append(Token(kind: .word, text: word, column: column))
                index = end
            }
        }
        return tokens
    }
}
