extension Filter {
    /// Every word and phrase the filter searches for, in the order `evaluate` meets them.
    var textTerms: [SearchQuery.Term] {
        switch self {
        case .and(let a, let b), .or(let a, let b): a.textTerms + b.textTerms
        case .not(let a): a.textTerms
        case .text(let term): [term]
        default: []
        }
    }

    /// Whether the filter can be answered without the index: it names no topic (topics are found with it).
    public var isStreamable: Bool { topicNames.isEmpty }

    /// The papers the filter keeps, as `evaluate` finds them, but with its words and phrases found in one pass
    /// over the papers' text (`StreamingSearch`) instead of a search index: for the one-shot commands, which
    /// ask once. Every other atom is `evaluate`'s own. Needs `isStreamable`.
    public func evaluateStreaming(in context: Context) throws(Diagnostic) -> PaperSet {
        let found = StreamingSearch.matchingPapers(textTerms, in: context.library)
        var next = 0
        return try evaluate(in: context, found: found, next: &next)
    }

    private func evaluate(in context: Context, found: [PaperSet], next: inout Int) throws(Diagnostic) -> PaperSet {
        switch self {
        case .and(let a, let b):
            let left = try a.evaluate(in: context, found: found, next: &next)
            return left.intersection(try b.evaluate(in: context, found: found, next: &next))
        case .or(let a, let b):
            let left = try a.evaluate(in: context, found: found, next: &next)
            return left.union(try b.evaluate(in: context, found: found, next: &next))
        case .not(let a):
            return try a.evaluate(in: context, found: found, next: &next).inverted()
        case .text:
            next += 1
            return found[next - 1]
        default:
            return try evaluate(in: context)
        }
    }
}
