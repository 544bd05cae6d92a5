import FolioCore
import FolioScreen
import FolioUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Load benchmark

/// What one load in a fresh process measured.
struct LoadRun {
    var milliseconds: Double
    var listing: Double
    var readingAndParsing: Double
    var joining: Double
    /// Peak RSS of the whole process (runtime and Foundation included), and its RSS before loading.
    var peakMegabytes: Double
    var startMegabytes: Double
    var papers: Int
    var problems: Int
    var files: Int
    /// After the load: the app state made (today's papers listed, marks absorbed) and the first frame rendered
    /// into a 120x40 grid, as folio does before it draws; the terminal's own start is not counted.
    var firstFrame = 0.0
    /// The same with every tenth paper marked read (at most 10,000), by its key or by its title key.
    var firstFrameMarked = 0.0

    private static let fields = 11

    var line: String {
        String(
            format: "load-one %.3f %.3f %.3f %.3f %.1f %.1f %d %d %d %.3f %.3f", milliseconds, listing,
            readingAndParsing, joining, peakMegabytes, startMegabytes, papers, problems, files, firstFrame,
            firstFrameMarked)
    }

    init(
        milliseconds: Double, timings: DigestLoader.Timings, peakMegabytes: Double, startMegabytes: Double,
        library: Library
    ) {
        self.milliseconds = milliseconds
        listing = timings.listing * 1000
        readingAndParsing = timings.readingAndParsing * 1000
        joining = timings.joining * 1000
        self.peakMegabytes = peakMegabytes
        self.startMegabytes = startMegabytes
        papers = library.papers.count
        problems = library.problems.count
        files = library.fileCount
    }

    init?(line: Substring) {
        let parts = line.split(separator: " ").dropFirst()
        guard parts.count == Self.fields else { return nil }
        let numbers = parts.compactMap { Double($0) }
        guard numbers.count == Self.fields else { return nil }
        milliseconds = numbers[0]
        listing = numbers[1]
        readingAndParsing = numbers[2]
        joining = numbers[3]
        peakMegabytes = numbers[4]
        startMegabytes = numbers[5]
        papers = Int(numbers[6])
        problems = Int(numbers[7])
        files = Int(numbers[8])
        firstFrame = numbers[9]
        firstFrameMarked = numbers[10]
    }
}

/// `folio-bench load-one DIR`: one load in this fresh process, as folio does on its way to the first frame;
/// prints a `LoadRun` line. Nothing else ran in the process, so its peak RSS is the load's (plus the runtime's).
/// Loads `folder` through its library cache, for the cached path's figures. A cache that is missing or stale is
/// written first, as the reader writes it (with the library's snapshot), and the load is then timed in a fresh
/// process, so that neither the writing nor the first load counts in its peak RSS.
func loadCached(folder: String) {
    let cache = LibraryCache(forPaths: [folder])
    var timings = DigestLoader.Timings()
    var library = Library()
    let time = milliseconds { library = DigestLoader.load(paths: [folder], cache: cache, timings: &timings) }
    // Once: the fresh process times whatever it finds (a folder written to meanwhile stays stale).
    let rewritten = "FOLIO_BENCH_CACHE_WRITTEN"
    if timings.cacheIsStale, let loaded = timings.loadedFiles, ProcessInfo.processInfo.environment[rewritten] == nil {
        let report = cache.refresh(paths: [folder], firstFrame: (library, loaded))
        print("load-cached: the cache was \(timings.cachedFiles == 0 ? "missing" : "stale"), written again", report)
        fflush(nil)
        let process = Process()
        process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["load-cached", folder]
        process.environment = ProcessInfo.processInfo.environment.merging([rewritten: "1"]) { $1 }
        try? process.run()
        process.waitUntilExit()
        withExtendedLifetime(library) { exit(process.terminationStatus) }
    }
    print(
        "load-cached \(time) ms, \(timings.fromSnapshot ? "the snapshot" : "sections, joined again"),",
        "\(timings.cachedFiles) cached files, \(timings.parsedFiles) parsed; listing \(timings.listing * 1000) ms,",
        "reading \(timings.readingAndParsing * 1000) ms, joining \(timings.joining * 1000) ms, peak \(processPeakMegabytes()) MB, \(library.papers.count) papers"
    )
    fflush(nil)
    withExtendedLifetime(library) { exit(0) }
}

/// `folio-bench load-cold DIR [--parse-twice]`: the reader's whole load without a cache, then the cache written,
/// as `StartupLibrary.loadWhole` does (in a fresh cache folder, removed after); with `--parse-twice` the writer
/// parses every file again instead of copying the load's sections. Peak RSS covers both.
func loadCold(folder: String, parseTwice: Bool) {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-cold-\(getpid())")
    defer { try? FileManager.default.removeItem(at: home) }
    let cache = LibraryCache(path: home.appendingPathComponent("library.cache").path)
    var timings = DigestLoader.Timings()
    var library = Library()
    let load = milliseconds {
        library = DigestLoader.load(paths: [folder], cache: cache, keepingParses: !parseTwice, timings: &timings)
    }
    var report: LibraryCache.RefreshReport?
    let write = milliseconds {
        report = cache.refresh(
            paths: [folder], firstFrame: (library, timings.loadedFiles!), parsed: timings.parsedSections)
    }
    print(
        "load-cold load \(load) ms, cache written in \(write) ms (\(report?.reused ?? 0) copied, \(report?.parsed ?? 0) parsed),",
        "peak \(processPeakMegabytes()) MB")
    fflush(nil)
    try? FileManager.default.removeItem(at: home)
    withExtendedLifetime(library) { exit(0) }
}

func loadOne(folder: String) {
    let startMegabytes = processPeakMegabytes()
    var timings = DigestLoader.Timings()
    var library = Library()
    let time = milliseconds { library = DigestLoader.load(paths: [folder], timings: &timings) }
    var run = LoadRun(
        milliseconds: time, timings: timings, peakMegabytes: processPeakMegabytes(),
        startMegabytes: startMegabytes, library: library)
    let size = Size(width: 120, height: 40)
    run.firstFrame = milliseconds {
        let state = AppState(library: library, size: size)
        withExtendedLifetime(render(state, size: size)) {}
    }
    var reading = ReadingState()
    for index in stride(from: 0, to: library.papers.count, by: 10).prefix(10_000) {
        let key = index % 20 == 0 ? library.papers[index].titleKey : library.papers[index].key
        reading.setRead(
            true, key: key, title: library.papers[index].title, at: Date(timeIntervalSince1970: 1_800_000_000))
    }
    run.firstFrameMarked = milliseconds {
        let state = AppState(library: library, size: size, reading: reading)
        withExtendedLifetime(render(state, size: size)) {}
    }
    print(run.line)
    // Ended here, with the library alive: freeing 100,000 papers is no part of loading, and would only blur a
    // profile of this process.
    fflush(nil)
    withExtendedLifetime(library) { exit(0) }
}

/// This process's peak RSS (`VmHWM`). Not `getrusage`: a child started with `posix_spawn` shares its parent's
/// memory until `exec`, and its `ru_maxrss` starts at the parent's peak.
func processPeakMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return peakResidentMegabytes() }
    return kilobytes / 1024
}

/// Writes the corpus, then loads it `runs` times, each in a fresh child process, so that neither the corpus
/// writer's memory nor an earlier run's library counts in the peak RSS. The files are in the page cache (just
/// written): this times a warm start.
func benchLoad(sizes: [Int], runs: Int, keep: String?, corpora: [SyntheticCorpus.Kind]) throws {
    for corpus in corpora {
        try benchLoad(sizes: sizes, runs: runs, keep: keep, corpus: corpus)
    }
}

private func benchLoad(sizes: [Int], runs: Int, keep: String?, corpus: SyntheticCorpus.Kind) throws {
    print(
        "folio-bench load: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(runs) runs each, "
            + "each load in a fresh process (folio-bench load-one DIR); \(corpus.rawValue) corpus; min / median")
    for size in sizes {
        let folder =
            keep.map {
                URL(fileURLWithPath: $0).appendingPathComponent(corpus == .realistic ? "realistic-\(size)" : "\(size)")
            }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-\(size)-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        let bytes = try SyntheticCorpus.write(papers: size, to: folder, kind: corpus)
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }
        var loads: [LoadRun] = []
        for _ in 0..<max(1, runs) {
            guard let run = try runLoadOne(folder: folder.path) else {
                print("  load-one failed on \(folder.path)")
                return
            }
            loads.append(run)
        }
        func figures(_ values: [Double], _ format: String) -> String {
            String(format: format + " / " + format, values.min() ?? 0, median(values))
        }
        let megabytes = Double(bytes) / 1_000_000
        let last = loads[loads.count - 1]
        print(
            String(
                format: "  %7d entries  %6.1f MB  %4d files  (%d papers, %d problems)", size, megabytes, last.files,
                last.papers, last.problems))
        print(
            "           load " + figures(loads.map(\.milliseconds), "%.1f") + " ms"
                + String(format: "  (%.0f MB/s at the median)", megabytes / (median(loads.map(\.milliseconds)) / 1000))
                + "; peak RSS " + figures(loads.map(\.peakMegabytes), "%.1f") + " MB"
                + " (" + figures(loads.map(\.startMegabytes), "%.1f") + " MB before loading)")
        print(
            "           phases: listing " + figures(loads.map(\.listing), "%.1f")
                + " ms, reading and parsing " + figures(loads.map(\.readingAndParsing), "%.1f")
                + " ms, joining papers " + figures(loads.map(\.joining), "%.1f") + " ms")
        print(
            "           then the first frame (app state, render at 120x40; no terminal) "
                + figures(loads.map(\.firstFrame), "%.1f") + " ms; every tenth paper marked "
                + figures(loads.map(\.firstFrameMarked), "%.1f") + " ms")
        print(
            String(
                format: "           (writing the corpus: this process's peak RSS %.0f MB, not counted above)",
                peakResidentMegabytes()))
    }
}

private func runLoadOne(folder: String) throws -> LoadRun? {
    let process = Process()
    process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["load-one", folder]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    return text.split(separator: "\n").first { $0.hasPrefix("load-one ") }.flatMap { LoadRun(line: $0) }
}
