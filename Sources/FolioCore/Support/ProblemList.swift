/// The problems of one file, capped: the first `limit`, then one line saying how many more there were.
///
/// A degenerate file (50 MB of lone `·` lines) would otherwise make millions of messages, each a String, and
/// print them all. Past the limit a problem is only counted: `append` takes its message as an autoclosure, so
/// the message is never even made.
public struct ProblemList: Sendable {
    /// Problems kept per file (a digest, the config, topics.toml); the rest are counted.
    public static let maximumPerFile = 100

    public private(set) var kept: [Diagnostic] = []
    /// How many came past the limit.
    public private(set) var dropped = 0
    let limit: Int

    public init(limit: Int = ProblemList.maximumPerFile) { self.limit = limit }

    public mutating func append(_ problem: @autoclosure () -> Diagnostic) {
        if kept.count < limit { kept.append(problem()) } else { dropped += 1 }
    }

    public mutating func append(contentsOf problems: some Sequence<Diagnostic>) {
        for problem in problems { appendCounted(problem) }
    }

    /// One problem, or a summary standing for several (its `problemCount`): kept while there is room, else counted.
    private mutating func appendCounted(_ problem: Diagnostic) {
        if kept.count < limit { kept.append(problem) } else { dropped += problem.problemCount }
    }

    /// Another list's problems after these, its dropped ones counted too.
    public mutating func append(contentsOf other: ProblemList) {
        for problem in other.kept { appendCounted(problem) }
        dropped += other.dropped
    }

    /// Reorders the problems kept (a config's, by line once every check is made).
    public mutating func sortKept(by areInIncreasingOrder: (Diagnostic, Diagnostic) -> Bool) {
        kept.sort(by: areInIncreasingOrder)
    }

    public var count: Int { kept.problemCount + dropped }

    /// The problems kept, then `file: and M more problems (not shown)` when some were dropped.
    public func diagnostics(file: String) -> [Diagnostic] {
        guard dropped > 0 else { return kept }
        var summary = Diagnostic(
            file: file,
            message: "and \(dropped) more problem\(dropped == 1 ? "" : "s") in this file (the first \(limit) shown)")
        summary.problemCount = dropped
        return kept + [summary]
    }

    /// `problems` capped as one file's.
    public static func capped(_ problems: [Diagnostic], file: String) -> [Diagnostic] {
        guard problems.count > maximumPerFile else { return problems }
        var list = ProblemList()
        list.append(contentsOf: problems)
        return list.diagnostics(file: file)
    }
}
