import FolioTestSupport
import Foundation
import Testing

/// `folio export` in every format, read back by parsers that share nothing with Folio: on the samples, the corpus
/// and hostile titles, every paper comes back with its title, and no parser warns.
@Suite("End to end: folio export read back")
struct ExportEndToEndTests {
    static let endings = ["bibtex": "bib", "csv": "csv", "json": "json", "ris": "ris", "markdown": "md"]

    /// A title as the exports write it: on one line, white space collapsed.
    static func oneLine(_ title: String) -> String {
        title.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test(
        "Every format, every paper, no warning: samples, corpus and hostile titles",
        arguments: ["bibtex", "csv", "json", "ris", "markdown"])
    func readBack(format name: String) throws {
        let format = (name: name, ending: Self.endings[name]!)
        if format.name == "bibtex" {
            try #require(ExportReading.hasBibTeXParser, "bibtexparser is missing: Scripts/setup installs it")
        }
        try TemporaryFolder.with("folio-export") { folder in
            let hostile = folder.appendingPathComponent("hostile")
            try FileManager.default.createDirectory(at: hostile, withIntermediateDirectories: true)
            try HostileDigests.write(into: hostile)
            for input in [Fixtures.samples, Fixtures.corpus, hostile] {
                let expected = try FolioBinary.listed([input.path]).map { Self.oneLine($0["title"] as? String ?? "") }
                let output = folder.appendingPathComponent("export.\(format.ending)")
                let result = try FolioBinary.run(["export", input.path, "--format", format.name, "-o", output.path])
                #expect(result.status == 0, "\(format.name) on \(input.lastPathComponent): \(result.stderr)")
                let reading = try ExportReading.read(output, format: format.name)
                #expect(reading.warnings == [], "\(format.name) on \(input.lastPathComponent)")
                #expect(reading.titles == expected, "\(format.name) on \(input.lastPathComponent)")
                if format.name == "bibtex" || format.name == "ris" {
                    #expect(Set(reading.keys).count == reading.keys.count, "keys unique in \(format.name)")
                }
                if input == hostile, format.name != "markdown" {
                    // Names as given, one with "and" in it still one name.
                    #expect(reading.authors.first == ["Ada Lovelace", "Smith and Sons", "Émile Zola"])
                }
            }
            #expect(!FileManager.default.fileExists(atPath: HostileDigests.canary(in: hostile).path))
        }
    }

    @Test("Standard output without -o; the format from -o's ending; none at all is a usage error")
    func outputAndFormat() throws {
        try TemporaryFolder.with("folio-export") { folder in
            let printed = try FolioBinary.run(["export", Fixtures.pageSample.path, "--format", "json"])
            #expect(printed.status == 0)
            let papers = try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [[String: Any]]
            #expect(papers?.count == SampleCounts.pageSample)
            #expect(papers?.first?["abstract"] is String)
            let file = folder.appendingPathComponent("papers.ris")
            #expect(try FolioBinary.run(["export", Fixtures.pageSample.path, "-o", file.path]).status == 0)
            #expect(try ExportReading.read(file, format: "ris").titles.count == SampleCounts.pageSample)
            let none = try FolioBinary.run(["export", Fixtures.pageSample.path])
            #expect(none.status == 2)
            #expect(none.stderr.contains("--format"))
        }
    }
}
