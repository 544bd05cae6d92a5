import FolioTestSupport
import Testing

@testable import FolioCore

@Suite("One word-folding rule")
struct TextFoldingTests {
    static let texts = [
        "Fréchet  Cumulative-Covariance NET!", "GPT-4o & LLaMA-3.1: 70B params (v2)", "Straße Œuvre naïve café",
        "under_score\tTAB\nnew~line #hash", "ASCII only, with digits 2025 and UPPER case", "",
    ]

    @Test("The index's fast path for ASCII makes the words forEachWord makes")
    func indexAgreesWithForEachWord() {
        let library = DigestLoader.load(inputs: Fixtures.sampleInputs())
        let index = SearchIndex(library: library)
        var expected = Set<String>()
        for paper in library.papers {
            for text in [paper.title, paper.abstract] { expected.formUnion(TextFolding.words(text).map(\.folded)) }
        }
        #expect(Set((0..<index.termCount).map(index.word)) == expected)
    }

    @Test("The sixteen-byte fold of a title makes the words of the rule", arguments: texts)
    func normalizedTitleAgrees(text: String) {
        #expect(TextFolding.normalizedTitle(text) == TextFolding.words(text).map(\.folded).joined(separator: " "))
    }

    @Test("Bytes: letters lower-cased, digits kept, other ASCII separates, the rest is not ASCII")
    func byteRule() {
        for byte in UInt8(0)...0xFF {
            let expected: TextFolding.ByteFold =
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): .word(byte + 32)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): .word(byte)
                case 0x80...: .notASCII
                default: .separator
                }
            #expect(TextFolding.foldASCII(byte) == expected, "byte \(byte)")
        }
    }
}
