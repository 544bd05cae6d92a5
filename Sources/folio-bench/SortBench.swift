import FolioCore
import FolioScreen
import FolioUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// folio-bench sorts [--papers 100000,1000000] [--runs 20] [--no-index]
//
// `S` and `a` in the all-days view through the real reducer (AppState.handle with the key), on a library made in
// memory: 50 entries a day, every other paper listed again the next day with more upvotes (1.5 entries a
// paper, as real folders have), upvotes and title stems repeating so sorts meet ties. Unless --no-index, the
// background build (LibraryIndexes.build, as the reader's) is delivered first as `.indexReady`, so the topic bar
// is counted as the reader counts it. The first `a` and the first `S` into each sort are reported apart from the
// rest: they are the ones that could find an order not yet made.

/// A library of `count` papers, built from digests made in memory.
func sortBenchLibrary(papers count: Int) -> Library {
    let (titles, abstracts) = SyntheticCorpus.sampleTexts()
    let perDay = SyntheticCorpus.papersPerDay
    var digests: [Digest] = []
    var previous: [DigestEntry] = []
    var paper = 0
    var day = 0
    while paper < count || !previous.isEmpty {
        let date = DayDate(year: 2000 + day / 336, month: 1 + (day / 28) % 12, day: 1 + day % 28)
        var entries: [DigestEntry] = []
        // Yesterday's even papers again, first, with more upvotes.
        for entry in previous.enumerated().filter({ $0.offset % 2 == 0 }).map(\.element) {
            var again = entry
            again.upvotes = (entry.upvotes ?? 0) + 3
            again.line = entries.count + 1
            entries.append(again)
        }
        previous = []
        for _ in 0..<min(perDay, count - paper) {
            let number = paper
            let abstract = String(abstracts[(number * 7) % abstracts.count].prefix(200))
            let entry = DigestEntry(
                title: "\(titles[number % titles.count]) (part \(number))", abstract: abstract,
                upvotes: number % 97 == 0 ? nil : number % 300,
                arxivID: String(format: "9%03d.%05d", number / 100_000, number % 100_000), line: entries.count + 1)
            entries.append(entry)
            previous.append(entry)
            paper += 1
        }
        digests.append(Digest(source: "\(date.iso).txt", shape: .page, date: date, entries: entries, problems: []))
        day += 1
    }
    return Library(digests: digests)
}

func benchSorts(sizes: [Int], runs: Int, withIndex: Bool) {
    print(
        "folio-bench sorts: \(ProcessInfo.processInfo.activeProcessorCount) cores; "
            + "key = AppState.handle(.key) at 120x40, \(runs) rounds of S S S S a a; "
            + (withIndex ? "background index delivered first" : "no index"))
    for size in sizes {
        var library: Library?
        let built = milliseconds { library = sortBenchLibrary(papers: size) }
        guard let library else { continue }
        var state = AppState(library: library, size: Size(width: 120, height: 40))
        var indexTime = 0.0
        if withIndex {
            var indexes: LibraryIndexes?
            indexTime = milliseconds {
                indexes = LibraryIndexes.build(library: library, definitions: TopicCatalog.builtIn, discover: true)
            }
            _ = state.handle(.indexReady(indexes!))
        }
        print(
            String(
                format: "\n%d papers (%d entries): library made in %.0f ms, index and topics %.0f ms",
                library.papers.count,
                library.entryCount, built, indexTime))

        // Wall time, and this thread's CPU time: on a machine shared with builds, a press can wait for a core
        // far longer than it works, and the CPU time tells the two apart.
        var cpu: [Character: [Double]] = [:]
        func press(_ key: Character) -> Double {
            let before = threadCPUMilliseconds()
            let wall = milliseconds { _ = state.handle(.key(.char(key))) }
            cpu[key, default: []].append(threadCPUMilliseconds() - before)
            return wall
        }
        var first: [String] = []
        var sorts: [Double] = []
        var toggles: [Double] = []
        // Into all days, then through every sort once: each of these may be the first to need its order.
        first.append(String(format: "a %.1f", press("a")))
        for _ in 0..<4 {
            let label = state.sort.rawValue
            first.append(String(format: "S from %@ %.1f", label, press("S")))
        }
        cpu = [:]
        for _ in 0..<runs {
            for _ in 0..<4 { sorts.append(press("S")) }
            // To a day and back into all days.
            toggles.append(press("a"))
            toggles.append(press("a"))
        }
        guard case .allDays = state.scope else {
            print("  the view is not all days after the presses: the bench is wrong")
            continue
        }
        print("  first presses, ms: " + first.joined(separator: ", "))
        for (name, times) in [("S (all days)", sorts), ("a (both ways)", toggles)] {
            print(
                String(
                    format: "  %@: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d presses", name,
                    percentile(times, 0.5), percentile(times, 0.99), times.max() ?? 0, times.count))
        }
        for (name, key) in [("S", Character("S")), ("a", Character("a"))] {
            let times = cpu[key] ?? []
            print(
                String(
                    format: "  %@ CPU time: p50 %.2f ms, p99 %.2f ms, max %.2f ms", name, percentile(times, 0.5),
                    percentile(times, 0.99), times.max() ?? 0))
        }
        print(String(format: "  peak RSS %.0f MB", peakResidentMegabytes()))
    }
}

/// CPU time this thread has used, in milliseconds.
func threadCPUMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
}
