import FolioCore
import FolioSamples
import FolioScreen
import FolioUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// folio-bench: figures for the targets in the issues, printed, never asserted.
//
//   folio-bench [load] [--papers 5000,100000] [--runs 5] [--keep DIR] [--corpus mixed|api|realistic]
//                         each load runs in a fresh process: folio-bench load-one DIR
//   folio-bench keys [--runs 200] DIR
//                         S and a in DIR's all-days view: p50 and p99 of key + reducer + render, in ms
//   folio-bench write [--papers 100000] [--corpus realistic] DIR
//                         writes one corpus (the first size) into DIR, for Scripts/bench-compare
//   folio-bench save      time to save and load the reading state with 10,000 marked papers
//   folio-bench search [--papers 5000,100000] [--runs 5] [--no-fzf]
//                         index build time and memory, search time per keystroke, and fzf --filter for comparison
//   folio-bench topics [--papers 5000,100000] [--runs 5]
//                         topic matching and discovery time, toggling a topic and applying a filter on every paper
//   folio-bench stored-index [--runs 5] DIR
//                         the stored search index on DIR's library: build, write, size, read, in ms
//   folio-bench related [--papers 5000,100000] [--runs 5] [--corpus realistic|mixed]
//                         related papers: vectors' build time and memory, one paper's time, j with and without them
//
// Writes a deterministic synthetic corpus of N papers in the three digest shapes (distinct titles, abstracts
// cut from the bundled samples), then times DigestLoader.load on it.

struct Options {
    var command = "load"
    var sizes = [5_000, 100_000]
    var runs = 5
    var keep: String?
    var fzf = true
    /// `sorts`: deliver the background index first.
    var index = true
    /// `mixed` (the three shapes in turn, the API JSON with few fields, every paper once), `api` (every day API
    /// JSON with the whole record) or `realistic` (papers repeated across days and shapes); `load` without it
    /// reports `mixed` and `realistic`.
    var corpus: SyntheticCorpus.Kind?
    /// The corpus folder of `load-one`.
    var folder: String?
    /// `load-cold`: the cache's writer parses every file again, as before `ParsedSections`.
    var parseTwice = false

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--papers": sizes = (iterator.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--runs": runs = Int(iterator.next() ?? "") ?? runs
            case "--keep": keep = iterator.next()
            case "--no-fzf": fzf = false
            case "--no-index": index = false
            case "--parse-twice": parseTwice = true
            case "--corpus": corpus = SyntheticCorpus.Kind(rawValue: iterator.next() ?? "") ?? corpus
            default:
                if ["load-one", "load-cached", "load-cold", "write", "keys", "stored-index"].contains(command),
                    folder == nil
                {
                    folder = argument
                } else {
                    command = argument
                }
            }
        }
    }
}

/// Builds the synthetic digests: 50 papers a day, days cycling through page, compact and JSON.
enum SyntheticCorpus {
    static let papersPerDay = 50

    enum Kind: String, CaseIterable {
        /// Every paper listed once: the corpus of the figures before issue 17.
        case mixed
        case api
        /// Papers listed over several days and shapes, as in real folders (`RealisticCorpus`).
        case realistic
    }

    /// One paper as a day lists it; `id` is its number, from which its arXiv id is made.
    struct Entry {
        var title: String
        var abstract: String
        var authors: Int
        var votes: Int
        var id: Int
    }

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
    static func write(papers: Int, to folder: URL, kind: Kind = .mixed) throws -> Int {
        if kind == .realistic { return try RealisticCorpus.write(entries: papers, to: folder) }
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
            var entries: [Entry] = []
            for index in 0..<count {
                let number = paper + index
                let title = "\(titles[number % titles.count]) (part \(number))"
                let abstract = "Study \(number) reports that " + abstracts[(number * 7) % abstracts.count]
                entries.append(
                    Entry(title: title, abstract: abstract, authors: 1 + number % 17, votes: number % 300, id: number))
            }
            let text: String
            let name: String
            switch kind == .api ? 3 : dayNumber % 3 {
            case 3:
                name = "\(day.iso).json"
                text = APICorpus.json(day: day, entries)
            case 0:
                name = "\(day.iso).txt"
                text = page(day: day, entries)
            case 1:
                name = "\(day.iso)-compact.txt"
                text = compact(entries)
            default:
                name = "\(day.iso).json"
                text = json(day: day, entries)
            }
            let data = Data(text.utf8)
            try data.write(to: folder.appendingPathComponent(name))
            written += data.count
            paper += count
            dayNumber += 1
        }
        return written
    }

    static func page(day: DayDate, _ entries: [Entry]) -> String {
        var text =
            "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\n\(day.short)\n\n"
        for entry in entries {
            text +=
                "\(entry.title)\n\n\(entry.abstract)\n\n  • \(entry.authors) authors\n·\n\(day.short) \(entry.votes)\n\n"
        }
        return text
    }

    static func compact(_ entries: [Entry]) -> String {
        var text =
            "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribe"
        for entry in entries { text += "\(entry.title)\n\(entry.abstract)\n" }
        return text
    }

    static func json(day: DayDate, _ entries: [Entry]) -> String {
        let objects: [[String: Any]] = entries.map { entry in
            [
                "paper": [
                    "id": String(format: "9%03d.%05d", entry.id / 100_000, entry.id % 100_000),
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

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
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
    if let path, FileManager.default.fileExists(atPath: path) {
        print("folio-bench save: will not write over \(path)")
        exit(2)
    }

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
        let line = String(
            format: "%@: median %.2f ms (min %.2f, max %.2f) over %d runs", what,
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

/// p-th percentile (0...1) of the values, nearest rank.
func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

/// Typing each query a character at a time, as the search pane does on each keystroke: parse the text so far,
/// search with limit 200 and count. Then `fzf --filter` on the same papers, one `title<TAB>abstract` line each.
func benchSearch(sizes: [Int], runs: Int, keep: String?, withFzf: Bool) throws {
    // fzf has no fields or phrases: its nearest (the title is field 1 of the line; 'x\ y is an exact "x y").
    let queries: [(folio: String, fzf: String, fzfArguments: [String])] = [
        ("sparse autoencoders", "sparse autoencoders", []),
        ("diffusion model", "diffusion model", []),
        ("title:reasoning", "reasoning", ["--delimiter", "\t", "--nth", "1"]),
        ("\"language models\" -vision", "'language\\ models !vision", []),
    ]
    let fzf =
        !withFzf
        ? nil
        : ["/usr/bin/fzf", "/usr/local/bin/fzf", "/opt/homebrew/bin/fzf"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    let typings = max(runs, 10)
    print(
        "folio-bench search: \(ProcessInfo.processInfo.activeProcessorCount) cores; build: median of \(runs); "
            + "keystroke = SearchQuery(parsing:) + search(limit: 200) + count, each query typed \(typings) times")
    if withFzf, fzf == nil { print("fzf not found (apt-get install fzf): its column is left out") }
    for size in sizes {
        let folder =
            keep.map { URL(fileURLWithPath: $0).appendingPathComponent("\(size)") }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-search-\(size)-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        _ = try SyntheticCorpus.write(papers: size, to: folder)
        let library = DigestLoader.load(paths: [folder.path])
        if keep == nil { try? FileManager.default.removeItem(at: folder) }

        var builds: [Double] = []
        var built: SearchIndex?
        for _ in 0..<max(1, runs) { builds.append(milliseconds { built = SearchIndex(library: library) }) }
        guard let index = built else { continue }
        print(
            String(
                format:
                    "\n%d papers: index built in %.0f ms (median; min %.0f), %d terms, %.1f MB index, peak RSS %.0f MB",
                index.paperCount, median(builds), builds.min() ?? 0, index.termCount,
                Double(index.approximateBytes) / 1_000_000, peakResidentMegabytes()))

        benchSearchPane(library: library, index: index, queries: queries.map(\.folio), typings: typings)

        let lines = FileManager.default.temporaryDirectory.appendingPathComponent(
            "folio-bench-lines-\(size)-\(getpid()).tsv")
        defer { try? FileManager.default.removeItem(at: lines) }
        if fzf != nil {
            let text =
                library.papers.map { paper in
                    [paper.title, paper.abstract].map {
                        $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
                    }
                    .joined(separator: "\t")
                }.joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: lines)
        }

        print(
            "  query                        keys   p50 ms   p99 ms   max ms  slowest prefix         matches | fzf --filter ms  matches"
        )
        var all: [Double] = []
        for query in queries {
            var times: [Double] = []
            var slowest = (prefix: "", time: 0.0)
            for _ in 0..<typings {
                for end in 1...query.folio.count {
                    let prefix = String(query.folio.prefix(end))
                    let time = milliseconds {
                        let parsed = SearchQuery(parsing: prefix)
                        _ = index.search(parsed, limit: 200)
                        _ = index.count(parsed)
                    }
                    times.append(time)
                    if time > slowest.time { slowest = (prefix, time) }
                }
            }
            all += times
            let matches = index.count(SearchQuery(parsing: query.folio, lastWordIsPrefix: false))
            var fzfColumn = "-"
            if let fzf {
                var fzfTimes: [Double] = []
                var fzfMatches = 0
                for _ in 0..<3 {
                    fzfTimes.append(
                        try milliseconds {
                            fzfMatches = try runFilter(fzf, ["--filter", query.fzf] + query.fzfArguments, input: lines)
                        })
                }
                fzfColumn = String(format: "%15.1f  %7d  ", median(fzfTimes), fzfMatches) + "(\(query.fzf))"
            }
            func padded(_ text: String, _ width: Int) -> String {
                text + String(repeating: " ", count: max(0, width - text.count))
            }
            print(
                "  " + padded(query.folio, 28)
                    + String(
                        format: " %4d  %7.3f  %7.3f  %7.3f  ", query.folio.count,
                        percentile(times, 0.5), percentile(times, 0.99), times.max() ?? 0)
                    + padded("\"\(slowest.prefix)\"", 22) + String(format: " %7d | ", matches) + fzfColumn)
        }
        print(
            String(
                format: "  all keystrokes: p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d", percentile(all, 0.5),
                percentile(all, 0.99), all.max() ?? 0, all.count))
    }
}

/// Runs a filter program on a file; returns the number of lines it printed.
/// A keystroke as the person at the keyboard meets it: the key through the dispatcher and reducer (which runs
/// the search for the new query), then a full render of the 120x40 screen with highlights.
func benchSearchPane(library: Library, index: SearchIndex, queries: [String], typings: Int) {
    let size = Size(width: 120, height: 40)
    var times: [Double] = []
    // One state for the whole run, as one session of the reader: its all-days orders are sorted once (the reader
    // gets them with the index; here the warm-up search sorts them), not again for every query typed.
    var state = AppState(library: library, size: size)
    state.searchIndexReady(index)
    for key in [Key.char("/"), .char("a"), Key(.escape)] { _ = state.handle(.key(key)) }
    for _ in 0..<typings {
        for query in queries {
            _ = state.handle(.key(.char("/")))
            for character in query {
                times.append(
                    milliseconds {
                        _ = state.handle(.key(Key(.character(character))))
                        _ = render(state, size: size)
                    })
            }
            _ = state.handle(.key(Key(.escape)))
        }
    }
    print(
        String(
            format:
                "  search pane, key + reducer + render at 120x40: p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d keystrokes",
            percentile(times, 0.5), percentile(times, 0.99), times.max() ?? 0, times.count))
}

func runFilter(_ path: String, _ arguments: [String], input: URL) throws -> Int {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardInput = try FileHandle(forReadingFrom: input)
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
switch options.command {
case "load":
    try benchLoad(
        sizes: options.sizes, runs: options.runs, keep: options.keep,
        corpora: options.corpus.map { [$0] } ?? [.mixed, .realistic])
case "keys":
    benchKeys(folder: options.folder ?? "", presses: max(options.runs, 20))
case "write":
    guard let folder = options.folder, let size = options.sizes.first else {
        print("usage: folio-bench write [--papers N] [--corpus realistic] DIR")
        exit(2)
    }
    let bytes = try SyntheticCorpus.write(
        papers: size, to: URL(fileURLWithPath: folder), kind: options.corpus ?? .realistic)
    print("\(size) entries, \(bytes) bytes in \(folder)")
case "load-one":
    loadOne(folder: options.folder ?? "")
case "load-cached":
    loadCached(folder: options.folder ?? "")
case "load-cold":
    loadCold(folder: options.folder ?? "", parseTwice: options.parseTwice)
case "save":
    try benchSave(path: options.keep, count: 10_000, runs: 21)
case "search":
    try benchSearch(sizes: options.sizes, runs: options.runs, keep: options.keep, withFzf: options.fzf)
case "topics":
    try benchTopics(sizes: options.sizes, runs: options.runs, keep: options.keep)
case "related": try benchRelated(sizes: options.sizes, runs: options.runs, corpus: options.corpus ?? .realistic)
case "stored-index": try benchStoredIndex(folder: options.folder ?? "", runs: options.runs)
case "sorts": benchSorts(sizes: options.sizes, runs: options.runs, withIndex: options.index)
default:
    print(
        "usage: folio-bench [load | search | topics] [--papers 5000,100000] [--runs 5] [--keep DIR] [--corpus mixed|api|realistic] [--no-fzf] | folio-bench save | folio-bench write DIR"
    )
    exit(2)
}
