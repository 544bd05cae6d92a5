import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 18's reproductions: each once crashed, hung or blew up memory; now each is a limit with a problem.
@Suite("Limits: numbers, nesting, sizes, devices, hostile config")
struct LimitsTests {
    static let header = "Daily Papers\nJan 7\n"

    static func page(dateLine: String, authors: String = "  • 3 authors") -> String {
        header + "A title\nAn abstract.\n\(authors)\n·\n\(dateLine)\n"
    }

    // MARK: - Numbers

    @Test(
        "Upvotes of 9.22e18 or more on a date line saturate instead of trapping",
        arguments: ["Feb 2, 2025 9999999999999999999999", "Dec 3 9999999999999M", "Dec 3 9999999999999999k"])
    func hugeUpvotes(line: String) throws {
        let digest = try #require(Fixtures.parse(Self.page(dateLine: line)).digest)
        #expect(digest.entries.first?.upvotes == ShownDate.maximumUpvotes)
    }

    @Test("An author count past Int.max saturates")
    func hugeAuthorCount() throws {
        let text = Self.page(dateLine: "Feb 2, 2025", authors: "  • 99999999999999999999 authors")
        let digest = try #require(Fixtures.parse(text).digest)
        #expect(digest.entries.first?.authorCount == PageDigestParser.maximumAuthorCount)
        #expect(DayDate.number(Array("99999999999999999999".utf8)) == nil)
        #expect(DayDate.number(Array("9223372036854775807".utf8)) == Int.max)
    }

    // MARK: - Nesting

    @Test("JSON nested 100,000 deep inside an entry is a problem, not a stack overflow", arguments: ["{\"a\":", "["])
    func deepJSONEntry(open: String) {
        let close = open == "[" ? "]" : "}"
        let depth = 100_000
        let text =
            #"[{"paper":{"id":"1","title":"t","summary":"s","x":"#
            + String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth) + "}}]"
        let outcome = Fixtures.parse(text, name: "deep.json")
        #expect(outcome.problems.contains { $0.message.contains("nests more than") })
    }

    @Test("A TOML list nested 200,000 deep is an error on its line")
    func deepTOML() {
        let text =
            "a = " + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "\nb = 1\n"
        let (entries, errors) = TOMLSubset.parse(text, file: "config.toml")
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("nest more than \(TOMLSubset.maximumDepth)") == true)
        #expect(entries.map(\.key) == ["b"])
    }

    @Test("100,000 ( or not in a filter are an error, not a stack overflow", arguments: ["(", "not ", "-"])
    func deepFilter(open: String) {
        let text = String(repeating: open, count: 100_000) + "unread"
        #expect(throws: Diagnostic.self) { try Filter.parse(text) }
        // Within the limit, as deep as anyone writes by hand, it still reads.
        #expect(throws: Never.self) {
            try Filter.parse(
                String(repeating: open, count: 10) + "unread" + (open == "(" ? String(repeating: ")", count: 10) : ""))
        }
    }

    @Test("Named filters that double at each level stop at the expansion budget, at once")
    func exponentialNamedFilters() {
        var named: [String: String] = [:]
        // 14 levels, within the depth limit: 2^14 terms once expanded, far past the budget.
        let levels = 14
        #expect(levels < Filter.maximumNamedDepth)
        for level in 0..<levels { named["e\(level)"] = "@e\(level + 1) or @e\(level + 1)" }
        named["e\(levels)"] = "unread"
        // Stopped by the budget, so never expanded 2^14 times (the time it took is in the README).
        #expect { try Filter.parse("@e0", named: named) } throws: {
            "\($0)".contains("more than \(Filter.maximumAtoms) terms")
        }
    }

    @Test("A chain of 50,000 named filters stops at the depth limit")
    func longNamedChain() {
        var named: [String: String] = [:]
        for level in 0..<50_000 { named["c\(level)"] = "@c\(level + 1)" }
        named["c50000"] = "unread"
        #expect(throws: Diagnostic.self) { try Filter.parse("@c0", named: named) }
        #expect(throws: Never.self) { try Filter.parse("@c49995", named: named) }
    }

    /// Item 3: each of these once crashed the whole load, so one bad file stopped every other.
    @Test("The files that crashed the loader load beside a good one, which keeps its papers")
    func badFilesBesideGood() throws {
        try TemporaryFolder.with { folder in
            let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
            let hostile = [
                "2025-02-01.txt": Self.page(dateLine: "Feb 2, 2025", authors: "  • 99999999999999999999 authors"),
                "2025-02-02.txt": Self.page(dateLine: "Feb 2, 2025 9999999999999999999999"),
                "2025-02-03.txt": Self.page(dateLine: "Dec 3 9999999999999M"),
                "2025-02-04.json": #"[{"paper":{"id":"1","title":"t","summary":"s","x":"# + deep + "}}]",
            ]
            for (name, text) in hostile {
                try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            let good = Fixtures.pageSample
            try FileManager.default.copyItem(at: good, to: folder.appendingPathComponent(good.lastPathComponent))
            let alone = DigestLoader.load(paths: [good.path])
            let library = DigestLoader.load(paths: [folder.path])
            #expect(library.fileCount == hostile.count + 1)
            let titles = Set(library.papers.map(\.title))
            #expect(Set(alone.papers.map(\.title)).isSubset(of: titles))
        }
    }

    // MARK: - Sizes

    @Test("A file of lone · lines is capped at the first problems and a count of the rest")
    func problemsCapped() throws {
        let text = Self.header + String(repeating: "·\n", count: 300_000)
        let outcome = Fixtures.parse(text)
        #expect(outcome.problems.count <= ProblemList.maximumPerFile + 3)
        let summary = try #require(outcome.problems.first { $0.message.hasPrefix("and ") })
        #expect(summary.message.contains("\(300_000 - ProblemList.maximumPerFile) more"))
        // Each lone · counted once, shown or not, besides the file's other problems (no papers in it).
        let others = outcome.problems.filter { !$0.message.contains("·") && $0 != summary }.count
        #expect(outcome.problems.problemCount == 300_000 + others)
    }

    @Test("More lines than a digest may have: refused whole")
    func tooManyLines() {
        let outcome = Fixtures.parse(String(repeating: "\n", count: DigestParser.maximumLineCount) + "x\n·\nDec 3\n")
        #expect(outcome.digest == nil)
        #expect(outcome.problems.first?.message.contains("over the \(DigestParser.maximumLineCount)") == true)
    }

    @Test("A file over the size limit is read only that far and refused")
    func tooLarge() throws {
        try TemporaryFolder.with { folder in
            let url = folder.appendingPathComponent("big.txt")
            try Data(count: DigestParser.maximumFileSize + 10).write(to: url)
            let library = DigestLoader.load(paths: [url.path])
            #expect(library.problems.count == 1)
            #expect(library.problems.first?.message.contains("larger than 16 MiB") == true)
        }
    }

    @Test("A character device named on the command line is refused; the null device reads as empty")
    func device() {
        let library = DigestLoader.load(paths: ["/dev/zero"])
        #expect(library.problems.count == 1)
        #expect(library.problems.first?.message.contains("is a device") == true)
        // The null device alone reads as empty: `--config /dev/null` is "no config".
        #expect((try? WholeFile.read("/dev/null").get()) == [])
        #expect((try? WholeFile.read("/dev/zero").get()) == nil)
    }

    /// No writer ever opens the pipe: reading it would wait forever, so it must be refused before it is opened.
    @Test("A named pipe named on the command line is refused, not waited on")
    func namedPipe() throws {
        try TemporaryFolder.with { folder in
            let fifo = folder.appendingPathComponent("pipe.txt").path
            try #require(mkfifo(fifo, 0o600) == 0)
            let library = DigestLoader.load(paths: [fifo])
            #expect(library.problems.count == 1)
            #expect(library.problems.first?.message.contains("is a named pipe") == true, "\(library.problems)")
            #expect(library.problems.first?.file == fifo)
        }
    }

    @Test("The pipe of a shell's <(command), /dev/fd/N, is read")
    func processSubstitution() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let text = Self.page(dateLine: "Feb 2, 2025 3")
        _ = text.utf8CString.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count - 1) }
        close(ends[1])
        let library = DigestLoader.load(paths: ["/dev/fd/\(ends[0])"])
        #expect(library.problems == [])
        #expect(library.papers.count == 1)
    }

    @Test("Standard input is read only to the size limit")
    func endlessStandardInput() {
        let library = DigestLoader.load(paths: ["-"]) {
            [UInt8](repeating: 0x61, count: DigestParser.maximumFileSize + 1)
        }
        #expect(library.problems.first?.message.contains("larger than") == true)
    }

    // MARK: - Honest messages

    /// The probe's case: a title with a raw control byte is not JSON, and saying "entry has no paper title" sent
    /// the reader looking for a missing field.
    @Test("A raw control byte in a JSON title is named as such, not as a missing title", arguments: [1, 9, 10, 0x1B])
    func controlByteInJSONTitle(byte: UInt8) throws {
        let good = #"{"paper":{"id":"2501.00002","title":"Good","summary":"s"}}"#
        var bytes = Array(#"[{"paper":{"id":"2501.00001","title":"Bad"#.utf8)
        bytes += [byte] + Array(#"title","summary":"s"}},"#.utf8) + Array(good.utf8) + Array("]".utf8)
        let outcome = DigestParser.parse(
            DigestInput(source: "c.json", bytes: bytes, modificationDate: Date(timeIntervalSince1970: 0)))
        #expect(outcome.problems.map(\.message) == ["invalid JSON in this entry: a control character inside a string"])
        #expect(outcome.problems.first?.line == 1)
        #expect(outcome.digest?.entries.map(\.title) == ["Good"])
    }

    @Test("Counts of problems include those left unshown")
    func honestCount() {
        let lines = 50_000
        let (_, errors) = TOMLSubset.parse(String(repeating: "what\n", count: lines), file: "config.toml")
        #expect(errors.problemCount == lines)
        // A capped list taken into another (the config's syntax errors into its other problems) keeps the count.
        var merged = ProblemList()
        merged.append(contentsOf: errors)
        merged.append(Diagnostic(file: "config.toml", line: 1, message: "one more"))
        #expect(merged.count == lines + 1)
        #expect(merged.diagnostics(file: "config.toml").problemCount == lines + 1)
    }

    // MARK: - Config text

    @Test("CRLF lines and a byte order mark are read as the lines they are")
    func crlfAndBOM() {
        let text = "\u{FEFF}[display]\r\nside-by-side-width = 100\r\n[filters]\r\nfresh = \"unread\"\r\n"
        let (entries, errors) = TOMLSubset.parse(text)
        #expect(errors.isEmpty)
        #expect(entries.map(\.key) == ["side-by-side-width", "fresh"])
        #expect(entries.first?.table == ["display"])
    }

    @Test("A config of 50,000 errors keeps the first ones and counts the rest")
    func configErrorsCapped() {
        let text = String(repeating: "what\n", count: 50_000)
        let (_, errors) = TOMLSubset.parse(text, file: "config.toml")
        #expect(errors.count == ProblemList.maximumPerFile + 1)
        #expect(errors.last?.message.contains("\(50_000 - ProblemList.maximumPerFile) more") == true)
    }

    @Test("A config of millions of lines is read to the line limit")
    func configLineLimit() {
        let text = String(repeating: "x\n", count: 2_500_000)
        let (entries, errors) = TOMLSubset.parse(text, file: "config.toml")
        #expect(entries.isEmpty)
        #expect(errors.contains { $0.line == TOMLSubset.maximumLines + 1 && $0.message.contains("not read") })
    }

    // MARK: - Names

    @Test("A file name with a newline is escaped in messages")
    func newlineInName() {
        let problem = Diagnostic(file: "a\n28 files, 0 problems\nb.txt", line: 3, message: "bad")
        #expect(problem.description == "a\\n28 files, 0 problems\\nb.txt:3: bad")
    }

    // MARK: - The state file

    @Test("A state.json that is a link is written through the link, which stays a link")
    func stateThroughLink() throws {
        try TemporaryFolder.with { folder in
            let target = folder.appendingPathComponent("dotfiles/state.json")
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let link = folder.appendingPathComponent("state.json")
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "dotfiles/state.json")
            var state = ReadingState()
            state.setRead(true, key: "arxiv:1", title: "One", at: Date())
            _ = try StateStore(url: link).save(state)
            let destination = try FileManager.default.destinationOfSymbolicLink(atPath: link.path)
            #expect(destination == "dotfiles/state.json")
            #expect(try String(contentsOf: target, encoding: .utf8).contains("arxiv:1"))
            #expect(StateStore(url: link).load().state.papers.count == 1)
        }
    }

    @Test("The state file keeps its mode; a read-only one is refused with a clear line, not replaced")
    func stateMode() throws {
        try TemporaryFolder.with { folder in
            let url = folder.appendingPathComponent("state.json")
            var state = ReadingState()
            state.setRead(true, key: "arxiv:1", title: "One", at: Date())
            let store = StateStore(url: url)
            _ = try store.save(state)
            chmod(url.path, 0o640)
            state.setStarred(true, key: "arxiv:1", title: "One", at: Date())
            _ = try store.save(state)
            var status = stat()
            stat(url.path, &status)
            #expect(status.st_mode & 0o777 == 0o640)
            chmod(url.path, 0o444)
            let before = try Data(contentsOf: url)
            state.setRead(false, key: "arxiv:1", title: "One", at: Date().addingTimeInterval(5))
            #expect { try store.save(state) } throws: { "\($0)".contains("read-only") }
            #expect(try Data(contentsOf: url) == before)
        }
    }

    @Test("A state file of a newer version is left alone with a message, never moved aside")
    func newerStateVersion() throws {
        try TemporaryFolder.with { folder in
            let url = folder.appendingPathComponent("state.json")
            let bytes = Data(#"{"version": 3, "papers": {}, "shelves": []}"#.utf8)
            try bytes.write(to: url)
            let store = StateStore(url: url)
            let (state, messages) = store.load()
            #expect(state == ReadingState())
            #expect(messages.first?.contains("newer folio") == true, "\(messages)")
            #expect(messages.first?.contains("understands versions 1 to 2") == true, "\(messages)")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains("corrupt") })
            var marked = ReadingState()
            marked.setRead(true, key: "arxiv:1", title: "One", at: Date())
            #expect(throws: StateStoreError.self) { try store.save(marked) }
            #expect(try Data(contentsOf: url) == bytes)
        }
    }
}
