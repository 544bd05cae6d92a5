import FolioCore
import FolioScreen
import FolioUI
import Foundation

/// Related papers at each size: how long the vectors take to build and how much they hold, then the time of one
/// paper's related papers (as the reader asks for them on selection) over an even spread of the papers. The
/// issue's target is 20 ms p99 at 100,000 papers.
func benchRelated(sizes: [Int], runs: Int, corpus: SyntheticCorpus.Kind) throws {
    let queriesPerSize = 2_000
    print(
        "folio-bench related: \(ProcessInfo.processInfo.activeProcessorCount) cores; \(corpus) corpus; "
            + "build: median of \(runs); query = related(to:limit: \(relatedViewLimit)) for \(queriesPerSize) papers "
            + "spread evenly, \(runs) rounds")
    for size in sizes {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "folio-bench-related-\(size)-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        // The realistic corpus lists a paper 1.51 times: as many entries as give `size` papers.
        _ = try SyntheticCorpus.write(papers: corpus == .realistic ? size * 151 / 100 : size, to: folder, kind: corpus)
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = DigestLoader.load(paths: [folder.path])
        var built: SearchIndex?
        let indexTime = milliseconds { built = SearchIndex(library: library) }
        guard let index = built else { continue }
        let before = peakResidentMegabytes()

        var builds: [Double] = []
        var vectors: RelatedPapers?
        for _ in 0..<max(1, runs) {
            vectors = nil
            builds.append(milliseconds { vectors = RelatedPapers(index: index, library: library) })
        }
        guard let related = vectors else { continue }
        let paperCount = library.papers.count
        let kept = (0..<paperCount).reduce(0) { $0 + related.termCount(of: $1) }
        print(
            String(
                format:
                    "\n%d papers: vectors built in %.0f ms (median; min %.0f; the search index took %.0f ms), "
                    + "%.1f terms a paper, %.1f MB, peak RSS %.0f MB (%.0f MB before building them)",
                paperCount, median(builds), builds.min() ?? 0, indexTime, Double(kept) / Double(max(1, paperCount)),
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
        benchMoving(library: library, index: index, related: related)
        if let sample = stride(from: 0, to: paperCount, by: step).first(where: { !related.related(to: $0).isEmpty }) {
            print("  e.g. \(library.papers[sample].title)")
            for match in related.related(to: sample) {
                print(String(format: "    %.2f  ", match.score) + library.papers[match.paper].title)
            }
        }
    }
}

/// `j` through the dispatcher, the reducer and a full render at 120x40 on the list of every paper, with the
/// related papers asked for on each new selection (answered outside the timing, as the edge does on another
/// thread, then handed back and timed too) against the same without them.
func benchMoving(library: Library, index: SearchIndex, related: RelatedPapers) {
    let size = Size(width: 120, height: 40)
    let topics = TopicIndex(definitions: [], index: index, discover: false)
    func moving(with related: RelatedPapers?) -> (keys: [Double], answers: [Double]) {
        var state = AppState(library: library, size: size)
        let indexes = LibraryIndexes(search: index, topics: topics, facts: PaperFacts(library: library))
        var effects = state.handle(.indexReady(indexes)) + state.handle(.key(Key(.character("a"))))
        if let related { effects += state.handle(.relatedPapersReady(related)) }
        var keys: [Double] = []
        var answers: [Double] = []
        for _ in 0..<400 {
            keys.append(
                milliseconds {
                    effects += state.handle(.key(Key(.character("j"))))
                    _ = render(state, size: size)
                })
            let asked = effects
            effects = []
            for case .findRelated(let request) in asked {
                let answer = request.answer()
                answers.append(
                    milliseconds {
                        effects += state.handle(.relatedReady(answer))
                        _ = render(state, size: size)
                    })
            }
        }
        return (keys, answers)
    }
    // Interleaved, so that the machine's other load falls on both alike.
    var with: [Double] = [], without: [Double] = [], answers: [Double] = []
    for _ in 0..<3 {
        let on = moving(with: related)
        with += on.keys
        answers += on.answers
        without += moving(with: nil).keys
    }
    print(
        String(
            format: "  j + reducer + render at 120x40, all days: p50 %.3f ms, p99 %.3f ms with related papers; "
                + "p50 %.3f ms, p99 %.3f ms without; an answer handed back + render: p50 %.3f ms, p99 %.3f ms",
            percentile(with, 0.5), percentile(with, 0.99), percentile(without, 0.5), percentile(without, 0.99),
            percentile(answers, 0.5), percentile(answers, 0.99)))
}

/// As many as the reader asks for (the view that `m` makes).
let relatedViewLimit = AppState.relatedLimit
