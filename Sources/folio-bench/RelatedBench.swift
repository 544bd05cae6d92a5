import FolioCore
import FolioUI
import Foundation

/// Related papers at each size: how long the vectors take to build and how much they hold, then the time of one
/// paper's related papers (as the reader asks for them on selection) over an even spread of the papers. The
/// issue's target is 20 ms p99 at 100,000 papers.
func benchRelated(sizes: [Int], runs: Int, keep: String?) throws {
    let queriesPerSize = 2_000
    print(
        "folio-bench related: \(ProcessInfo.processInfo.activeProcessorCount) cores; build: median of \(runs); "
            + "query = related(to:limit: \(relatedViewLimit)) for \(queriesPerSize) papers spread evenly, \(runs) rounds")
    for size in sizes {
        let folder =
            keep.map { URL(fileURLWithPath: $0).appendingPathComponent("\(size)") }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-related-\(size)-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        _ = try SyntheticCorpus.write(papers: size, to: folder)
        let library = DigestLoader.load(paths: [folder.path])
        if keep == nil { try? FileManager.default.removeItem(at: folder) }
        let index = SearchIndex(library: library)
        let before = peakResidentMegabytes()

        var builds: [Double] = []
        var built: RelatedPapers?
        for _ in 0..<max(1, runs) {
            built = nil
            builds.append(milliseconds { built = RelatedPapers(index: index, library: library) })
        }
        guard let related = built else { continue }
        let paperCount = library.papers.count
        let kept = (0..<paperCount).reduce(0) { $0 + related.termCount(of: $1) }
        print(
            String(
                format:
                    "\n%d papers: vectors built in %.0f ms (median; min %.0f), %.1f terms a paper, %.1f MB, "
                    + "peak RSS %.0f MB (%.0f MB before building them)",
                paperCount, median(builds), builds.min() ?? 0, Double(kept) / Double(max(1, paperCount)),
                Double(related.approximateBytes) / 1_000_000, peakResidentMegabytes(), before))

        let step = max(1, paperCount / queriesPerSize)
        var times: [Double] = []
        var found = 0
        var empty = 0
        for _ in 0..<max(1, runs) {
            for paper in stride(from: 0, to: paperCount, by: step) {
                var matches: [RelatedPapers.Match] = []
                times.append(milliseconds { matches = related.related(to: paper, limit: relatedViewLimit) })
                found += matches.count
                if matches.isEmpty { empty += 1 }
            }
        }
        print(
            String(
                format: "  one paper's related: p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d; "
                    + "%.1f found a paper, %d of them with none",
                percentile(times, 0.5), percentile(times, 0.99), times.max() ?? 0, times.count,
                Double(found) / Double(max(1, times.count)), empty))
        if let sample = stride(from: 0, to: paperCount, by: step).first(where: { !related.related(to: $0).isEmpty }) {
            print("  e.g. \(library.papers[sample].title)")
            for match in related.related(to: sample) {
                print(String(format: "    %.2f  ", match.score) + library.papers[match.paper].title)
            }
        }
    }
}

/// As many as the reader asks for (the view that `m` makes).
let relatedViewLimit = AppState.relatedLimit
