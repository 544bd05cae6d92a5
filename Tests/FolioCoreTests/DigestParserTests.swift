import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

@Suite("Digest shapes")
struct DigestParserTests {
    @Test("The four samples hold the entries and distinct papers an independent reading of them finds")
    func sampleCounts() {
        let library = Fixtures.sampleLibrary
        #expect(library.problems == [])
        let files = Fixtures.files(in: Fixtures.samples)
        let counts = files.map(IndependentReading.entryCount)
        #expect(library.digests.sorted { $0.source < $1.source }.map(\.entryCount) == counts)
        #expect(library.entryCount == counts.reduce(0, +))
        // The samples hold no renamed paper, so their titles tell their papers apart; some are listed twice.
        #expect(library.papers.count == IndependentReading.distinctTitleCount(files))
        #expect(library.papers.count < library.entryCount)
    }

    @Test("Each sample's shape is found from its content")
    func sampleShapes() {
        let shapes = Fixtures.sampleInputs().map { DigestParser.detectShape($0.bytes) }
        #expect(shapes == [.page, .page, .page, .compact])
    }

    @Test(
        "Every corpus file loads with the entry count computed independently",
        arguments: Fixtures.files(in: Fixtures.corpus))
    func corpusFile(_ url: URL) throws {
        let outcome = DigestParser.parse(DigestInput(source: url.lastPathComponent, bytes: Fixtures.bytes(url)))
        let digest = try #require(outcome.digest)
        #expect(outcome.problems == [])
        #expect(digest.entries.count == IndependentReading.entryCount(url))
        #expect(digest.date == DayDate(fileName: url.lastPathComponent))
        #expect(digest.entries.allSatisfy { !$0.title.isEmpty })
        if url.pathExtension == "json" {
            #expect(digest.shape == .json)
            #expect(digest.entries.allSatisfy { $0.arxivID != nil })
        }
    }

    @Test("The whole corpus loads as one day a file, the newest file's day the latest")
    func corpusLibrary() throws {
        let library = DigestLoader.load(paths: [Fixtures.corpus.path])
        let files = Fixtures.files(in: Fixtures.corpus)
        // Each file is named by its day.
        let days = files.compactMap { DayDate(fileName: $0.lastPathComponent) }
        #expect(days.count == files.count && Set(days).count == files.count)
        #expect(library.problems == [])
        #expect(library.days.count == files.count)
        #expect(library.today == days.max())
        #expect(library.today == DayDate(year: 2025, month: 12, day: 31))
        #expect(library.entryCount == files.map(IndependentReading.entryCount).reduce(0, +))
    }

    @Test("Page fields: title, abstract, authors, date as shown, upvotes")
    func pageFields() throws {
        let url = Fixtures.pageSample
        let digest = try #require(DigestParser.parse(DigestInput(source: "003.txt", bytes: Fixtures.bytes(url))).digest)
        let first = digest.entries[0]
        #expect(first.title == "Merge, Then Compress: Demystify Efficient SMoE with Hints from Its Routing Policy")
        #expect(first.abstract.hasPrefix("Sparsely activated Mixture-of-Experts (SMoE) has shown promise"))
        #expect(first.authorCount == 7)
        #expect(first.publishedText == "Oct 2, 2023")
        #expect(first.published == DayDate(year: 2023, month: 10, day: 2))
        #expect(first.upvotes == nil)
        let withVotes = try #require(digest.entries.first { $0.publishedText == "Oct 7" })
        #expect(withVotes.upvotes == 2)
        #expect(withVotes.published == DayDate(year: 2025, month: 10, day: 7))
    }

    @Test("Year inference: a page's year is after every year written on it")
    func yearInference() throws {
        let inputs = Fixtures.sampleInputs()
        let dates = inputs.compactMap { DigestParser.parse($0).digest }.map(\.date)
        #expect(dates[0] == DayDate(year: 2026, month: 1, day: 7))  // 000: Jan 7, latest written 2025
        #expect(dates[1] == DayDate(year: 2026, month: 4, day: 21))  // 001: Apr 21, latest written 2025
        #expect(dates[2] == DayDate(year: 2025, month: 12, day: 9))  // 003: Dec 9, latest written 2024
        #expect(dates[3] == DayDate(Fixtures.fixedModification))  // 004: compact, no date: file time
    }

    @Test("A date in the file name wins over the page's own")
    func fileNameDateWins() throws {
        let text = "Daily Papers\n\nJan 7\n\nA Title\n\nAn abstract.\n\n·\nSep 26 4\n"
        let digest = try #require(Fixtures.parse(text, name: "digests/2024-03-05.txt").digest)
        #expect(digest.date == DayDate(year: 2024, month: 3, day: 5))
        #expect(digest.entries[0].published == DayDate(year: 2024, month: 9, day: 26))
        #expect(digest.entries[0].upvotes == 4)
    }

    @Test("Upvotes such as 11.8k")
    func upvoteSuffixes() {
        #expect(ShownDate.upvotes("11.8k") == 11_800)
        #expect(ShownDate.upvotes("2") == 2)
        #expect(ShownDate.upvotes("1.2M") == 1_200_000)
        #expect(ShownDate.upvotes("x") == nil)
    }

    @Test("Missing abstract, authors line and upvotes in the page shape")
    func pageMissingParts() throws {
        let text = """
            Daily Papers

            Dec 4

            Only A Title

            ·
            Dec 4

            Second Paper

            Its abstract.

              • 1 author
            ·
            Nov 30, 2024 12
            """
        let digest = try #require(Fixtures.parse(text, name: "2025-12-04.txt").digest)
        #expect(digest.entries.count == 2)
        #expect(digest.entries[0].abstract == "")
        #expect(digest.entries[0].authorCount == nil)
        #expect(digest.entries[1].authorCount == 1)
        #expect(digest.entries[1].upvotes == 12)
        #expect(digest.entries[1].line == 10)
    }

    @Test("Compact: a title with no abstract does not shift the later pairs")
    func compactMissingAbstract() throws {
        let text = """
            Get trending papers in your email inbox once a day!
            Get trending papers in your email inbox!
            SubscribeFirst Paper: A Study
            We study the first thing. It works well on benchmarks and we release code.
            Second Paper Without Abstract
            Third Paper: Scaling Laws
            We measure scaling. Results show a power law across three orders of magnitude.
            Fourth Paper
            Short summary with a link https://example.org
            """
        let outcome = Fixtures.parse(text)
        let digest = try #require(outcome.digest)
        #expect(digest.shape == .compact)
        #expect(
            digest.entries.map(\.title) == [
                "First Paper: A Study", "Second Paper Without Abstract",
                "Third Paper: Scaling Laws", "Fourth Paper",
            ])
        #expect(digest.entries[1].abstract == "")
        #expect(digest.entries[2].abstract.hasPrefix("We measure scaling."))
        #expect(digest.entries[3].abstract.hasPrefix("Short summary"))
        #expect(outcome.problems.map(\.line) == [5])
    }

    @Test("Compact: an abstract that reads like a title still pairs when nothing is missing")
    func compactTitleLikeAbstract() throws {
        let text =
            "Get trending papers in your email inbox!\nSubscribeSeedance 1.5 pro: A Model\nSeedance 1.5 pro Technical Report\nNext Paper\nAn abstract. With sentences.\n"
        let digest = try #require(Fixtures.parse(text).digest)
        #expect(
            digest.entries.map(\.abstract) == ["Seedance 1.5 pro Technical Report", "An abstract. With sentences."])
    }

    @Test("API JSON keeps the arXiv id, authors and upvotes")
    func jsonFields() throws {
        let url = Fixtures.corpus.appendingPathComponent("2025-12-07.json")
        let digest = try #require(
            DigestParser.parse(DigestInput(source: url.lastPathComponent, bytes: Fixtures.bytes(url))).digest)
        let first = digest.entries[0]
        #expect(first.arxivID == "2512.04677")
        #expect(first.title.hasPrefix("Live Avatar"))
        #expect(first.authorCount == 5)
        #expect(first.upvotes == 0)
        #expect(first.published == DayDate(year: 2025, month: 12, day: 7))
    }

    @Test("Compact title scores: the pattern search agrees with a plain one")
    func compactPatterns() {
        var state: UInt64 = 42
        let alphabet = Array("htp.: aH".utf8)
        for _ in 0..<20_000 {
            var line: [UInt8] = []
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(state >> 58) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                line.append(alphabet[Int(state >> 61)])
            }
            let text = String(decoding: line, as: UTF8.self)
            let found = line.withUnsafeBufferPointer { CompactDigestParser.patterns($0) }
            #expect(found.link == text.contains("http"), "\(text)")
            #expect(found.sentenceBreak == text.contains(". "), "\(text)")
            #expect(found.colon == text.contains(": "), "\(text)")
        }
    }

    @Test("The UTF-8 check finds the first bad byte wherever it stands")
    func utf8Check() {
        // A plain reading of UTF-8, one scalar at a time.
        func plainFirstInvalid(_ bytes: [UInt8]) -> Int? {
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    index += 1
                    continue
                }
                let (length, minimum): (Int, UInt32) =
                    switch byte {
                    case 0xC2...0xDF: (2, 0x80)
                    case 0xE0...0xEF: (3, 0x800)
                    case 0xF0...0xF4: (4, 0x10000)
                    default: (0, 0)
                    }
                guard length > 0, index + length <= bytes.count else { return index }
                var scalar = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for next in bytes[(index + 1)..<(index + length)] {
                    guard next & 0xC0 == 0x80 else { return index }
                    scalar = scalar << 6 | UInt32(next & 0x3F)
                }
                if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
                index += length
            }
            return nil
        }
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let pieces: [[UInt8]] = [
            Array("é".utf8), Array("中".utf8), Array("🙂".utf8), [0xFF], [0xC3], [0xC3, 0x28],
            [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0x80],
        ]
        for _ in 0..<5_000 {
            var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: next(100))
            for _ in 0..<next(3) where !bytes.isEmpty {
                bytes.insert(contentsOf: pieces[next(pieces.count)], at: next(bytes.count))
            }
            #expect(UTF8Validation.firstInvalidOffset(in: bytes) == plainFirstInvalid(bytes))
        }
    }

    @Test("The fast JSON reader reads strings as JSONSerialization does, or leaves them to it")
    func fastJSONStrings() throws {
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        // Raw pieces of a JSON string's text: plain, escapes, a raw control character, accents.
        let pieces = [
            "a", "bcdefghij", " ", "\\\"", "\\\\", "\\/", "\\n", "\\u00e9", "\\ud83d\\ude00", "é", "中", "\u{01}", "\t",
        ]
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<next(24) { text += pieces[next(pieces.count)] }
            let json = "[{\"paper\": {\"id\": \"1\", \"title\": \"\(text)\", \"summary\": \"\(text)\(text)\"}}]"
            let bytes = Array(json.utf8)
            guard let fast = FastJSONReader.read(bytes) else { continue }
            let plain = try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: [String: String]]]
            #expect(fast.first?.title == plain?.first?["paper"]?["title"], "\(text)")
            #expect(fast.first?.summary == plain?.first?["paper"]?["summary"], "\(text)")
        }
    }
}
