import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

/// Each kind of bad input gives one clear `file:line: what`, and every other paper still loads.
@Suite("Bad input")
struct BadInputTests {
    static let goodPage = """
        Daily Papers

        Dec 9

        A Good Paper

        Its abstract.

        ·
        Dec 9 3

        """

    /// A folder with one good digest and one bad file; returns the library loaded from it.
    func loadBesideGood(_ name: String, _ bytes: [UInt8]) throws -> Library {
        let library = try TemporaryFolder.with { folder in
            try Data(Self.goodPage.utf8).write(to: folder.appendingPathComponent("2025-12-09.txt"))
            try Data(bytes).write(to: folder.appendingPathComponent(name))
            return DigestLoader.load(paths: [folder.path])
        }
        #expect(library.papers.contains { $0.title == "A Good Paper" }, "the good digest still loads")
        return library
    }

    @Test("Invalid UTF-8: reported with its line, the rest of the file kept")
    func invalidUTF8() throws {
        var bytes = Array("Daily Papers\n\nDec 8\n\nFirst Title\n\nAbstract.\n\n·\nDec 8\n\nBad ".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array(" Title\n\nAbstract two.\n\n·\nDec 8 1\n".utf8)
        let library = try loadBesideGood("2025-12-08.txt", bytes)
        let problem = try #require(library.problems.first)
        #expect(problem.file.hasSuffix("2025-12-08.txt"))
        #expect(problem.line == 12)
        #expect(problem.message.contains("invalid UTF-8"))
        #expect(library.papers.contains { $0.title.hasPrefix("Bad ") && $0.title.contains("\u{FFFD}") })
        #expect(library.papers.count == 3)
    }

    @Test("A truncated page entry is reported and kept")
    func truncatedEntry() throws {
        let text = "Daily Papers\n\nDec 8\n\nWhole Paper\n\nAbstract.\n\n·\nDec 8\n\nCut Paper\n\nAbstract that stops"
        let library = try loadBesideGood("2025-12-08.txt", Array(text.utf8))
        #expect(library.problems.map(\.line) == [12])
        #expect(library.problems.first?.message.contains("truncated entry") == true)
        #expect(library.papers.contains { $0.title == "Cut Paper" })
    }

    @Test("A 10 MB line is skipped with a message")
    func hugeLine() throws {
        var text = "Daily Papers\n\nDec 8\n\nReal Paper\n\nAbstract.\n\n·\nDec 8\n\n"
        text += String(repeating: "x", count: 10 * 1024 * 1024) + "\n"
        text += "\nAnother Paper\n\nAbstract.\n\n·\nDec 8 2\n"
        let library = try loadBesideGood("2025-12-08.txt", Array(text.utf8))
        let problem = try #require(library.problems.first)
        #expect(problem.line == 12)
        #expect(problem.message.contains("over 1 MiB"))
        #expect(library.papers.contains { $0.title == "Another Paper" })
    }

    @Test("A binary file is skipped")
    func binary() throws {
        let library = try loadBesideGood("image.txt", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x0D, 0x0A])
        #expect(
            library.problems.map(\.description).first?.hasSuffix(
                "image.txt:1: binary file (contains NUL bytes), skipped") == true)
    }

    @Test("A text file that is no digest")
    func notADigest() throws {
        let library = try loadBesideGood("notes.md", Array("# My notes\n\nRead more papers.\n".utf8))
        #expect(library.problems.first?.message.hasPrefix("not a digest") == true)
        #expect(library.problems.first?.line == 1)
    }

    @Test("A truncated JSON array keeps every whole entry")
    func truncatedJSON() throws {
        let json = """
            [
             {"paper": {"id": "1", "title": "Kept One", "summary": "S."}},
             {"paper": {"id": "2", "title": "Kept Two", "summary": "S."}},
             {"paper": {"id": "3", "title": "Lost Thr
            """
        let library = try loadBesideGood("2025-12-07.json", Array(json.utf8))
        #expect(library.papers.contains { $0.title == "Kept One" })
        #expect(library.papers.contains { $0.title == "Kept Two" })
        #expect(library.problems.contains { $0.message.contains("cut short") && $0.file.hasSuffix("2025-12-07.json") })
    }

    @Test("A JSON entry with a wrong type is reported with its line; the others load")
    func jsonWrongType() throws {
        let json =
            "[\n {\"paper\": {\"id\": \"1\", \"title\": \"Fine\"}},\n {\"paper\": 42},\n {\"paper\": {\"title\": \"Also Fine\"}}\n]"
        let library = try loadBesideGood("2025-12-07.json", Array(json.utf8))
        #expect(library.papers.contains { $0.title == "Fine" })
        #expect(library.papers.contains { $0.title == "Also Fine" })
        #expect(library.problems.map(\.line) == [3])
        // Said in the words of JSON, not of Swift's types.
        #expect(
            library.problems.first?.message == "invalid JSON in this entry: paper: expected an object, found a number")
    }

    @Test("An unreadable file and a missing path")
    func unreadable() {
        TemporaryFolder.with { folder in
            let library = DigestLoader.load(paths: [
                folder.appendingPathComponent("missing.txt").path, folder.path + "/sub/",
            ])
            #expect(library.problems.count == 2)
            #expect(library.problems[0].message == "no such file or folder")
            // A folder given where a file is read (reading it as a file fails): the message names it.
            let asFile = DigestLoader.readFile(folder.path)
            guard case .failure(let problem) = asFile else {
                Issue.record("reading a folder as a file succeeded")
                return
            }
            #expect(problem.message == "is a folder")
        }
    }

    @Test(
        "A folder named through a link is read; inside a folder, links to files are read and links to folders are not")
    func links() throws {
        try TemporaryFolder.with { root in
            let folder = root.appendingPathComponent("digests")
            let other = root.appendingPathComponent("other")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
            try Data(Self.goodPage.utf8).write(to: folder.appendingPathComponent("2025-12-09.txt"))
            try Data(Self.goodPage.replacingOccurrences(of: "A Good Paper", with: "Linked Paper").utf8)
                .write(to: other.appendingPathComponent("2025-12-08.txt"))
            try FileManager.default.createSymbolicLink(
                atPath: folder.appendingPathComponent("linked.txt").path,
                withDestinationPath: other.appendingPathComponent("2025-12-08.txt").path)
            try FileManager.default.createSymbolicLink(
                atPath: folder.appendingPathComponent("more").path, withDestinationPath: other.path)
            let link = root.appendingPathComponent("link")
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: folder.path)

            let library = DigestLoader.load(paths: [link.path])
            #expect(library.problems == [])
            #expect(library.digests.map(\.displayName).sorted() == ["2025-12-09.txt", "linked.txt"])
        }
    }

    @Test(
        "A UTF-8 byte order mark is no part of the text, in every shape",
        arguments: [
            Fixtures.corpus.appendingPathComponent("2025-12-07.json"), Fixtures.sample("000_293472d7b1223e44.txt"),
            Fixtures.compactSample,
        ])
    func byteOrderMark(url: URL) throws {
        let bytes = Fixtures.bytes(url)
        let plain = try #require(DigestParser.parse(DigestInput(source: url.lastPathComponent, bytes: bytes)).digest)
        let marked = DigestParser.parse(DigestInput(source: url.lastPathComponent, bytes: [0xEF, 0xBB, 0xBF] + bytes))
        #expect(marked.problems.isEmpty)
        #expect(marked.digest?.shape == plain.shape)
        #expect(marked.digest?.entries.map(\.title) == plain.entries.map(\.title))
        #expect(marked.digest?.entries.map(\.line) == plain.entries.map(\.line))
    }

    @Test("An empty file")
    func empty() throws {
        let library = try loadBesideGood("2025-12-01.txt", [])
        #expect(library.problems.first?.message.contains("empty file") == true)
    }
}
