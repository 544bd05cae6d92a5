import FolioCore
import FolioScreen
import FolioTestSupport
import Foundation
import Testing

@testable import FolioUI

/// A start from the cache draws its first frame from the newest day alone; it must be the frame the whole
/// library draws, marks included, and stay so when the whole library takes its place.
@Suite("First frame from the cache")
struct FirstFrameTests {
    let size = Size(width: 120, height: 40)

    /// The corpus, and two days of its own: a paper in the site's JSON with its arXiv id, then listed again on
    /// the newest day in the compact shape, which has no id. Its key is the id only a join across days gives.
    static func folder(_ root: URL) throws -> String {
        let folder = root.appendingPathComponent("digests")
        try FileManager.default.copyItem(at: Fixtures.corpus, to: folder)
        try Data(
            """
            [{"paper": {"id": "2603.00001", "title": "Shared Across Days", "summary": "Seen first with an id.",
              "authors": [{"name": "A"}], "upvotes": 4, "publishedAt": "2026-03-01T00:00:00.000Z"},
              "title": "Shared Across Days", "publishedAt": "2026-03-01T00:00:00.000Z"}]
            """.utf8
        ).write(to: folder.appendingPathComponent("2026-03-01.json"))
        try Data(
            "Get trending papers in your email inbox!\nSubscribeShared Across Days\nSeen again, without its id.\nOnly Today\nNew today.\n"
                .utf8
        ).write(to: folder.appendingPathComponent("2026-03-02.txt"))
        return folder.path
    }

    @Test("Marks by arXiv id apply on the first frame, and the frame is the whole library's")
    func sameFrameWithMarks() throws {
        try TemporaryFolder.with("folio-first-frame") { root in
            let folder = try Self.folder(root)
            let cache = LibraryCache(path: root.appendingPathComponent("cache/library.cache").path)
            var timings = DigestLoader.Timings()
            let whole = DigestLoader.load(paths: [folder], cache: cache, timings: &timings)
            #expect(cache.refresh(paths: [folder], firstFrame: (whole, timings.loadedFiles!)).failure == nil)
            let firstFrame = try #require(DigestLoader.firstFrame(paths: [folder], cache: cache))
            #expect(firstFrame.papers.count == whole.days.last!.papers.count)
            #expect(firstFrame.papers.count < whole.papers.count)

            let shared = try #require(whole.papers.first { $0.title == "Shared Across Days" })
            #expect(shared.key == "arxiv:2603.00001", "the newest day's listing alone would give a title key")
            var reading = ReadingState()
            reading.setRead(true, key: shared.key, title: shared.title, at: Fixtures.fixedModification)
            let only = try #require(whole.papers.first { $0.title == "Only Today" })
            reading.setStarred(true, key: only.key, title: only.title, at: Fixtures.fixedModification)

            let now = Fixtures.fixedModification
            var fromCache = AppState(library: firstFrame, size: size, reading: reading, clock: { now })
            let fromFiles = AppState(library: whole, size: size, reading: reading, clock: { now })
            #expect(fromFiles.viewUnread == fromFiles.visible.count - 1)
            #expect(fromCache.viewUnread == fromFiles.viewUnread)
            #expect(fromCache.viewStarred == 1)
            #expect(render(fromCache, size: size).lines == render(fromFiles, size: size).lines)

            // The whole library arrives: the same screen, nothing announced, every day there.
            _ = fromCache.handle(.libraryCompleted(whole))
            #expect(fromCache.library.papers.count == whole.papers.count)
            #expect(fromCache.library.days.count == whole.days.count)
            #expect(render(fromCache, size: size).lines == render(fromFiles, size: size).lines)
        }
    }

    @Test("The whole library keeps the selection made on the first frame")
    func selectionFollows() throws {
        try TemporaryFolder.with("folio-first-frame") { root in
            let folder = try Self.folder(root)
            let cache = LibraryCache(path: root.appendingPathComponent("cache/library.cache").path)
            var timings = DigestLoader.Timings()
            let whole = DigestLoader.load(paths: [folder], cache: cache, timings: &timings)
            cache.refresh(paths: [folder], firstFrame: (whole, timings.loadedFiles!))
            let firstFrame = try #require(DigestLoader.firstFrame(paths: [folder], cache: cache))
            var state = AppState(library: firstFrame, size: size)
            _ = state.handle(.key(.char("j")))
            let chosen = try #require(state.selectedPaper?.key)
            _ = state.handle(.libraryCompleted(whole))
            #expect(state.selectedPaper?.key == chosen)
        }
    }
}
