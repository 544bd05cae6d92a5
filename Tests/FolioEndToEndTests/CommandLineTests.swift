import FolioTestSupport
import Foundation
import Testing

/// The one-shot commands agree with one another: JSON everywhere a list is printed, one line format, grep's exit
/// statuses, help that shows what works.
@Suite("The command line agrees with itself")
struct CommandLineTests {
    let corpus = Fixtures.corpus.path

    func json(_ arguments: [String]) throws -> Any {
        let result = try FolioBinary.run(arguments)
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test("--json on keys, topics and check, as on list and search")
    func jsonEverywhere() throws {
        let keys = try json(["keys", "--json"]) as? [[String: Any]]
        #expect(keys?.contains { $0["action"] as? String == "move-down" } == true)
        let topics = try json(["topics", "--json", corpus]) as? [String: Any]
        #expect((topics?["topics"] as? [[String: Any]])?.isEmpty == false)
        let check = try json(["check", "--json", corpus]) as? [String: Any]
        #expect(check?["papers"] as? Int == (try FolioBinary.listed([corpus])).count)
    }

    @Test("list and search print a paper on the same line")
    func oneLineFormat() throws {
        let listed = Set(try FolioBinary.run(["list", corpus]).stdout.split(separator: "\n"))
        let searched = try FolioBinary.run(["search", "--limit", "0", "diffusion", corpus]).stdout.split(
            separator: "\n")
        #expect(!searched.isEmpty)
        for line in searched { #expect(listed.contains(line), "\(line)") }
    }

    @Test("--limit -1 says it must be 0 or more, exit 2")
    func negativeLimit() throws {
        for command in [["list"], ["search", "diffusion"]] {
            let result = try FolioBinary.run(command + [corpus, "--limit", "-1"])
            #expect(result.status == 2 && result.stderr.contains("must be 0 or more"), "\(result.stderr)")
        }
    }

    @Test("Exit 2 for errors (a missing path, nothing readable), 1 only for nothing matched")
    func exitStatuses() throws {
        try TemporaryFolder.with { folder in
            let missing = folder.appendingPathComponent("nope").path
            let garbage = folder.appendingPathComponent("garbage.json")
            try "{not json".write(to: garbage, atomically: true, encoding: .utf8)
            for command in [["list"], ["search", "diffusion"], ["topics"], ["check"]] {
                #expect(try FolioBinary.run(command + [corpus, missing]).status == 2, "\(command) with a missing path")
                #expect(try FolioBinary.run(command + [garbage.path]).status == 2, "\(command) with nothing readable")
            }
            #expect(try FolioBinary.run(["search", "zzzqqqxxx", corpus]).status == 1)
            #expect(try FolioBinary.run(["list", corpus, "--filter", "zzzqqqxxx"]).status == 1)
            #expect(try FolioBinary.run(["search", "diffusion", corpus]).status == 0)
        }
    }

    @Test("folio --help shows that folio PATH opens the reader")
    func helpShowsPath() throws {
        let help = try FolioBinary.run(["--help"]).stdout
        #expect(help.contains("USAGE: folio [PATH ...]") && help.contains("folio PATH opens the reader"))
    }

    @Test("The example in search --help works as printed")
    func searchHelpExample() throws {
        let help = try FolioBinary.run(["search", "--help"]).stdout
        let example = try #require(
            help.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix("folio search -- ") })
        let command = FolioBinary.url.path + example.dropFirst("folio".count) + " '\(corpus)'"
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "interactive=no"
        let result = try Spawn.run(["/bin/sh", "-c", command], environment: environment)
        #expect(result.status == 0 && !result.stdout.isEmpty, "\(command): \(result.stderr)")
    }
}

@Suite("The test command")
struct TestCommandTests {
    @Test("Scripts/test prints one summary, not XCTest's \"Executed 0 tests\" lines first")
    func oneSummary() throws {
        let output = """
            Building for debugging...
            Test Suite 'All tests' started at 2026-12-01 22:00:00.000.
            Test Suite 'All tests' passed at 2026-12-01 22:00:00.001.
            \t Executed 0 tests, with 0 failures (0 unexpected) in 0.000 (0.000) seconds
            ◇ Test run started.
            ✔ Test "one" passed after 0.100 seconds.
            ✔ Test run with 312 tests in 40 suites passed after 30.100 seconds.

            """
        try TemporaryFolder.with { folder in
            let input = folder.appendingPathComponent("output.txt")
            try output.write(to: input, atomically: true, encoding: .utf8)
            let filter = Fixtures.repository.appendingPathComponent("Scripts/test-filter").path
            let result = try Spawn.run(["/bin/sh", "-c", "'\(filter)' < '\(input.path)'"])
            let lines = result.stdout.split(separator: "\n")
            #expect(!result.stdout.contains("Executed 0 tests") && !result.stdout.contains("Test Suite"))
            #expect(lines.filter { $0.contains("312") } == ["tests: 312 passed, 0 failed"])
            #expect(
                lines.last == "tests: 312 passed, 0 failed"
                    && lines.contains("✔ Test \"one\" passed after 0.100 seconds."))
        }
    }
}
