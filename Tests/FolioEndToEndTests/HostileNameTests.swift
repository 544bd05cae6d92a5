import FolioTestSupport
import Foundation
import Testing

/// File names with line breaks in them (issue 18, item 6): a name such as `a\n28 files, 0 problems\n.txt` must
/// not print a line of its own on standard output or standard error, where it would pass for folio's.
@Suite("Names with line breaks in output")
struct HostileNameTests {
    static let forged = "1 file, 28 entries, 28 papers, 0 problems"

    /// Every line `output` prints, none of them the forged one, and the name shown with its breaks escaped.
    func expectNoForgedLine(_ output: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            !lines.contains(Self.forged), "\(what) printed the forged line: \(output)", sourceLocation: sourceLocation)
        #expect(
            !lines.contains(".txt") && !lines.contains(".json"), "\(what): \(output)", sourceLocation: sourceLocation)
    }

    @Test("check, list and export escape the breaks in names, on standard output and standard error")
    func escaped() throws {
        try TemporaryFolder.with { folder in
            let junk = folder.appendingPathComponent("junk\n\(Self.forged)\n.txt")
            try "not a digest\n".write(to: junk, atomically: true, encoding: .utf8)
            let digest = folder.appendingPathComponent("2025-01-02\n\(Self.forged)\n.txt")
            try Data(Fixtures.bytes(Fixtures.pageSample)).write(to: digest)

            let check = try FolioBinary.run(["check", folder.path])
            #expect(check.stdout.contains("junk\\n\(Self.forged)\\n.txt:1: not a digest"), "\(check.stdout)")
            expectNoForgedLine(check.stdout, "check's standard output")
            expectNoForgedLine(check.stderr, "check's standard error")

            // A file that is not there is said on standard error by list.
            let missing = folder.appendingPathComponent("gone\n\(Self.forged)\n.txt").path
            let list = try FolioBinary.run(["list", junk.path, missing])
            #expect(list.status != 0)
            #expect(list.stderr.contains("gone\\n\(Self.forged)\\n.txt"), "\(list.stderr)")
            expectNoForgedLine(list.stdout, "list's standard output")
            expectNoForgedLine(list.stderr, "list's standard error")

            let target = folder.appendingPathComponent("out\n\(Self.forged)\n.json").path
            let export = try FolioBinary.run(["export", digest.path, "-o", target])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stderr.contains("out\\n\(Self.forged)\\n.json"), "\(export.stderr)")
            expectNoForgedLine(export.stderr, "export's standard error")
            let nowhere = folder.appendingPathComponent("no folder\n\(Self.forged)\n/x.json").path
            let failed = try FolioBinary.run(["export", digest.path, "-o", nowhere])
            #expect(failed.status != 0)
            #expect(failed.stderr.contains("cannot write"), "\(failed.stderr)")
            expectNoForgedLine(failed.stderr, "a failed export's standard error")
        }
    }
}
