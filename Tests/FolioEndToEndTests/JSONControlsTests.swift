import FolioTestSupport
import Foundation
import Testing

/// `--json` passed C1 and bidi controls raw (issue 18, item 5): a title holding U+009B (a CSI to many terminals)
/// or U+202E could restyle or reorder what a script's user sees.
@Suite("--json escapes C1, bidi and format controls")
struct JSONControlsTests {
    static let controls: [Unicode.Scalar] = ["\u{85}", "\u{9B}", "\u{202E}", "\u{202C}", "\u{2066}", "\u{2069}"]

    @Test("list --json writes them as \\u escapes, which read back as the same characters")
    func escaped() throws {
        try TemporaryFolder.with { folder in
            var title = "Controls"
            for scalar in Self.controls { title.unicodeScalars.append(contentsOf: [" ", scalar, "x"]) }
            let digest = """
                [{"paper": {"id": "2501.00001", "title": \(try Self.quoted(title)), "summary": "s"}}]
                """
            let file = folder.appendingPathComponent("2025-01-02.json")
            try digest.write(to: file, atomically: true, encoding: .utf8)
            let result = try FolioBinary.run(["list", "--json", file.path])
            #expect(result.status == 0, "\(result.stderr)")
            for scalar in Self.controls {
                #expect(!result.stdout.unicodeScalars.contains(scalar), "U+\(String(scalar.value, radix: 16)) raw")
                let hex = String(scalar.value, radix: 16)
                #expect(result.stdout.contains("\\u" + String(repeating: "0", count: 4 - hex.count) + hex))
            }
            let papers = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            let read = try #require(papers.first?["title"] as? String)
            #expect(Self.controls.allSatisfy { read.unicodeScalars.contains($0) }, "the escapes mean the characters")
        }
    }

    static func quoted(_ text: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast()
            .description
    }
}
