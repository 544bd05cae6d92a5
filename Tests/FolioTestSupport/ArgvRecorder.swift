import Foundation

/// A stand-in browser: a script that writes the arguments it was given, each ended by a NUL, to a file, so a
/// test sees the exact argv a program started (none of it through a shell: a `$(…)` in it stays text).
public struct ArgvRecorder {
    public let script: URL
    public let record: URL

    /// Writes the script as `name` in `folder`. With `waitsForKey`, it first prints `FAKE BROWSER` and waits for
    /// a line on its terminal, as a terminal browser holds the screen.
    public init(in folder: URL, name: String = "record-argv", waitsForKey: Bool = false) throws {
        script = folder.appendingPathComponent(name)
        record = folder.appendingPathComponent("\(name).argv")
        let wait = waitsForKey ? "printf 'FAKE BROWSER: press Enter\\n'\nread line\n" : ""
        let text = """
            #!/bin/sh
            \(wait): > '\(record.path).tmp'
            for argument in "$@"; do printf '%s\\0' "$argument" >> '\(record.path).tmp'; done
            mv '\(record.path).tmp' '\(record.path)'

            """
        try ExecutableScript.write(text, to: script)
    }

    /// The arguments of the last run, once it has written them; nil before.
    public var arguments: [String]? {
        guard let data = try? Data(contentsOf: record) else { return nil }
        var parts = data.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    /// Waits up to `timeout` seconds for a run's arguments, then forgets them for the next run.
    public func next(timeout: Double = 20) -> [String]? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let arguments {
                try? FileManager.default.removeItem(at: record)
                return arguments
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }
}
