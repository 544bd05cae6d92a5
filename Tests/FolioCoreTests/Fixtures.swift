import Foundation
@testable import FolioCore

/// Files under Tests/Fixtures, found from this source file so tests run from any working directory.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let samples = root.appendingPathComponent("samples")
    static let corpus = root.appendingPathComponent("corpus")

    static func files(in folder: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func bytes(_ url: URL) -> [UInt8] { Array(try! Data(contentsOf: url)) }

    static func text(_ url: URL) -> String { String(decoding: bytes(url), as: UTF8.self) }

    /// A fixed modification time, so digests dated by it (the compact sample) give the same day in every run.
    static let fixedModification = DateComponents(calendar: Calendar(identifier: .gregorian), year: 2026, month: 2, day: 3, hour: 12).date!

    static func sampleInputs() -> [DigestInput] {
        files(in: samples).map { DigestInput(source: $0.lastPathComponent, bytes: bytes($0), modificationDate: fixedModification) }
    }

    static func parse(_ text: String, name: String = "test.txt") -> ParseOutcome {
        DigestParser.parse(DigestInput(source: name, text: text, modificationDate: fixedModification))
    }

    /// A temporary folder removed when the test ends.
    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folio-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
