import Foundation
import FolioCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// folio-stress: marks papers and saves in a tight loop, for the test that SIGKILLs it mid-save.
//
//   folio-stress --state PATH [--count N]          mark "title:paper <i>" read and save, i = 1...N;
//                                                   prints `saved <i>` once each save has returned
//   folio-stress --bench [--count N] [--runs R] [--state PATH]
//                                                   median save time with N marked papers (default 10,000)

struct Options {
    var state: String?
    var count: Int?
    var runs = 21
    var bench = false

    init(_ arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--state": state = try Self.value(&iterator, for: argument)
            case "--count": count = try Self.number(&iterator, for: argument)
            case "--runs": runs = try Self.number(&iterator, for: argument)
            case "--bench": bench = true
            default: throw Usage("unknown argument \(argument)")
            }
        }
    }

    private static func value(_ iterator: inout IndexingIterator<[String]>, for option: String) throws -> String {
        guard let value = iterator.next() else { throw Usage("\(option) needs a value") }
        return value
    }

    private static func number(_ iterator: inout IndexingIterator<[String]>, for option: String) throws -> Int {
        let text = try value(&iterator, for: option)
        guard let number = Int(text), number > 0 else { throw Usage("\(option) needs a positive number, not \(text)") }
        return number
    }
}

struct Usage: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Marks one more paper read and saves, over and over; `saved <i>` means paper i is on disk.
func stress(path: String, count: Int) throws {
    let store = StateStore(url: URL(fileURLWithPath: path))
    let (loaded, messages) = store.load()
    for message in messages { FileHandle.standardError.write(Data((message + "\n").utf8)) }
    var state = loaded
    for i in 1...count {
        state.setRead(true, key: "title:paper \(i)", title: "Paper \(i)", at: Date())
        state = try store.save(state)
        print("saved \(i)")
        // All output streams, stdout among them: Swift 6 rejects the global `stdout` as shared mutable state.
        fflush(nil)
    }
}

/// Save times with `count` marked papers: saving again after this instance's own save (the file is known and
/// not decoded), and after another instance's (the file is read, decoded and merged), plus a fresh load.
func bench(path: String?, count: Int, runs: Int) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("folio-stress-\(UUID().uuidString)")
    let url = path.map { URL(fileURLWithPath: $0) } ?? folder.appendingPathComponent("state.json")
    defer { if path == nil { try? FileManager.default.removeItem(at: folder) } }
    if let path, FileManager.default.fileExists(atPath: path) { throw Usage("--bench will not write over \(path)") }

    let start = Date(timeIntervalSince1970: 1_790_000_000)
    var state = ReadingState()
    for i in 0..<count {
        let title = "A Study of Paper Number \(i): Sparse Attention for Long-Context Reasoning"
        state.setRead(true, key: "arxiv:2512.\(10_000 + i)", title: title, at: start.addingTimeInterval(Double(i)))
        if i % 7 == 0 { state.setStarred(true, key: "arxiv:2512.\(10_000 + i)", title: title, at: start) }
    }
    let first = StateStore(url: url)
    let second = StateStore(url: url)
    state = try first.save(state)
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0

    func time(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let elapsed = try clock.measure(body)
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }
    func report(_ what: String, _ times: [Double]) {
        let sorted = times.sorted()
        let line = String(format: "%@: median %.2f ms (min %.2f, max %.2f) over %d runs", what,
                          sorted[sorted.count / 2], sorted[0], sorted[sorted.count - 1], sorted.count)
        print(line)
    }

    // Loaded now, so that its every save below finds the file written by the first store since.
    let secondState = second.load().state
    var own: [Double] = []
    for run in 0..<runs {
        state.setRead(run % 2 == 0, key: "arxiv:2512.10000", title: "Toggled", at: Date())
        own.append(try time { state = try first.save(state) })
    }
    var other: [Double] = []
    var states = [state, secondState]
    for run in 0..<runs {
        // The second store first: the first wrote last.
        let index = (run + 1) % 2
        states[index].setStarred(run % 4 < 2, key: "arxiv:2512.10001", title: "Toggled", at: Date())
        let store = index == 0 ? first : second
        other.append(try time { states[index] = try store.save(states[index]) })
    }
    var loads: [Double] = []
    for _ in 0..<runs { loads.append(time { _ = StateStore(url: url).load() }) }

    print("\(count) marked papers, file \(size / 1024) KiB at \(url.path)")
    report("save, this instance wrote the file last", own)
    report("save, another instance wrote the file last", other)
    report("load", loads)
}

do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    if options.bench {
        try bench(path: options.state, count: options.count ?? 10_000, runs: options.runs)
    } else {
        guard let path = options.state else { throw Usage("--state PATH is required") }
        try stress(path: path, count: options.count ?? 1_000_000)
    }
} catch let usage as Usage {
    FileHandle.standardError.write(Data("folio-stress: \(usage)\nusage: folio-stress --state PATH [--count N] | --bench [--count N] [--runs R] [--state PATH]\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("folio-stress: \(error)\n".utf8))
    exit(1)
}
