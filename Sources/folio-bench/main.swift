import Foundation
import FolioCore
import FolioSamples
#if canImport(Glibc)
import Glibc
#endif

// folio-bench: figures for the targets in the issues, printed, never asserted.
//
//   folio-bench [load] [--papers 5000,100000] [--runs 5] [--keep DIR]
//   folio-bench save      time to save and load the reading state with 10,000 marked papers
//
// Writes a deterministic synthetic corpus of N papers in the three digest shapes (distinct titles, abstracts
// cut from the bundled samples), then times DigestLoader.load on it.

struct Options {
    var command = "load"
    var sizes = [5_000, 100_000]
    var runs = 5
    var keep: String?

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--papers": sizes = (iterator.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--runs": runs = Int(iterator.next() ?? "") ?? runs
            case "--keep": keep = iterator.next()
            default: command = argument
            }
        }
    }
}

/// Builds the synthetic digests: 50 papers a day, days cycling through page, compact and JSON.
enum SyntheticCorpus {
    static let papersPerDay = 50

    static func sampleTexts() -> (titles: [String], abstracts: [String]) {
        let library = DigestLoader.load(paths: [FolioSamples.folder.path])
        let titles = library.papers.map(\.title)
        let abstracts = library.papers.map(\.abstract).filter { $0.utf8.count > 400 }.map { abstract -> String in
            // About 550 bytes, cut at a word: keeps 100,000 papers near 70 MB, as the issue sizes it.
            let words = abstract.split(separator: " ")
            var cut = ""
            for word in words {
                if cut.utf8.count > 550 { break }
                cut += (cut.isEmpty ? "" : " ") + word
            }
            return cut
        }
        return (titles, abstracts)
    }

    /// Writes the corpus into `folder`; returns the number of bytes written.
    static func write(papers: Int, to folder: URL) throws -> Int {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (titles, abstracts) = sampleTexts()
        var written = 0
        var paper = 0
        var dayNumber = 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = DateComponents(calendar: calendar, year: 2020, month: 1, day: 1).date!
        while paper < papers {
            let date = calendar.date(byAdding: .day, value: dayNumber, to: start)!
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let day = DayDate(year: parts.year!, month: parts.month!, day: parts.day!)
            let count = min(papersPerDay, papers - paper)
            var entries: [(title: String, abstract: String, authors: Int, votes: Int)] = []
            for index in 0..<count {
                let number = paper + index
                let title = "\(titles[number % titles.count]) (part \(number))"
                let abstract = "Study \(number) reports that " + abstracts[(number * 7) % abstracts.count]
                entries.append((title, abstract, 1 + number % 17, number % 300))
            }
            let text: String
            let name: String
            switch dayNumber % 3 {
            case 0:
                name = "\(day.iso).txt"
                text = page(day: day, entries)
            case 1:
                name = "\(day.iso)-compact.txt"
                text = compact(entries)
            default:
                name = "\(day.iso).json"
                text = json(day: day, firstNumber: paper, entries)
            }
            let data = Data(text.utf8)
            try data.write(to: folder.appendingPathComponent(name))
            written += data.count
            paper += count
            dayNumber += 1
        }
        return written
    }

    static func page(day: DayDate, _ entries: [(title: String, abstract: String, authors: Int, votes: Int)]) -> String {
        var text = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\n\(day.short)\n\n"
        for entry in entries {
            text += "\(entry.title)\n\n\(entry.abstract)\n\n  • \(entry.authors) authors\n·\n\(day.short) \(entry.votes)\n\n"
        }
        return text
    }

    static func compact(_ entries: [(title: String, abstract: String, authors: Int, votes: Int)]) -> String {
        var text = "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribe"
        for entry in entries { text += "\(entry.title)\n\(entry.abstract)\n" }
        return text
    }

    static func json(day: DayDate, firstNumber: Int, _ entries: [(title: String, abstract: String, authors: Int, votes: Int)]) -> String {
        let objects: [[String: Any]] = entries.enumerated().map { offset, entry in
            [
                "paper": [
                    "id": String(format: "9%03d.%05d", (firstNumber + offset) / 100_000, (firstNumber + offset) % 100_000),
                    "title": entry.title, "summary": entry.abstract,
                    "authors": (0..<entry.authors).map { ["name": "Author \($0)"] },
                    "upvotes": entry.votes, "publishedAt": "\(day.iso)T00:00:00.000Z",
                ] as [String: Any],
                "title": entry.title, "publishedAt": "\(day.iso)T00:00:00.000Z",
            ]
        }
        let data = try! JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }
}

func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func milliseconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

/// Save times with `count` marked papers: saving again after this instance's own save (the file is known and
/// not decoded), and after another instance's (the file is read, decoded and merged), plus a fresh load.
func benchSave(path: String?, count: Int, runs: Int) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-state-\(UUID().uuidString)")
    let url = path.map { URL(fileURLWithPath: $0) } ?? folder.appendingPathComponent("state.json")
    defer { if path == nil { try? FileManager.default.removeItem(at: folder) } }
    if let path, FileManager.default.fileExists(atPath: path) { print("folio-bench save: will not write over \(path)"); exit(2) }

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

let options = Options(Array(CommandLine.arguments.dropFirst()))
switch options.command {
case "load":
    print("folio-bench load: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(options.runs) runs each, median reported")
    for size in options.sizes {
        let folder = options.keep.map { URL(fileURLWithPath: $0).appendingPathComponent("\(size)") }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-\(size)-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        let bytes = try SyntheticCorpus.write(papers: size, to: folder)
        var times: [Double] = []
        var library = Library()
        var phases: [DigestLoader.Timings] = []
        for _ in 0..<options.runs {
            var timings = DigestLoader.Timings()
            times.append(milliseconds { library = DigestLoader.load(paths: [folder.path], timings: &timings) })
            phases.append(timings)
        }
        let time = median(times)
        let megabytes = Double(bytes) / 1_000_000
        print(String(format: "  %7d papers  %6.1f MB  %4d files  load %7.1f ms  %6.0f MB/s  peak RSS %6.1f MB  (%d papers, %d problems)",
                     size, megabytes, library.fileCount, time, megabytes / (time / 1000), peakResidentMegabytes(),
                     library.papers.count, library.problems.count))
        print(String(format: "           phases (median): listing %.1f ms, reading and parsing %.1f ms, joining papers %.1f ms",
                     median(phases.map { $0.listing * 1000 }), median(phases.map { $0.readingAndParsing * 1000 }),
                     median(phases.map { $0.joining * 1000 })))
        if options.keep == nil { try? FileManager.default.removeItem(at: folder) }
    }
case "save":
    try benchSave(path: options.keep, count: 10_000, runs: 21)
default:
    print("usage: folio-bench [load] [--papers 5000,100000] [--runs 5] [--keep DIR] | folio-bench save")
    exit(2)
}
