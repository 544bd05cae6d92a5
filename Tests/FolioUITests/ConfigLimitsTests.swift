import FolioCore
import Testing

@testable import FolioUI

/// A config's own limits (issue 18, items 8, 9 and 12): each named filter is checked with those it uses
/// expanded, so their number bounds the start-up's work; past the cap they are problems, counted honestly.
@Suite("Config limits")
struct ConfigLimitsTests {
    @Test("Past the cap on named filters the rest are left out, each a problem, all counted")
    func namedFilterCap() {
        let extra = 500
        let count = Config.maximumNamedFilters + extra
        let text = "[filters]\n" + (0..<count).map { "f\($0) = \"unread\"\n" }.joined()
        let (config, problems) = Config.parse(text, file: "config.toml")
        #expect(config.filters.count == Config.maximumNamedFilters)
        #expect(config.filters["f0"] != nil && config.filters["f\(count - 1)"] == nil)
        #expect(problems.problemCount == extra)
        #expect(problems.count <= ProblemList.maximumPerFile + 1, "shown capped")
        #expect(problems.first?.message.contains("more than \(Config.maximumNamedFilters) named filters") == true)
        #expect(problems.first?.line == Config.maximumNamedFilters + 2, "the first one left out, after [filters]")
    }
}
