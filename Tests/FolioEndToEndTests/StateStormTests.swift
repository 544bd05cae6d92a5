import FolioCore
import FolioTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `folio-stress` killed with SIGKILL at random moments while it saves in a loop: the state file must always be
/// whole, and hold every paper whose save had returned.
@Suite("Reading state under SIGKILL")
struct StateStormTests {
    static let stress = FolioBinary.executable("folio-stress")

    @Test("20 kills mid-save: the file always parses and keeps every save that was reported")
    func killStorm() throws {
        let folder = TemporaryFolder.make("folio-storm")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state.json")
        var saved = Set<Int>()
        var lifetimes: [Int] = []

        for run in 1...20 {
            let output = folder.appendingPathComponent("run-\(run).out")
            let milliseconds = Int.random(in: 50...300)
            lifetimes.append(milliseconds)
            let pid = try Spawn.start([Self.stress.path, "--state", state.path], stdout: output.path)
            usleep(useconds_t(milliseconds * 1000))
            kill(pid, SIGKILL)
            let status = Spawn.wait(pid)
            // Killed by the signal, not finished or crashed by itself.
            #expect(status & 0x7F == SIGKILL, "run \(run): wait status \(status)")

            // Whole lines only: `saved <i>` is printed after the save returned.
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                if line.hasPrefix("saved "), let number = Int(line.dropFirst(6)) { saved.insert(number) }
            }

            let (loaded, messages) = StateStore(url: state).load()
            #expect(messages == [], "run \(run) after \(milliseconds) ms")
            let missing = saved.filter { !loaded.isRead("title:paper \($0)") }.sorted()
            #expect(
                missing.count == 0,
                "run \(run) after \(milliseconds) ms: \(missing.count) reported saves missing, first \(missing.prefix(5))"
            )
            let aside = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                $0.contains(".corrupt-")
            }
            #expect(aside.isEmpty, "run \(run): moved aside \(aside)")
            if !missing.isEmpty || !messages.isEmpty { break }
        }
        #expect(!saved.isEmpty, "folio-stress never reported a save (runs of \(lifetimes) ms); is it built?")
    }
}
