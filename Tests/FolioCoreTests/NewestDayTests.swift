import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

/// The first frame of a start without a current cache, from the newest day's files alone, against the oracle:
/// a whole load of the same files. Its one day is the whole library's newest, with the same papers in the same
/// order and the same listings that day; or there is no staged library and the reader loads whole.
@Suite("Newest day first: the staged library's day is the whole library's newest")
struct NewestDayTests {
    /// Stages any folder, however small: the size rules have tests of their own.
    static let always = DigestLoader.NewestDayPolicy(minimumFiles: 0, minimumBytes: 0)

    /// The staged library's day against the whole library's newest: date, papers (titles, in day order) and
    /// each paper's listings that day.
    static func expectSameNewestDay(
        _ staged: Library, _ whole: Library, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(staged.days.count == 1, sourceLocation: sourceLocation)
        #expect(!staged.knowsEarlierDays, sourceLocation: sourceLocation)
        #expect(whole.knowsEarlierDays, sourceLocation: sourceLocation)
        #expect(staged.fileCount == whole.fileCount, sourceLocation: sourceLocation)
        guard let day = staged.days.last, let newest = whole.days.last else {
            Issue.record("no day", sourceLocation: sourceLocation)
            return
        }
        #expect(day.date == newest.date, sourceLocation: sourceLocation)
        #expect(
            day.papers.map { staged.papers[$0].title } == newest.papers.map { whole.papers[$0].title },
            sourceLocation: sourceLocation)
        func listings(_ library: Library, _ day: Day) -> [[String]] {
            day.papers.map { id in
                library.papers[id].appearances.filter { $0.day == day.date }.map {
                    "\(library.digests[$0.digest].source):\($0.line) \($0.upvotes ?? -1)"
                }
            }
        }
        #expect(listings(staged, day) == listings(whole, newest), sourceLocation: sourceLocation)
        #expect(
            day.digests.map { staged.digests[$0].source } == newest.digests.map { whole.digests[$0].source },
            sourceLocation: sourceLocation)
    }

    /// Stages `paths`, expecting a staged library, and compares it with a whole load.
    static func expectStaged(
        _ paths: [String], policy: DigestLoader.NewestDayPolicy = always, cache: LibraryCache? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (staged: Library, whole: Library) {
        let staged = try #require(
            DigestLoader.newestDay(paths: paths, cache: cache, policy: policy), sourceLocation: sourceLocation)
        let whole = DigestLoader.load(paths: paths)
        expectSameNewestDay(staged, whole, sourceLocation: sourceLocation)
        return (staged, whole)
    }

    static func copyCorpus(into root: URL) throws -> URL {
        let folder = root.appendingPathComponent("digests")
        try FileManager.default.copyItem(at: Fixtures.corpus, to: folder)
        return folder
    }

    /// Noon of `date` in the local time zone, the zone a file's time is read in.
    static func noon(_ date: DayDate) -> Date {
        Calendar.current.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))!
    }

    /// A compact digest (a shape with no date in it) of two papers.
    static func compactDigest(_ titles: [String]) -> Data {
        let body = titles.map { "\($0)\nWhat \($0) is about.\n" }.joined()
        return Data("Get trending papers in your email inbox!\nSubscribe\(body)".utf8)
    }

    @Test("The test corpus: only its newest file, a JSON day, is parsed")
    func corpus() throws {
        try TemporaryFolder.with("folio-newest-day") { root in
            let folder = try Self.copyCorpus(into: root)
            let (staged, whole) = try Self.expectStaged([folder.path])
            #expect(staged.digests.count == 1)
            #expect(whole.digests.count == Fixtures.files(in: folder).count)
            #expect(staged.digests.first?.shape == .json)
        }
    }

    @Test("The bundled samples: no dates in their names, so all are parsed, up to the policy's limit")
    func samples() throws {
        let paths = [Fixtures.samples.path]
        let fileCount = Fixtures.files(in: Fixtures.samples).count
        _ = try Self.expectStaged(paths)
        let tooMany = DigestLoader.NewestDayPolicy(minimumFiles: 0, minimumBytes: 0, maximumParsedFiles: fileCount - 1)
        #expect(DigestLoader.newestDay(paths: paths, cache: nil, policy: tooMany) == nil)
    }

    @Test("A library of the size it is for, with the default policy; a small one loads whole")
    func defaultPolicy() throws {
        try TemporaryFolder.with("folio-newest-day") { root in
            let large = root.appendingPathComponent("large")
            try RepeatedCorpus.write(cycles: 10, into: large)
            let (staged, whole) = try Self.expectStaged([large.path], policy: DigestLoader.NewestDayPolicy())
            #expect(staged.papers.count < whole.papers.count)
            // Papers of the newest day were listed on earlier days too: the staged one cannot know it.
            let newest = whole.days.last!
            #expect(newest.papers.contains { whole.papers[$0].timesSeen > 1 })
            #expect(staged.papers.allSatisfy { $0.timesSeen == 1 })

            let small = root.appendingPathComponent("small")
            try RepeatedCorpus.write(cycles: 1, into: small)
            #expect(DigestLoader.newestDay(paths: [small.path], cache: nil) == nil)
        }
    }

    @Test("An undated file newer than every dated one is the newest day; an older one is left out")
    func undatedNewest() throws {
        try TemporaryFolder.with("folio-newest-day") { root in
            let folder = try Self.copyCorpus(into: root)
            let undated = folder.appendingPathComponent("saved-from-the-site.txt")
            try Self.compactDigest(["An Undated Listing", "Another Undated Listing"]).write(to: undated)
            let later = DayDate(year: 2026, month: 2, day: 1)
            try FileManager.default.setAttributes([.modificationDate: Self.noon(later)], ofItemAtPath: undated.path)
            let (staged, _) = try Self.expectStaged([folder.path])
            #expect(staged.days.last?.date == later)
            #expect(staged.papers.map(\.title) == ["An Undated Listing", "Another Undated Listing"])

            let earlier = DayDate(year: 2025, month: 1, day: 1)
            try FileManager.default.setAttributes([.modificationDate: Self.noon(earlier)], ofItemAtPath: undated.path)
            let (older, whole) = try Self.expectStaged([folder.path])
            #expect(older.days.last?.date != earlier)
            #expect(whole.days.contains { $0.date == earlier })
        }
    }

    @Test("Two shapes list the newest day: both are read and joined as a whole load joins them")
    func twoShapes() throws {
        try TemporaryFolder.with("folio-newest-day") { root in
            let folder = try Self.copyCorpus(into: root)
            for (day, name) in [("2025-12-27.json", "2026-01-01.json"), ("2025-12-28.txt", "2026-01-01.txt")] {
                try FileManager.default.copyItem(
                    at: Fixtures.corpus.appendingPathComponent(day), to: folder.appendingPathComponent(name))
            }
            let (staged, whole) = try Self.expectStaged([folder.path])
            #expect(staged.days.last?.digests.count == 2)
            // The same paper in both: one paper, listed twice that day.
            let newest = whole.days.last!
            #expect(newest.papers.contains { id in whole.papers[id].appearances.count { $0.day == newest.date } > 1 })
        }
    }

    @Test("A newest file without papers, standard input, a missing path: loaded whole")
    func wholeLoads() throws {
        try TemporaryFolder.with("folio-newest-day") { root in
            let folder = try Self.copyCorpus(into: root)
            try Data("[]".utf8).write(to: folder.appendingPathComponent("2026-03-01.json"))
            #expect(DigestLoader.newestDay(paths: [folder.path], cache: nil, policy: Self.always) == nil)
            #expect(DigestLoader.load(paths: [folder.path]).days.last?.date == DayDate(year: 2025, month: 12, day: 31))
            let file = Fixtures.corpus.appendingPathComponent("2025-12-31.json").path
            #expect(DigestLoader.newestDay(paths: [file, "-"], cache: nil, policy: Self.always) == nil)
            let missing = root.appendingPathComponent("missing").path
            #expect(DigestLoader.newestDay(paths: [file, missing], cache: nil, policy: Self.always) == nil)
            _ = try Self.expectStaged([file])
        }
    }

    @Test("The daily case: a new day's file beside the cache of the others")
    func newDayBesideTheCache() throws {
        try TemporaryFolder.with("folio-newest-day") { root in
            let folder = try Self.copyCorpus(into: root)
            let cache = LibraryCache(path: root.appendingPathComponent("cache/library.cache").path)
            var timings = DigestLoader.Timings()
            let before = DigestLoader.load(paths: [folder.path], cache: cache, timings: &timings)
            #expect(cache.refresh(paths: [folder.path], firstFrame: (before, timings.loadedFiles!)).failure == nil)
            // Staged straight from the cache's sections while nothing changed (its first frame would serve).
            _ = try Self.expectStaged([folder.path], cache: cache)

            try FileManager.default.copyItem(
                at: Fixtures.corpus.appendingPathComponent("2025-12-30.txt"),
                to: folder.appendingPathComponent("2026-01-01.txt"))
            #expect(DigestLoader.firstFrame(paths: [folder.path], cache: cache) == nil)
            let (staged, _) = try Self.expectStaged([folder.path], cache: cache)
            #expect(staged.days.last?.date == DayDate(year: 2026, month: 1, day: 1))
        }
    }
}
