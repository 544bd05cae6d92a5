import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

@Suite("Library: identity across days and shapes")
struct LibraryTests {
    @Test("Titles match whatever their case, accents, punctuation and spacing")
    func normalisedTitles() {
        #expect(
            TextFolding.normalizedTitle("Fréchet  Cumulative-Covariance NET!") == "frechet cumulative covariance net")
        #expect(
            TextFolding.normalizedTitle("FRECHET cumulative covariance, net") == "frechet cumulative covariance net")
        #expect(TextFolding.normalizedTitle("Straße") == "strasse")
    }

    @Test("One paper across a page, a compact and a JSON digest, joined by id and title")
    func identityAcrossShapes() throws {
        let page = """
            Daily Papers

            Dec 8

            Fréchet Nets: A Study

            Abstract text.

              • 3 authors
            ·
            Dec 1 5
            """
        let compact = "Get trending papers in your email inbox!\nSubscribeFRECHET NETS — a study\nAbstract text.\n"
        let json = """
            [{"paper": {"id": "2512.00001", "title": "Frechet Nets: a Study", "summary": "The full abstract, longer than the page's.",
              "authors": [{"name": "A"}], "upvotes": 9, "publishedAt": "2025-12-01T00:00:00.000Z"},
              "title": "Frechet Nets: a Study", "publishedAt": "2025-12-10T00:00:00.000Z"}]
            """
        let library = DigestLoader.load(inputs: [
            DigestInput(source: "2025-12-08.txt", text: page),
            DigestInput(source: "2025-12-09.txt", text: compact),
            DigestInput(source: "2025-12-10.json", text: json),
        ])
        #expect(library.problems == [])
        #expect(library.papers.count == 1)
        let paper = try #require(library.papers.first)
        #expect(paper.arxivID == "2512.00001")
        #expect(paper.key == "arxiv:2512.00001")
        #expect(paper.timesSeen == 3)
        #expect(paper.firstSeen == DayDate(year: 2025, month: 12, day: 8))
        #expect(paper.upvoteChange == 4)
        #expect(paper.abstract == "The full abstract, longer than the page's.")
        #expect(library.days.map(\.papers) == [[0], [0], [0]])
    }

    @Test("Two papers with different arXiv ids stay two, even with one title")
    func differentIDsStayApart() {
        let json = """
            [{"paper": {"id": "1", "title": "Same Title"}}, {"paper": {"id": "2", "title": "Same Title"}}]
            """
        let library = DigestLoader.load(inputs: [DigestInput(source: "2025-01-01.json", text: json)])
        #expect(library.papers.count == 2, "two papers with one bot comment stay two")
    }

    @Test("Samples: shared papers are one, today is the newest day")
    func samplesIdentity() throws {
        let library = Fixtures.sampleLibrary
        #expect(library.days.count == 4)
        #expect(library.today == DayDate(year: 2026, month: 4, day: 21))
        let repeated = library.papers.filter { $0.timesSeen > 1 }
        #expect(!repeated.isEmpty)
        let principles = try #require(library.papers.first { $0.title == "The Principles of Deep Learning Theory" })
        #expect(principles.timesSeen >= 2)
        #expect(principles.authorCount == 3)
        // A paper renamed between arXiv versions keeps its abstract's opening and stays one paper.
        let renamed = library.papers.filter {
            $0.abstract.hasPrefix("While many unsupervised learning models focus on one family")
        }
        #expect(renamed.count == 1)
    }

    /// The identity keys as first written: one byte at a time, plainly. The loader's own versions (eight bytes a
    /// step, no branches on the bytes, a hash made without the String) must agree with them.
    static func plainFingerprint(_ abstract: String) -> String? {
        let utf8 = abstract.utf8
        guard utf8.count >= 400 else { return nil }
        var bytes: [UInt8] = []
        var words = 0
        for byte in utf8.prefix(160) {
            let isWordByte = byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A)
            if isWordByte || (byte >= 0x41 && byte <= 0x5A) {
                bytes.append(isWordByte ? byte : byte + 32)
            } else if bytes.last != 32, !bytes.isEmpty {
                bytes.append(32)
                words += 1
            }
        }
        guard words >= 12, let lastSpace = bytes.lastIndex(of: 32) else { return nil }
        return String(decoding: bytes[..<lastSpace], as: UTF8.self)
    }

    static func plainASCIITitle(_ title: String) -> String? {
        var output: [UInt8] = []
        var pendingSpace = false
        for byte in title.utf8 {
            guard byte < 0x80 else { return nil }
            let isUpper = byte >= 0x41 && byte <= 0x5A
            guard isUpper || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) else {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace {
                output.append(32)
                pendingSpace = false
            }
            output.append(isUpper ? byte + 32 : byte)
        }
        return String(decoding: output, as: UTF8.self)
    }

    @Test("Fingerprints and folded titles agree with a plain byte-by-byte reading")
    func identityKeysAgreeWithPlainReading() {
        var texts = Fixtures.corpusLibrary().papers.flatMap { [$0.title, $0.abstract] }
        // Random texts from a fixed seed: separators in runs, at the start and end, upper case, digits, accents,
        // wide characters, a word cut at byte 160.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let alphabet = Array("aZ9 .,-:;!?()[]\t\nÉéß中🙂xyzQW  ".unicodeScalars)
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<next(700) { text.unicodeScalars.append(alphabet[next(alphabet.count)]) }
            texts.append(text)
        }
        // ASCII only, so the sixteen-bytes-a-step folding meets every run length, chunk boundary and tail.
        let asciiAlphabet = Array("aZ9 .,-:;!?()[]\t\nxyzQW@`{ \u{7F}\u{01}".unicodeScalars)
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<next(120) { text.unicodeScalars.append(asciiAlphabet[next(asciiAlphabet.count)]) }
            texts.append(text)
        }
        // Twelve words at the edge of the window: the twelfth ends at byte 159 (cut, so eleven words: none) or at
        // byte 158 (complete).
        let eleven =
            (0..<11).map { String(repeating: Character(UnicodeScalar(UInt8(97 + $0))), count: 12) }
            .joined(separator: " ") + " "
        let filler = String(repeating: " tail", count: 60)
        let cut = eleven + String(repeating: "z", count: 17) + filler
        let whole = eleven + String(repeating: "z", count: 16) + filler
        #expect(Library.abstractFingerprint(cut) == nil && Self.plainFingerprint(cut) == nil)
        #expect(Library.abstractFingerprint(whole) == String(whole.utf8.prefix(159))!)
        texts += [cut, whole, "  " + whole, whole.uppercased(), whole.replacingOccurrences(of: " ", with: "-,")]
        for text in texts {
            let plain = Self.plainFingerprint(text)
            #expect(Library.abstractFingerprint(text) == plain)
            #expect(Library.abstractFingerprintHash(text) == plain.map { IdentityHash.hash($0) })
            if let title = Self.plainASCIITitle(text) { #expect(TextFolding.normalizedTitle(text) == title) }
        }
    }
}

@Suite("Open-addressing table")
struct OpenAddressingTableTests {
    @Test("Keeps the first paper of each key, through growth and a key of 0, and inserts where the search ended")
    func firstPaperWins() {
        var table = OpenAddressingTable(capacity: 4)
        var state: UInt64 = 42
        var keys: [UInt64] = [0, 1]
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            keys.append(state)
        }
        for (paper, key) in keys.enumerated() {
            let probe = table.probe(key)
            // 0 is stored as 1, so the key 1 finds the paper of 0: a hit is only ever a candidate.
            #expect(probe.value == (key == 1 ? 0 : nil))
            table.insert(paper, at: probe)
            table.insertIfAbsent(key, paper + 1_000_000)
        }
        #expect(table[1] == 0)
        for (paper, key) in keys.enumerated().dropFirst(2) { #expect(table[key] == paper) }
        #expect(table[0x1234_5678] == nil)
    }

    @Test("Entries of one key told apart by their values, through growth (two words of one hash)")
    func sameKeyDifferentValues() {
        var table = OpenAddressingTable(capacity: 4)
        let words = (0..<500).map { "word\($0)" }
        // Every word hashes to one of three keys: most lookups pass over entries of the same key.
        func key(_ word: String) -> UInt64 { UInt64(word.utf8.count % 3) }
        for (id, word) in words.enumerated() {
            let probe = table.probe(key(word)) { words[$0] == word }
            #expect(probe.value == nil)
            table.insert(id, at: probe)
        }
        #expect(table.count == words.count)
        for (id, word) in words.enumerated() { #expect(table.probe(key(word)) { words[$0] == word }.value == id) }
        #expect(table.probe(1) { _ in false }.value == nil)
    }
}

@Suite("Bot comments in place of abstracts")
struct BotCommentTests {
    @Test("A Librarian Bot comment is no abstract: not shown, not searched, and a real abstract elsewhere wins")
    func librarianBot() {
        // Long enough to be fingerprinted: the same comment on two papers once joined them into one.
        let bot =
            "This is an automated message from the Librarian Bot . I found the following papers similar to this paper. "
            + String(repeating: "Diffusion everywhere (2025) ", count: 20)
        let day1 = DigestInput(
            source: "2025-12-01.json",
            bytes: Array(
                """
                [{"paper": {"title": "A Paper", "summary": "\(bot)"}},
                 {"paper": {"title": "Only Bot", "summary": "\(bot)"}}]
                """.utf8))
        let day2 = DigestInput(
            source: "2025-12-02.txt",
            text: "Daily Papers\n\nDec 2\n\nA Paper\n\nThe real abstract of a paper.\n\n·\nDec 1, 2025 3\n")
        let library = DigestLoader.load(inputs: [day1, day2])
        #expect(library.papers.count == 2, "two papers with one bot comment stay two")
        #expect(library.papers.first { $0.title == "A Paper" }?.abstract == "The real abstract of a paper.")
        #expect(library.papers.first { $0.title == "Only Bot" }?.abstract == "")
        let index = SearchIndex(library: library)
        #expect(index.search(SearchQuery(parsing: "librarian", lastWordIsPrefix: false)).isEmpty)
    }
}

@Suite("Empty digests")
struct EmptyDigestTests {
    @Test("A digest with no papers ([] or only broken entries) is no day: today is the newest day with papers")
    func emptyDigestIsNoDay() throws {
        let page = Fixtures.text(Fixtures.corpus.appendingPathComponent("2025-12-30.txt"))
        let library = DigestLoader.load(inputs: [
            DigestInput(source: "2025-12-30.txt", text: page, modificationDate: Fixtures.fixedModification),
            DigestInput(source: "2026-01-02.json", text: "[]", modificationDate: Fixtures.fixedModification),
            DigestInput(
                source: "2026-01-03.json", text: #"[{"paper": 5}, {"title": 7}]"#,
                modificationDate: Fixtures.fixedModification),
        ])
        #expect(!library.papers.isEmpty)
        #expect(library.today?.iso == "2025-12-30")
        #expect(library.days.allSatisfy { !$0.papers.isEmpty })
        #expect(library.notes.contains { $0.contains("2026-01-02.json") && $0.contains("not a day") })
    }
}
