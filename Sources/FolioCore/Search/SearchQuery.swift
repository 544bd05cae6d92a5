import Foundation

/// What the user typed into search, as terms: words that must all match, "quoted phrases", `-excluded` words
/// and `title:` / `abstract:` restrictions. Words are folded as `TextFolding` folds the papers' text, so case
/// and accents never matter.
///
/// Parsing never fails: unbalanced quotes make the rest of the text a phrase, a lone `-` or `title:` is
/// ignored, and anything that folds to no word (punctuation, emoji, control characters) adds no term.
public struct SearchQuery: Sendable, Equatable {
    /// `note` is the reader's note, which the search index does not hold: `PaperLayer.search` answers for it.
    public enum Field: Sendable, Equatable { case any, title, abstract, note }

    public struct Term: Sendable, Equatable {
        /// Folded; one word, or several for a "quoted phrase" (adjacent, in order, in one field).
        public var words: [String]
        public var field: Field
        /// Its last word matches every word it starts: written `word*`, or the last word of a query being typed.
        public var isPrefix: Bool
        /// `-word`: papers that match it are left out.
        public var isExcluded: Bool

        public init(words: [String], field: Field = .any, isPrefix: Bool = false, isExcluded: Bool = false) {
            self.words = words
            self.field = field
            self.isPrefix = isPrefix
            self.isExcluded = isExcluded
        }
    }

    /// A folded word to highlight in the text, and whether it matches words that start with it.
    public struct Highlight: Sendable, Hashable {
        public var word: String
        public var isPrefix: Bool

        public init(word: String, isPrefix: Bool) {
            self.word = word
            self.isPrefix = isPrefix
        }
    }

    /// Terms past this many are ignored, and phrases keep this many words: a pasted page cannot stall a search.
    public static let maximumTerms = 32
    public static let maximumPhraseWords = 32

    public var terms: [Term]
    /// The last term is a prefix only because the query is still being typed (no `*` was written): the pane
    /// shows it as `word*`, and Enter keeps it so (`keptText`).
    public private(set) var lastWordIsTyped = false

    public init(terms: [Term]) {
        self.terms = terms
    }

    /// The one rule, everywhere (the pane, kept results, `folio search`, filters): words match whole words, and
    /// `word*` matches every word it starts.
    ///
    /// - Parameter lastWordIsPrefix: the query is being typed (the search pane), so its last word, when nothing
    ///   follows it, matches as if written `word*` ("autoenc" finds "autoencoders"). Excluded words never do:
    ///   `-v` would hide papers while the word is half typed. Everything else (kept results, `folio search`)
    ///   passes false and reads the query as written.
    public init(parsing text: String, lastWordIsPrefix: Bool = true) {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        var terms: [Term] = []
        var lastWordIsTyped = false
        while terms.count < Self.maximumTerms, var term = parser.nextTerm() {
            let typed = lastWordIsPrefix && term.reachesEnd && !term.term.isExcluded && !term.term.isPrefix
            term.term.isPrefix = term.term.isPrefix || typed
            lastWordIsTyped = typed
            if !terms.contains(term.term) { terms.append(term.term) }
        }
        self.terms = terms
        self.lastWordIsTyped = lastWordIsTyped
    }

    /// The query text as Enter keeps it: what the pane matched while it was typed, so a last word matched as a
    /// prefix gets its `*` ("agent" keeps `agent*`, "agent " keeps `agent`).
    /// Runs of spaces become one (the pane reopened on `agent ` and typed on gives `agent  more`).
    public static func keptText(_ typed: String) -> String {
        let query = SearchQuery(parsing: typed, lastWordIsPrefix: true)
        let words = typed.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return words.joined(separator: " ") + (query.lastWordIsTyped ? "*" : "")
    }

    /// The pane's text for a kept query, `keptText`'s inverse: what the pane, reading its last word as a prefix,
    /// matches as the kept query did. A last word kept whole gets a space after it ("agent" → "agent "), so that
    /// recalling it from the history or reopening the pane on it does not widen it to `agent*`.
    public static func typedText(kept: String) -> String {
        SearchQuery(parsing: kept, lastWordIsPrefix: true).lastWordIsTyped ? kept + " " : kept
    }

    /// No positive term: nothing to search for.
    public var isEmpty: Bool { !terms.contains { !$0.isExcluded } }

    /// The terms the search index answers: all but `note:` ones.
    public var indexPart: SearchQuery { SearchQuery(terms: terms.filter { $0.field != .note }) }

    /// The `note:` terms.
    public var noteTerms: [Term] { terms.filter { $0.field == .note } }

    /// Folded words to highlight, with whether each matches as a prefix; excluded words are not highlighted.
    public var highlights: [Highlight] {
        var result: [Highlight] = []
        for term in terms where !term.isExcluded {
            for (index, word) in term.words.enumerated() {
                let highlight = Highlight(word: word, isPrefix: term.isPrefix && index == term.words.count - 1)
                if !result.contains(highlight) { result.append(highlight) }
            }
        }
        return result
    }
}

// MARK: - Parsing

private struct Parser {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    /// The next term, and whether its last word runs to the very end of the text (so it may still be typed on);
    /// nil at the end. Pieces that fold to no word are skipped.
    mutating func nextTerm() -> (term: SearchQuery.Term, reachesEnd: Bool)? {
        while true {
            while index < scalars.count, Self.isSeparator(scalars[index]) { index += 1 }
            guard index < scalars.count else { return nil }
            var term = SearchQuery.Term(words: [])
            if scalars[index] == "-" {
                term.isExcluded = true
                index += 1
            }
            if let field = fieldPrefix() { term.field = field }
            let piece: String
            var reachesEnd: Bool
            if index < scalars.count, scalars[index] == "\"" {
                // A phrase runs to the closing quote, or to the end when there is none.
                let start = index + 1
                var end = start
                while end < scalars.count, scalars[end] != "\"" { end += 1 }
                piece = Self.string(scalars[start..<end])
                reachesEnd = end == scalars.count
                index = min(end + 1, scalars.count)
            } else {
                let start = index
                while index < scalars.count, !Self.isSeparator(scalars[index]), scalars[index] != "\"" { index += 1 }
                piece = Self.string(scalars[start..<index])
                reachesEnd = index == scalars.count
            }
            // `state-of-the-art` is a phrase of four words, as the papers' text folds it.
            var lastEnd = 0
            TextFolding.forEachWord(in: piece) { word, range in
                if term.words.count < SearchQuery.maximumPhraseWords {
                    term.words.append(word)
                    lastEnd = range.upperBound
                }
            }
            // `word*`: a prefix, written. A star anywhere else is punctuation.
            let bytes = Array(piece.utf8)
            if lastEnd < bytes.count, bytes[lastEnd] == UInt8(ascii: "*") { term.isPrefix = true }
            // "model," was finished: only a word that runs to the end of the text is still being typed.
            reachesEnd = reachesEnd && lastEnd == bytes.count
            if !term.words.isEmpty { return (term, reachesEnd) }
        }
    }

    /// `title:`, `abstract:` or `note:` (any case) at the cursor, consumed.
    private mutating func fieldPrefix() -> SearchQuery.Field? {
        for (name, field) in [("title:", SearchQuery.Field.title), ("abstract:", .abstract), ("note:", .note)] {
            let name = Array(name.unicodeScalars)
            guard index + name.count <= scalars.count else { continue }
            let matches = zip(name, scalars[index..<index + name.count]).allSatisfy { expected, actual in
                expected == actual || (actual.isASCII && actual.properties.lowercaseMapping == String(expected))
            }
            if matches {
                index += name.count
                return field
            }
        }
        return nil
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }
}
