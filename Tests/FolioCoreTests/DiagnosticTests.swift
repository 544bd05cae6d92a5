import Testing

@testable import FolioCore

@Suite("Diagnostics")
struct DiagnosticTests {
    @Test("A place in a file is written file:line:column, leaving out what is not known")
    func inAFile() {
        #expect(Diagnostic(file: "a.txt", line: 12, column: 7, message: "bad").description == "a.txt:12:7: bad")
        #expect(Diagnostic(file: "a.txt", line: 12, message: "bad").description == "a.txt:12: bad")
        #expect(
            Diagnostic(file: "a.txt", message: "no such file or folder").description == "a.txt: no such file or folder")
        // A column without a line says nothing a reader can find: only the file is named.
        #expect(Diagnostic(file: "a.txt", column: 3, message: "bad").description == "a.txt: bad")
    }

    @Test("A place in no file is said in words")
    func inNoFile() {
        #expect(
            Diagnostic(column: 9, message: "expected a whole number").description == "column 9: expected a whole number"
        )
        #expect(Diagnostic(line: 3, message: "expected a string").description == "line 3: expected a string")
        #expect(Diagnostic(line: 3, column: 4, message: "bad").description == "line 3, column 4: bad")
        #expect(Diagnostic(message: "it is empty").description == "it is empty")
    }

    @Test("A parser's problem placed in its file by the caller")
    func located() {
        let placed = Diagnostic(line: 2, message: "expected `=` after \"b\"").located(in: "c.toml")
        #expect(placed == Diagnostic(file: "c.toml", line: 2, message: "expected `=` after \"b\""))
        #expect(TOMLSubset.parse("[a]\nb c\n", file: "c.toml").errors.map(\.description) == [placed.description])
    }

    @Test("The messages each reader gives keep their form")
    func formsOfEachReader() throws {
        #expect(throws: Diagnostic(column: 9, message: "expected a whole number after upvotes>")) {
            try Filter.parse("upvotes>")
        }
        let topics = TopicCatalog.parse("[topics.x]\nkeywords = 3\n", file: "t.toml").problems
        #expect(
            topics.map(\.description) == ["t.toml:2: keywords must be a list of strings in quotes, not a whole number"])
        #expect(throws: Diagnostic(message: "it is empty")) { try StateFile.decode([]) }
    }
}
