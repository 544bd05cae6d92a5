import FolioTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `digests = "/dev/zero"` was "config OK", then the reader read the device forever (issue 18, item 10); a named
/// pipe no one writes to waited forever as well.
@Suite("Config files folio cannot use as they are")
struct DigestsSettingTests {
    @Test(
        "folio config says folio will refuse it; list refuses it with the path and ends", arguments: ["zero", "fifo"])
    func refused(kind: String) throws {
        try TemporaryFolder.with { folder in
            var target = "/dev/zero"
            if kind == "fifo" {
                target = folder.appendingPathComponent("digests.fifo").path
                try #require(mkfifo(target, 0o600) == 0)
            }
            let config = folder.appendingPathComponent("config.toml")
            try "digests = \"\(target)\"\n".write(to: config, atomically: true, encoding: .utf8)
            let checked = try FolioBinary.run(["config", "--config", config.path])
            let what = kind == "fifo" ? "a named pipe" : "a device"
            #expect(checked.stdout.contains("digests = \"\(target)\" is \(what)"), "\(checked.stdout)")
            let listed = try FolioBinary.run(["list", "--config", config.path])
            #expect(listed.status == 2)
            #expect(listed.stderr.contains("\(target): is \(what)"), "\(listed.stderr)")
        }
    }

    @Test("A config file over the size limit is refused with the limit named")
    func tooLarge() throws {
        try TemporaryFolder.with { folder in
            let config = folder.appendingPathComponent("config.toml")
            try Data(repeating: 0x23, count: (16 << 20) + 1).write(to: config)
            let checked = try FolioBinary.run(["config", "--config", config.path])
            #expect(checked.status == 2)
            #expect(checked.stderr.contains("\(config.path): it is larger than 16 MiB"), "\(checked.stderr)")
        }
    }
}
