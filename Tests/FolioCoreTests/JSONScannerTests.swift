import Foundation
import Testing

@testable import FolioCore

/// The one JSON scanner under the digest reader, the array fallback and the state file.
@Suite("JSON scanner")
struct JSONScannerTests {
    /// The error of scanning `text` as one whole JSON value, nil when it is one.
    static func error(scanning text: String) -> Diagnostic? {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            var json = JSONScanner(buffer)
            do throws(Diagnostic) {
                try json.skipValue()
                json.skipSpace()
                return json.isAtEnd ? nil : json.error("more text follows")
            } catch {
                return error
            }
        }
    }

    /// The state file's error for `text`, nil when it reads.
    static func stateError(_ text: String) -> Diagnostic? {
        do {
            _ = try StateFile.decode(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    /// The line of the first bracket that opens a level deeper than `limit`, by counting brackets (the texts
    /// given have none inside strings).
    static func lineOfFirstLevel(deeperThan limit: Int, in text: String) -> Int? {
        var depth = 0
        var line = 1
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return line }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            case 10: line += 1
            default: break
            }
        }
        return nil
    }

    // MARK: - Numbers

    static let numbers: [(text: String, isNumber: Bool)] = [
        ("0", true), ("-0", true), ("7", true), ("-12", true), ("10", true), ("1.5", true), ("0.25", true),
        ("-0.0", true), ("1e5", true), ("1E5", true), ("1e+5", true), ("1e-5", true), ("2.5E-10", true),
        ("123456789012345678901234567890", true),
        ("1.", false), (".5", false), ("01", false), ("+1", false), ("1e", false), ("--1", false), ("1.2.3", false),
        ("-", false), ("00", false), ("-01", false), ("1e+", false), ("1.e5", false), ("-.5", false), ("1ee5", false),
        ("0x1F", false), ("1e5.0", false), ("2a", false), ("1_000", false), ("Infinity", false), ("NaN", false),
    ]

    @Test("Numbers are exactly RFC 8259's: the table", arguments: numbers)
    func numberTable(_ number: (text: String, isNumber: Bool)) {
        let error = Self.error(scanning: number.text)
        #expect((error == nil) == number.isNumber, "\(number.text): \(error.map(\.description) ?? "read")")
        // Inside an object too, where a delimiter follows.
        #expect((Self.error(scanning: "{\"n\": \(number.text)}") == nil) == number.isNumber, "\(number.text)")
    }

    @Test("Numbers are exactly RFC 8259's: every short string of number characters, against the grammar")
    func numberGrammar() throws {
        let grammar = #/-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/#
        let alphabet = Array("019-+.eE")
        var state: UInt64 = 5
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var accepted = 0
        for _ in 0..<20_000 {
            let text = String((0..<(1 + next(6))).map { _ in alphabet[next(alphabet.count)] })
            let matches = text.wholeMatch(of: grammar) != nil
            #expect((Self.error(scanning: text) == nil) == matches, "\(text)")
            if matches { accepted += 1 }
        }
        // Both kinds were tried.
        #expect(accepted > 100)
    }

    @Test("An integer's value, and none for fractions, exponents or 19 digits and more")
    func integerValues() throws {
        let cases: [(String, Int?)] = [
            ("0", 0), ("42", 42), ("-7", -7), ("123456789012345678", 123_456_789_012_345_678),
            ("1234567890123456789", nil), ("1.0", nil), ("1e2", nil),
        ]
        for (text, expected) in cases {
            let value = try Array(text.utf8).withUnsafeBufferPointer { buffer throws(Diagnostic) in
                var json = JSONScanner(buffer)
                return try json.scanNumber().integer
            }
            #expect(value == expected, "\(text)")
        }
    }

    // MARK: - Depth

    @Test("Nesting to 512 levels reads; one more is an error, not a crash")
    func depthBoundary() {
        #expect(Self.error(scanning: String(repeating: "[", count: 512) + String(repeating: "]", count: 512)) == nil)
        let deeper = Self.error(scanning: String(repeating: "[", count: 513) + String(repeating: "]", count: 513))
        #expect(deeper?.message.contains("512") == true, "\(String(describing: deeper))")
        #expect(deeper?.line == 1)
    }

    @Test("100,000 nested objects inside a digest entry: a problem at its line, the other entries kept")
    func deepDigestEntry() throws {
        let depth = 100_000
        var text = "[\n{\"paper\": {\"title\": \"Before\"}},\n{\"paper\": {\"title\": \"Deep\",\n\"nest\": "
        text += String(repeating: "{\"a\":\n", count: depth) + "1" + String(repeating: "}", count: depth)
        text += "}},\n{\"paper\": {\"title\": \"After\"}}\n]\n"
        let expectedLine = try #require(Self.lineOfFirstLevel(deeperThan: 512, in: text))
        #expect(expectedLine > 500, "the line is deep in the nest, not the entry's first")

        let bytes = Array(text.utf8)
        #expect(FastJSONReader.read(bytes) == nil)
        let outcome = DigestParser.parse(DigestInput(source: "2025-12-07.json", bytes: bytes))
        #expect(outcome.digest?.entries.map(\.title) == ["Before", "After"])
        let problems = outcome.digest?.problems ?? []
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.line == expectedLine)
        #expect(problems.first?.message.contains("nests more than 512") == true, "\(problems)")
    }

    @Test("100,000 nested lists in the state file: an error at its line, not a crash")
    func deepStateFile() throws {
        let depth = 100_000
        let text =
            "{\n\"version\": 1,\n\"nest\": " + String(repeating: "[\n", count: depth)
            + String(repeating: "]", count: depth) + "\n}\n"
        let expectedLine = try #require(Self.lineOfFirstLevel(deeperThan: 512, in: text))
        let error = try #require(Self.stateError(text))
        #expect(error.line == expectedLine)
        #expect(error.message.hasPrefix("it is not JSON: it nests more than 512"), "\(error)")
    }

    // MARK: - Lines

    static let badTexts: [(text: String, line: Int, reason: String)] = [
        ("{\n\"a\": 1,\n\"b\": 01\n}", 3, "a malformed number"),
        ("[\n1,\n2\n3]", 4, "expected , or ] in a list"),
        ("{\n\"a\": 1\n\"b\": 2}", 3, "expected , or } after a value"),
        ("{\"a\"\n\n 1}", 3, "expected : after \"a\""),
        ("{\n\"a\": \"x\\qy\"\n}", 2, "an unknown escape \\q"),
        ("{\n\n\"a\": \"tab\there\"}", 3, "a control character inside a string"),
        ("[\n\"open", 2, "a string is not closed"),
        ("[\n\n\n  @]", 4, "unexpected \"@\""),
        ("{\n\"a\": \"\\ud83d\"\n}", 2, "half a surrogate pair in a \\u escape"),
        ("{\n\"a\": \"\\udc00\"\n}", 2, "half a surrogate pair in a \\u escape"),
        ("{\n\"a\": \"\\u12x4\"\n}", 2, "a bad \\u escape"),
        ("[1,\n\n{\"a\": [tru]}]", 3, "unexpected \"t\""),
        ("{\"a\":\n[1,\n", 3, "it ends in the middle"),
    ]

    @Test("Errors say their line", arguments: badTexts)
    func errorLines(_ bad: (text: String, line: Int, reason: String)) throws {
        let error = try #require(Self.error(scanning: bad.text), "\(bad.text)")
        #expect(error.line == bad.line, "\(bad.text)")
        #expect(error.message == bad.reason, "\(bad.text)")
    }

    // MARK: - Strings

    static let everyEscape = #""\"\\\/\b\f\n\r\t\u0041\u00e9\u4E2D\ud83d\ude00 plain""#
    static let everyEscapeText = "\"\\/\u{08}\u{0C}\n\r\tAé中😀 plain"

    @Test("Every escape and a surrogate pair, alike in the scanner, the digest reader and the state file")
    func everyEscapeRead() throws {
        let scanned = try Array(Self.everyEscape.utf8).withUnsafeBufferPointer { buffer throws(Diagnostic) in
            var json = JSONScanner(buffer)
            return try json.string(json.scanString())
        }
        #expect(scanned == Self.everyEscapeText)

        let digest = try #require(FastJSONReader.read(Array("[{\"paper\": {\"title\": \(Self.everyEscape)}}]".utf8)))
        #expect(digest.first?.title == Self.everyEscapeText)

        let state = try StateFile.decode(
            Array("{\"version\": 1, \"papers\": {\"k\": {\"title\": \(Self.everyEscape)}}}".utf8))
        #expect(state.papers["k"]?.title == Self.everyEscapeText)
    }

    @Test("The writer escapes what JSON needs, and JSONSerialization reads back every character")
    func writer() throws {
        func written(_ text: String) -> String {
            var text = text
            return text.withUTF8 { utf8 in
                let room = JSONStringEscapes.maximumWrittenCount(utf8Count: utf8.count)
                let bytes = [UInt8](unsafeUninitializedCapacity: room) { buffer, count in
                    count = JSONStringEscapes.writeQuoted(utf8, to: buffer.baseAddress!)
                }
                return String(decoding: bytes, as: UTF8.self)
            }
        }
        #expect(written("a\"b\\c\n\r\t\u{01}\u{1F}/é") == #""a\"b\\c\n\r\t\u0001\u001f/é""#)
        #expect(written("") == #""""#)
        // Every ASCII character, long runs on both sides of each, so the sixteen-byte steps meet them everywhere.
        var all = ""
        for code in 0..<128 { all += String(repeating: "x", count: code % 19) + String(UnicodeScalar(UInt8(code))) }
        all += "é中😀"
        let back =
            try JSONSerialization.jsonObject(with: Data(written(all).utf8), options: .fragmentsAllowed) as? String
        #expect(back == all)
    }

    // MARK: - One scanner under every reader

    static let badTokens = [
        "01", "1.", ".5", "+1", "1e", "--1", "1.2.3", "-", "tru", "nul", #""\x""#, #""\u12""#,
        #""\udc00""#, "\"a\u{01}b\"", "@",
    ]

    @Test(
        "The digest reader and the state reader give the same error, at the same line, for a bad token",
        arguments: badTokens)
    func sameErrors(_ token: String) throws {
        let expected = try #require(Self.error(scanning: token), "\(token)")

        // A field the digest reads (upvotes, a number) and one it steps over.
        for field in ["upvotes", "extra"] {
            let digest =
                "[\n{\"paper\": {\"title\": \"T\",\n\"\(field)\": \(token)}},\n{\"paper\": {\"title\": \"Kept\"}}\n]"
            let outcome = DigestParser.parse(DigestInput(source: "2025-12-07.json", bytes: Array(digest.utf8)))
            #expect(outcome.digest?.entries.map(\.title) == ["Kept"], "\(field): \(token)")
            let problems = outcome.digest?.problems ?? []
            let problem = try #require(problems.first, "\(field): \(token)")
            #expect(problems.count == 1, "\(field): \(problems)")
            #expect(problem.line == 3, "\(field): \(token)")
            #expect(problem.message == "invalid JSON in this entry: \(expected.message)", "\(field): \(token)")
        }

        let state = try #require(Self.stateError("{\n\"version\": 1,\n\"extra\": \(token)\n}"), "\(token)")
        #expect(state.line == 3, "\(token)")
        #expect(state.message == "it is not JSON: \(expected.message)", "\(token)")
    }

    // MARK: - The state file in one pass

    @Test("One pass: the version decides wherever it stands, then values of the wrong kind, and JSON before both")
    func stateOrderOfErrors() throws {
        let misfit = #"{"papers": {"a": {"read": "yes"}}, "#
        #expect(
            Self.stateError(misfit + #""version": 3}"#)?.message
                == "it is version 3, and this folio reads versions 1 to 2")
        #expect(
            Self.stateError(misfit + #""version": 1}"#)?.message
                == #""read" of paper "a" is a string, not true or false"#)
        #expect(Self.stateError(misfit + #""version": 2, "x": 01}"#)?.message == "it is not JSON: a malformed number")
        #expect(Self.stateError(misfit + #""other": 1}"#)?.message == "it has no \"version\"")
        #expect(Self.stateError(#"{"version": "1"}"#)?.message == #""version" is a string, not a number"#)
        #expect(
            Self.stateError(#"{"version": 1} {"#)?.message == "it is not JSON: more text follows the end of the object")
        let read = try StateFile.decode(Array(#"{"papers": {"a": {"read": true, "title": "A"}}, "version": 1}"#.utf8))
        #expect(read.papers["a"]?.read == true)
        #expect(read.papers["a"]?.title == "A")
    }
}
