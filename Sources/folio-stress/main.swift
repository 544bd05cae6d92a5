import FolioCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// folio-stress: marks papers and saves in a tight loop, for the test that SIGKILLs it mid-save.
//
//   folio-stress --state PATH [--count N]          mark "title:paper <i>" read and save, i = 1...N;
//                                                   prints `saved <i>` once each save has returned
//   (the save-time benchmark is `folio-bench save`)

struct Options {
    var state: String?
    var count: Int?

    init(_ arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--state": state = try Self.value(&iterator, for: argument)
            case "--count": count = try Self.number(&iterator, for: argument)
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

do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    guard let path = options.state else { throw Usage("--state PATH is required") }
    try stress(path: path, count: options.count ?? 1_000_000)
} catch let usage as Usage {
    FileHandle.standardError.write(Data("folio-stress: \(usage)\nusage: folio-stress --state PATH [--count N]\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("folio-stress: \(error)\n".utf8))
    exit(1)
}
