/// The part of TOML a config file needs: `[table.sub]` headers, `key = value` with bare or quoted keys,
/// strings, integers, floats, booleans, arrays of them (which may span lines), and `#` comments. Every value keeps its line, so each mistake
/// in the config can be reported as `file:line`.
public enum TOMLSubset {
    public enum Value: Equatable, Sendable {
        case string(String)
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        case array([Value])

        public var typeName: String {
            switch self {
            case .string: "a string"
            case .integer: "a whole number"
            case .float: "a number"
            case .boolean: "true or false"
            case .array: "a list"
            }
        }

        /// The strings of an array of strings; nil for anything else.
        public var strings: [String]? {
            guard case .array(let values) = self else { return nil }
            var result: [String] = []
            for value in values {
                guard case .string(let text) = value else { return nil }
                result.append(text)
            }
            return result
        }
    }

    public struct Entry: Equatable, Sendable {
        /// The table path: `["keys", "list"]` for `[keys.list]`, empty before any header.
        public var table: [String]
        public var key: String
        public var value: Value
        public var line: Int
    }

    /// How deep lists may nest (`[[[…]]]`): far past any setting's, short of a stack overflow.
    public static let maximumDepth = 32
    /// The most lines read of a config or topics file (the defaults are 200): the rest is one error.
    public static let maximumLines = 100_000

    /// Parses `text`; a line that cannot be read is an error, placed in `file`, and is skipped: the others still count.
    /// Lines end in `\n` or `\r\n` (to Swift `\r\n` is one Character, so both are split on); a byte order mark
    /// before the first line is no part of it. Errors are capped as `ProblemList` caps a file's.
    public static func parse(_ text: String, file: String = "") -> (entries: [Entry], errors: [Diagnostic]) {
        let (entries, errors) = parseCounted(text, file: file)
        return (entries, errors.diagnostics(file: file))
    }

    /// As `parse`, the errors as a `ProblemList`, for a caller that adds its own and caps them all together.
    public static func parseCounted(_ text: String, file: String = "") -> (entries: [Entry], errors: ProblemList) {
        var entries: [Entry] = []
        var errorList = ProblemList()
        var table: [String] = []
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        var lines = body.split(maxSplits: maximumLines, omittingEmptySubsequences: false) {
            $0 == "\n" || $0 == "\r\n"
        }
        if lines.count > maximumLines {
            // The rest, unsplit: a config or topics file of millions of lines is no settings file.
            lines.removeLast()
            errorList.append(
                Diagnostic(
                    file: file, line: maximumLines + 1,
                    message: "the file goes on past \(maximumLines) lines; the rest is not read"))
        }
        var offset = 0
        var tableIsBroken = false
        while offset < lines.count {
            let lineNumber = offset + 1
            var scanner = Scanner(Substring(lines[offset]))
            offset += 1
            // An array left open continues on the next lines (as TOML allows); the entry keeps its first line.
            scanner.moreLines = { () -> Substring? in
                guard offset < lines.count else { return nil }
                offset += 1
                return Substring(lines[offset - 1])
            }
            scanner.skipSpace()
            if scanner.atEndOrComment { continue }
            let nextLine = offset
            do {
                if scanner.peek == "[" {
                    // Until this header is read whole, what follows belongs to no table (not the one before).
                    tableIsBroken = true
                    scanner.advance()
                    var path: [String] = []
                    repeat {
                        scanner.skipSpace()
                        path.append(try scanner.key())
                        scanner.skipSpace()
                    } while scanner.consume(".")
                    guard scanner.consume("]") else {
                        throw Diagnostic(line: lineNumber, message: "expected `]` to close the table name")
                    }
                    scanner.skipSpace()
                    guard scanner.atEndOrComment else {
                        throw Diagnostic(line: lineNumber, message: "unexpected text after the table name")
                    }
                    table = path
                    tableIsBroken = false
                    continue
                }
                let key = try scanner.key()
                scanner.skipSpace()
                guard scanner.consume("=") else {
                    throw Diagnostic(line: lineNumber, message: "expected `=` after \(quoted(key))")
                }
                scanner.skipSpace()
                let value = try scanner.value()
                scanner.skipSpace()
                guard scanner.atEndOrComment else {
                    throw Diagnostic(line: lineNumber, message: "unexpected text after the value")
                }
                // Under a broken header the entry is dropped: that header's error already says so.
                if !tableIsBroken { entries.append(Entry(table: table, key: key, value: value, line: lineNumber)) }
            } catch var error as Diagnostic {
                error.line = lineNumber
                errorList.append(error.located(in: file))
                // A list left open ran over the lines after it: read on from the first of them that starts
                // something new, so the next table is not swallowed.
                if offset > nextLine {
                    offset = (nextLine..<offset).first { startsStatement(lines[$0]) } ?? offset
                }
            } catch {
                errorList.append(Diagnostic(file: file, line: lineNumber, message: "\(error)"))
            }
        }
        return (entries, errorList)
    }

    static func quoted(_ text: String) -> String { "\"\(text)\"" }

    /// A table header or `key =`: where reading can pick up again after a list left open.
    static func startsStatement(_ line: Substring) -> Bool {
        let text = line.drop { $0 == " " || $0 == "\t" }
        if text.hasPrefix("[") { return text.dropFirst().first.map { $0.isLetter || $0 == "\"" || $0 == "'" } ?? false }
        let key = text.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return !key.isEmpty && text.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }.hasPrefix("=")
    }

    /// Writes a key as TOML needs it: bare when it can be, quoted otherwise.
    public static func key(_ key: String) -> String {
        let bare =
            !key.isEmpty && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return bare ? key : string(key)
    }

    public static func string(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default: result.append(character)
            }
        }
        return result + "\""
    }

    private struct Scanner {
        var text: Substring
        /// The next line of the file, for an array that goes on past its line.
        var moreLines: () -> Substring? = { nil }
        init(_ text: Substring) { self.text = text }

        var peek: Character? { text.first }
        var atEndOrComment: Bool { text.isEmpty || text.first == "#" || text.allSatisfy(\.isWhitespace) }
        mutating func advance() { text = text.dropFirst() }
        mutating func skipSpace() {
            while let first = text.first, first == " " || first == "\t" || first == "\r" { advance() }
        }
        mutating func consume(_ character: Character) -> Bool {
            guard text.first == character else { return false }
            advance()
            return true
        }

        mutating func key() throws -> String {
            if peek == "\"" || peek == "'" { return try quotedString() }
            let bare = text.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            guard !bare.isEmpty else { throw Diagnostic(line: 0, message: "expected a key name") }
            text = text.dropFirst(bare.count)
            return String(bare)
        }

        mutating func value(depth: Int = 0) throws -> Value {
            if peek == "\"" || peek == "'" { return .string(try quotedString()) }
            if consume("[") {
                guard depth < TOMLSubset.maximumDepth else {
                    throw Diagnostic(line: 0, message: "lists nest more than \(TOMLSubset.maximumDepth) deep")
                }
                return try array(depth: depth + 1)
            }
            let word = text.prefix { !$0.isWhitespace && $0 != "#" && $0 != "," && $0 != "]" }
            text = text.dropFirst(word.count)
            switch word {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default:
                let digits = String(word.filter { $0 != "_" })
                if let integer = Int(digits) { return .integer(integer) }
                if let number = Double(digits) { return .float(number) }
                throw Diagnostic(line: 0, message: "cannot read the value \(quoted(String(word))): strings need quotes")
            }
        }

        /// After the `[`: values separated by commas, a trailing comma allowed, comments and line ends between.
        mutating func array(depth: Int) throws -> Value {
            var values: [Value] = []
            while true {
                try skipSpaceAcrossLines()
                if consume("]") { return .array(values) }
                values.append(try value(depth: depth))
                try skipSpaceAcrossLines()
                if consume("]") { return .array(values) }
                guard consume(",") else { throw Diagnostic(line: 0, message: "expected `,` or `]` in the list") }
            }
        }

        private mutating func skipSpaceAcrossLines() throws {
            skipSpace()
            while atEndOrComment {
                guard let next = moreLines() else {
                    throw Diagnostic(line: 0, message: "the list is not closed with `]`")
                }
                text = next
                skipSpace()
            }
        }

        mutating func quotedString() throws -> String {
            let quote = text.first!
            advance()
            var result = ""
            while let character = text.first {
                advance()
                if character == quote { return result }
                if character == "\\" && quote == "\"" {
                    guard let escaped = text.first else { break }
                    advance()
                    switch escaped {
                    case "n": result += "\n"
                    case "t": result += "\t"
                    case "\"": result += "\""
                    case "\\": result += "\\"
                    default: throw Diagnostic(line: 0, message: "unknown escape \\\(escaped) in a string")
                    }
                } else {
                    result.append(character)
                }
            }
            throw Diagnostic(line: 0, message: "the string is not closed with \(quote)")
        }
    }
}
