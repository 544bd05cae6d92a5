import FolioCore
import FolioScreen
import FolioUI
import Foundation

/// Topic membership and discovery times, and what toggling a topic or applying a filter costs on the list of
/// every paper (the largest view): the target is 5 ms p99 at 100,000 papers.
func benchTopics(sizes: [Int], runs: Int, keep: String?) throws {
    print("folio-bench topics: \(ProcessInfo.processInfo.activeProcessorCount) cores; build times: median of \(runs)")
    for size in sizes {
        let folder =
            keep.map { URL(fileURLWithPath: $0).appendingPathComponent("\(size)") }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-topics-\(size)-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        _ = try SyntheticCorpus.write(papers: size, to: folder)
        let library = DigestLoader.load(paths: [folder.path])
        if keep == nil { try? FileManager.default.removeItem(at: folder) }
        let index = SearchIndex(library: library)

        var written: [Double] = []
        var discovered: [Double] = []
        var found: [TopicDiscovery.Found] = []
        for _ in 0..<max(1, runs) {
            written.append(
                milliseconds { _ = TopicIndex(definitions: TopicCatalog.builtIn, index: index, discover: false) })
            discovered.append(milliseconds { found = TopicDiscovery.discover(in: index) })
        }
        let topics = TopicIndex(definitions: TopicCatalog.builtIn, index: index)
        print(
            String(
                format:
                    "\n%d papers: built-in topics matched in %.0f ms (median; min %.0f), discovery %.0f ms (median; min %.0f), "
                    + "%d topics (%d found), peak RSS %.0f MB",
                library.papers.count, median(written), written.min() ?? 0, median(discovered), discovered.min() ?? 0,
                topics.topics.count, found.count, peakResidentMegabytes()))
        print("  found: " + found.prefix(6).map { "\($0.name) (\($0.members.count))" }.joined(separator: ", "))

        let screen = Size(width: 120, height: 40)
        var state = AppState(library: library, size: screen)
        state.backgroundIndexReady(index, topics: topics, facts: PaperFacts(library: library))
        _ = state.handle(.key(.char("a")))
        // Toggling: digits in the open picker, each on then off again; the reducer recomputes the list.
        _ = state.handle(.key(.char("t")))
        var toggles: [Double] = []
        var toggleAndDraw: [Double] = []
        for round in 0..<max(40, runs * 8) {
            for digit in 1...5 {
                let key = Key(.character(Character(String(digit))))
                if round % 2 == 0 {
                    toggles.append(milliseconds { _ = state.handle(.key(key)) })
                } else {
                    toggleAndDraw.append(
                        milliseconds {
                            _ = state.handle(.key(key))
                            _ = render(state, size: screen)
                        })
                }
            }
        }
        _ = state.handle(.key(Key(.escape)))
        report("toggle a topic (picker digit, reducer)", toggles)
        report("toggle a topic + render 120x40", toggleAndDraw)

        // Filters: typed at the prompt; the time is the Enter that parses, evaluates and narrows the list.
        let filters = [
            "unread", "upvotes>100 and seen<2", "topic:agents or diffusion",
            "(reasoning or \"language models\") and not starred",
            "date>=2020-06-01 and topic:efficiency", "day:today",
        ]
        var applies: [Double] = []
        var slowest: [String: Double] = [:]
        for _ in 0..<max(20, runs * 4) {
            for filter in filters {
                _ = state.handle(.key(.char("f")))
                _ = state.handle(.key(Key(.character("u"), ctrl: true)))
                for character in filter { _ = state.handle(.key(Key(.character(character)))) }
                let time = milliseconds { _ = state.handle(.key(Key(.enter))) }
                applies.append(time)
                slowest[filter] = max(slowest[filter] ?? 0, time)
            }
        }
        report("apply a filter (Enter at the prompt)", applies)
        print(
            "  slowest per filter: "
                + filters.map { String(format: "%@ %.2f ms", $0, slowest[$0] ?? 0) }.joined(separator: "; "))
        _ = state.handle(.key(.char("F")))
    }
}

private func report(_ what: String, _ times: [Double]) {
    print(
        String(
            format: "  %-42@ p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d", what as NSString,
            percentile(times, 0.5), percentile(times, 0.99), times.max() ?? 0, times.count))
}
