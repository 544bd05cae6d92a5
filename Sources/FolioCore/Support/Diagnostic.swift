/// One thing wrong at a place: a line of a file, a column of a filter typed at a prompt, or a file as a whole.
///
/// Never fatal to the rest: a bad line is skipped, a bad file leaves the others loaded, a bad filter changes
/// nothing. `description` is what the user reads: `file:line:column: message` as compilers write it, leaving
/// out what is not known. A place in no file (a filter typed at the prompt, a state file's line that the
/// sentence around it names) is said in words: `line 3: message`, `column 7: message`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file the problem is in; empty when it is in no file (a filter typed at a prompt).
    public var file: String
    /// 1-based; 0 when the problem is with the file as a whole (unreadable, not found) or has no lines.
    public var line: Int
    /// 1-based, in characters of the line; nil when only the line is known.
    public var column: Int?
    public var message: String
    /// How many problems this one stands for: 1, or for the line that sums up the problems of a file left
    /// unshown (`ProblemList`), how many they were, so every count said ("2,500,000 problems") is the true one.
    public var problemCount = 1

    public init(file: String = "", line: Int = 0, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        if file.isEmpty {
            switch (line > 0 ? line : nil, column) {
            case let (line?, column?): return "line \(line), column \(column): \(message)"
            case let (line?, nil): return "line \(line): \(message)"
            case let (nil, column?): return "column \(column): \(message)"
            case (nil, nil): return message
            }
        }
        var place = Self.displayPath(file)
        if line > 0 {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return "\(place): \(message)"
    }

    /// A path as messages print it: line breaks written as escapes (`\n`, `\r`, `\u{2028}`), so that a file named
    /// `a\n28 files, 0 problems` cannot forge a line of output, on standard output or error. Other controls are
    /// left to the output's sanitiser, which shows them as U+FFFD.
    public static func displayPath(_ path: String) -> String {
        func isBreak(_ scalar: Unicode.Scalar) -> Bool {
            [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029].contains(scalar.value)
        }
        guard path.unicodeScalars.contains(where: isBreak) else { return path }
        var shown = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case _ where isBreak(scalar):
                shown += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    /// The same problem placed in `file`: a parser that reads text reports lines, its caller knows the file.
    public func located(in file: String) -> Diagnostic {
        var placed = self
        placed.file = file
        return placed
    }

}

extension Sequence<Diagnostic> {
    /// The problems these stand for, a capped file's unshown ones included.
    public var problemCount: Int { reduce(0) { $0 + $1.problemCount } }
}
