import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

/// The join's shortcuts against the plain definitions: a fingerprint compared without making one, and a later
/// entry's text moved into its paper rather than copied.
@Suite("The join: fingerprints compared in place, later entries merged by moving")
struct JoinTests {
    /// An abstract of `words` words of eight letters, long enough to be fingerprinted when `words` is 60.
    static func abstract(_ seed: Int, words: Int = 60) -> String {
        let words: [String] = (0..<words).map { word in
            var letters = ""
            for letter in 0..<8 {
                let offset = UInt8((seed * 7 + word * 3 + letter) % 26)
                letters.unicodeScalars.append(UnicodeScalar(97 + offset))
            }
            return letters
        }
        return words.joined(separator: " ")
    }

    @Test("sameFingerprint agrees with comparing the fingerprints made as Strings")
    func sameFingerprintAgrees() {
        let base = Self.abstract(1)
        let texts = [
            base, Self.abstract(2), base.uppercased(), base.replacingOccurrences(of: " ", with: "\n"),
            base.replacingOccurrences(of: " ", with: ", "), "  " + base, String(base.prefix(300)),
            // The same opening, a different tail: one fingerprint.
            String(base.prefix(200)) + " " + Self.abstract(3),
            Self.abstract(1, words: 11) + String(repeating: " -", count: 200),
        ]
        var agreeing = 0
        for known in texts {
            for fingerprinted in texts where Library.abstractFingerprint(fingerprinted) != nil {
                let expected = Library.abstractFingerprint(known) == Library.abstractFingerprint(fingerprinted)
                #expect(Library.sameFingerprint(known, asOneWith: fingerprinted) == expected, "\(known.prefix(30))")
                if expected && known != fingerprinted { agreeing += 1 }
            }
        }
        // Folded and raw comparisons both ran: texts that differ byte for byte yet share a fingerprint.
        #expect(agreeing > 0)
    }

    @Test("A paper over a page day, a JSON day and a page day: one paper, the longest abstract, the id, the year")
    func mergedAcrossShapes() throws {
        let full = Self.abstract(5)
        let page1 = DigestInput(
            source: "2025-12-01.txt",
            text: "Daily Papers\n\nDec 1\n\nA Joined Paper\n\nA one-line summary.\n\n·\nDec 1 3\n",
            modificationDate: Fixtures.fixedModification)
        let json = DigestInput(
            source: "2025-12-02.json",
            text: """
                [{"paper": {"id": "2512.00001", "title": "A Joined Paper", "summary": "\(full)", "upvotes": 9,
                  "publishedAt": "2025-12-01T00:00:00.000Z"}, "title": "A Joined Paper"}]
                """, modificationDate: Fixtures.fixedModification)
        let page3 = DigestInput(
            source: "2025-12-03.txt",
            text: "Daily Papers\n\nDec 3\n\nA Joined Paper\n\nA one-line summary.\n\n·\nDec 1, 2025 12\n",
            modificationDate: Fixtures.fixedModification)
        let library = DigestLoader.load(inputs: [page1, json, page3])
        #expect(library.problems.isEmpty)
        #expect(library.papers.count == 1)
        let paper = try #require(library.papers.first)
        #expect(paper.appearances.count == 3)
        #expect(paper.abstract == full)
        #expect(paper.arxivID == "2512.00001")
        #expect(paper.upvotes == 12)
        #expect(paper.publishedText == "Dec 1, 2025")
    }
}
