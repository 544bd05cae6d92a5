import FolioCore
import FolioScreen
import FolioTestSupport
import Foundation
import Testing

@testable import FolioUI

/// A start without a current cache draws the newest day's files alone first: its list must be the whole
/// library's newest day, what it cannot know yet is not shown, and the whole library takes its place as after
/// the cache's first frame.
@Suite("First frame of the newest day's files alone")
struct StagedFirstFrameTests {
    /// Stacked panes: the list's rows are whole lines of the screen.
    let size = Size(width: 100, height: 30)
    let now = Fixtures.fixedModification

    /// The test corpus, a newest day in two shapes (a paper in both), and a broken file on an older day.
    static func folder(_ root: URL, broken: Bool = true) throws -> String {
        let folder = root.appendingPathComponent("digests")
        try FileManager.default.copyItem(at: Fixtures.corpus, to: folder)
        for (day, name) in [("2025-12-27.json", "2026-01-01.json"), ("2025-12-28.txt", "2026-01-01.txt")] {
            try FileManager.default.copyItem(
                at: Fixtures.corpus.appendingPathComponent(day), to: folder.appendingPathComponent(name))
        }
        if broken {
            try Data([0x54, 0x69, 0xFF, 0x0A, 0x0A]).write(to: folder.appendingPathComponent("2025-12-05-broken.txt"))
        }
        return folder.path
    }

    static let always = DigestLoader.NewestDayPolicy(minimumFiles: 0, minimumBytes: 0)

    func lines(_ state: AppState, _ rect: Rect) -> [String] {
        Array(render(state, size: size).lines[rect.row..<(rect.row + rect.height)])
    }

    func statusLine(_ state: AppState) -> String { render(state, size: size).lines.last! }

    @Test("The list is the whole library's newest day; earlier listings are not claimed; the whole replaces it")
    func sameListThenWhole() throws {
        try TemporaryFolder.with("folio-staged") { root in
            let folder = try Self.folder(root)
            let staged = try #require(DigestLoader.newestDay(paths: [folder], cache: nil, policy: Self.always))
            let whole = DigestLoader.load(paths: [folder])
            var first = AppState(library: staged, size: size, clock: { now })
            let fromFiles = AppState(library: whole, size: size, clock: { now })
            let list = fromFiles.layout.list
            #expect(!fromFiles.layout.sideBySide)
            #expect(fromFiles.visible.count > list.height / 2, "a list worth comparing")
            #expect(lines(first, list) == lines(fromFiles, list))
            #expect(first.visible.map { staged.papers[$0].title } == fromFiles.visible.map { whole.papers[$0].title })

            // A paper of the newest day seen before: the whole library says so, the staged one does not guess.
            let seenBefore = try #require(
                fromFiles.visible.firstIndex { whole.papers[$0].timesSeen > 1 }, "the corpus repeats papers")
            var wholeAtPaper = fromFiles
            for _ in 0..<seenBefore {
                _ = first.handle(.key(.char("j")))
                _ = wholeAtPaper.handle(.key(.char("j")))
            }
            let detail = fromFiles.layout.detail
            #expect(lines(wholeAtPaper, detail).contains { $0.contains("seen on") })
            #expect(!lines(first, detail).contains { $0.contains("seen on") })
            #expect(lines(first, detail).contains { $0.contains("earlier days loading…") })

            // The whole library arrives: the screen is the whole library's, the selection kept, the problem of
            // a file the first frame did not read said.
            #expect(staged.problems.isEmpty)
            let problems = whole.problems.problemCount
            #expect(problems > 0)
            _ = first.handle(.libraryCompleted(whole))
            #expect(first.library.days.count == whole.days.count)
            #expect(first.selectedPaper?.key == wholeAtPaper.selectedPaper?.key)
            #expect(lines(first, list) == lines(wholeAtPaper, list))
            #expect(lines(first, detail) == lines(wholeAtPaper, detail))
            #expect(first.message == AppState.problemsMessage(problems))
        }
    }

    @Test("a and [ while staged do what they do on the cache's first frame")
    func keysAsOnTheCachesFrame() throws {
        try TemporaryFolder.with("folio-staged") { root in
            // Without problems: the cache's frame says them at once, the staged one when the whole arrives.
            let folder = try Self.folder(root, broken: false)
            let staged = try #require(DigestLoader.newestDay(paths: [folder], cache: nil, policy: Self.always))
            let cache = LibraryCache(path: root.appendingPathComponent("cache/library.cache").path)
            var timings = DigestLoader.Timings()
            let whole = DigestLoader.load(paths: [folder], cache: cache, timings: &timings)
            #expect(cache.refresh(paths: [folder], firstFrame: (whole, timings.loadedFiles!)).failure == nil)
            let cached = try #require(DigestLoader.firstFrame(paths: [folder], cache: cache))
            var first = AppState(library: staged, size: size, clock: { now })
            var fromCache = AppState(library: cached, size: size, clock: { now })
            #expect(statusLine(first) == statusLine(fromCache))
            for key in ["a", "a", "[", "]", "a"] {
                _ = first.handle(.key(.char(Character(key))))
                _ = fromCache.handle(.key(.char(Character(key))))
                #expect(statusLine(first) == statusLine(fromCache), "after \(key)")
                #expect(first.visible.count == fromCache.visible.count, "after \(key)")
            }
        }
    }
}
