import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

/// Tags and notes through the real state file: version 2, the upgrade from version 1, and merges of two
/// writers and of sync programs' conflict copies.
@Suite("Reading state: tags, notes, version 2, conflict copies")
struct StateLayerTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }
    static let key = "arxiv:2512.00001"
    static let keys = [key]

    static func withFolder(_ body: (URL, StateStore) throws -> Void) throws {
        try TemporaryFolder.with { folder in
            try body(folder, StateStore(url: folder.appendingPathComponent("state.json")))
        }
    }

    static func files(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    // MARK: - Round trips

    @Test("Tags (with a removal's tombstone) and a note survive a save and a load by another store")
    func roundTrip() throws {
        try Self.withFolder { folder, store in
            var state = ReadingState()
            state.setTag("sae", on: true, keys: Self.keys, title: "One", at: Self.at(1))
            state.setTag("old", on: true, keys: Self.keys, title: "One", at: Self.at(2))
            state.setTag("old", on: false, keys: Self.keys, title: "One", at: Self.at(3))
            state.setNote(
                "first line\n\"quoted\" \u{1B}[31m and ünïcode", keys: Self.keys, title: "One", at: Self.at(4))
            state.setNote("second version", keys: Self.keys, title: "One", at: Self.at(5))
            _ = try store.save(state)

            let (loaded, messages) = StateStore(url: store.url).load()
            #expect(messages == [])
            #expect(loaded == state)
            #expect(loaded.tags(for: Self.keys) == ["sae"])
            #expect(loaded.note(for: Self.keys) == "second version")
            #expect(loaded.marks(for: Self.keys)?.note?.earlier == [Self.at(4)])
            // Read back independently: the file holds the tombstone and the note's history.
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: store.url)) as? [String: Any])
            #expect(json["version"] as? Int == 2)
            let paper = try #require((json["papers"] as? [String: [String: Any]])?[Self.key])
            let tags = try #require(paper["tags"] as? [String: [String: Any]])
            #expect(tags["old"]?["on"] as? Bool == false)
            #expect(tags["sae"]?["on"] as? Bool == true)
            #expect((paper["note"] as? [String: Any])?["text"] as? String == "second version")
        }
    }

    @Test("A paper with only a tag, or only a deleted note, is still written (its change must merge)")
    func tombstonesAreWritten() throws {
        try Self.withFolder { _, store in
            var state = ReadingState()
            state.setTag("x", on: true, keys: ["arxiv:1"], title: "One", at: Self.at(1))
            state.setTag("x", on: false, keys: ["arxiv:1"], title: "One", at: Self.at(2))
            state.setNote("gone", keys: ["arxiv:2"], title: "Two", at: Self.at(1))
            state.setNote("", keys: ["arxiv:2"], title: "Two", at: Self.at(2))
            _ = try store.save(state)
            let loaded = StateStore(url: store.url).load().state
            #expect(loaded.papers.keys.sorted() == ["arxiv:1", "arxiv:2"])
            #expect(loaded.tags(for: ["arxiv:1"]) == [])
            #expect(loaded.note(for: ["arxiv:2"]) == nil)
        }
    }

    // MARK: - Version 1

    @Test("A version 1 file written by the old folio is read, upgraded on save, and kept beside as state.v1.json")
    func upgradeFromVersion1() throws {
        try Self.withFolder { folder, store in
            let original = try Data(contentsOf: Fixtures.stateVersion1)
            try original.write(to: store.url)
            // What the file says, read independently of the state reader.
            let json = try #require(try JSONSerialization.jsonObject(with: original) as? [String: Any])
            let papers = try #require(json["papers"] as? [String: [String: Any]])
            let readKeys = papers.filter { $0.value["read"] as? Bool == true }.keys.sorted()
            let starredKeys = papers.filter { $0.value["starred"] as? Bool == true }.keys.sorted()
            #expect(!readKeys.isEmpty && !starredKeys.isEmpty)

            var (state, messages) = store.load()
            #expect(messages == [])
            #expect(state.papers.filter { $0.value.read }.keys.sorted() == readKeys)
            #expect(state.papers.filter { $0.value.starred }.keys.sorted() == starredKeys)
            #expect(state.place?.paperKey == (json["place"] as? [String: Any])?["paperKey"] as? String)
            #expect(!Self.files(in: folder).contains("state.v1.json"), "nothing is written by a load")

            state.setTag("later", on: true, keys: [readKeys[0]], title: "", at: Date())
            _ = try store.save(state)
            #expect(try Data(contentsOf: folder.appendingPathComponent("state.v1.json")) == original)
            let upgraded = StateStore(url: store.url).load().state
            #expect(upgraded.papers.filter { $0.value.read }.keys.sorted() == readKeys)
            #expect(upgraded.tags(for: [readKeys[0]]) == ["later"])
            let version = (try JSONSerialization.jsonObject(with: Data(contentsOf: store.url)) as? [String: Any])?[
                "version"]
            #expect(version as? Int == 2)

            // The copy is made once: a later version 1 file replaced again leaves the first copy as it was.
            try Data(#"{"papers": {}, "version": 1}"#.utf8).write(to: store.url)
            _ = try StateStore(url: store.url).save(ReadingState())
            #expect(try Data(contentsOf: folder.appendingPathComponent("state.v1.json")) == original)
        }
    }

    // MARK: - Merges

    /// One merge case: what both writers start from, what each does, and what the merged file must hold.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var base: @Sendable (inout ReadingState) -> Void
        var here: @Sendable (inout ReadingState) -> Void
        var there: @Sendable (inout ReadingState) -> Void
        var tags: [String]
        /// The note, or the texts it must contain (a conflict keeps both).
        var note: String?
        var noteContains: [String] = []
        var testDescription: String { name }
    }

    static func tag(_ name: String, _ on: Bool, _ seconds: Double) -> @Sendable (inout ReadingState) -> Void {
        { $0.setTag(name, on: on, keys: keys, title: "One", at: at(seconds)) }
    }

    static func note(_ text: String, _ seconds: Double) -> @Sendable (inout ReadingState) -> Void {
        { $0.setNote(text, keys: keys, title: "One", at: at(seconds)) }
    }

    static let nothing: @Sendable (inout ReadingState) -> Void = { _ in }

    static let cases: [Case] = [
        Case(name: "add/add", base: nothing, here: tag("a", true, 10), there: tag("b", true, 11), tags: ["a", "b"]),
        Case(
            name: "add/add the same", base: nothing, here: tag("a", true, 10), there: tag("a", true, 11), tags: ["a"]),
        Case(
            name: "add/remove, the removal newer", base: tag("a", true, 1), here: tag("b", true, 10),
            there: tag("a", false, 11), tags: ["b"]),
        Case(
            name: "remove/add again, the addition newer", base: tag("a", true, 1), here: tag("a", false, 10),
            there: tag("a", true, 11), tags: ["a"]),
        Case(
            name: "edit/unchanged", base: note("base", 1), here: note("edited here", 10), there: nothing, tags: [],
            note: "edited here"),
        Case(
            name: "unchanged/edit", base: note("base", 1), here: nothing, there: note("edited there", 10), tags: [],
            note: "edited there"),
        Case(
            name: "edit/edit keeps both, marked", base: note("base", 1), here: note("mine", 10),
            there: note("theirs", 11), tags: [], note: nil,
            noteContains: ["<<<<<<< this copy", "mine", "=======", "theirs", ">>>>>>> other copy"]),
        Case(
            name: "delete/edit keeps the edit", base: note("base", 1), here: note("", 12),
            there: note("theirs", 11), tags: [], note: "theirs"),
        Case(
            name: "edit/delete keeps the edit", base: note("base", 1), here: note("mine", 10), there: note("", 11),
            tags: [], note: "mine"),
    ]

    static func check(_ merged: ReadingState, _ test: Case) {
        #expect(merged.tags(for: keys) == test.tags, "\(test.name)")
        let text = merged.note(for: keys)
        if let note = test.note { #expect(text == note, "\(test.name): \(text ?? "nil")") }
        for part in test.noteContains { #expect(text?.contains(part) == true, "\(test.name): \(text ?? "nil")") }
        if test.note == nil, test.noteContains.isEmpty { #expect(text == nil, "\(test.name)") }
    }

    @Test("Two folios saving to one file merge tags per tag by time and notes by version", arguments: cases)
    func twoWriters(_ test: Case) throws {
        try Self.withFolder { _, store in
            var base = ReadingState()
            test.base(&base)
            _ = try store.save(base)
            let here = StateStore(url: store.url)
            let there = StateStore(url: store.url)
            var mine = here.load().state
            var theirs = there.load().state
            test.here(&mine)
            test.there(&theirs)
            _ = try there.save(theirs)
            let merged = try here.save(mine)
            Self.check(merged, test)
            // The file holds the same, and a third reader sees it.
            Self.check(StateStore(url: store.url).load().state, test)
            // Saving again from the other side changes nothing more: no conflict is made twice.
            let again = try there.save(try there.save(theirs))
            #expect(again.note(for: Self.keys) == merged.note(for: Self.keys), "\(test.name)")
        }
    }

    @Test("Conflict copies beside the file are merged at start, then moved into state.merged/", arguments: cases)
    func conflictCopies(_ test: Case) throws {
        try Self.withFolder { folder, store in
            var base = ReadingState()
            test.base(&base)
            var mine = base
            var theirs = base
            test.here(&mine)
            test.there(&theirs)
            _ = try store.save(mine)
            let copyName = "state.sync-conflict-20261123-100000-ABCDEFG.json"
            let copyBytes = StateFile.encode(theirs)
            try Data(copyBytes).write(to: folder.appendingPathComponent(copyName))

            let (loaded, messages) = StateStore(url: store.url).load()
            Self.check(loaded, test)
            Self.check(StateStore(url: store.url).load().state, test)
            #expect(messages.count == 1 && messages[0].contains("Merged 1 conflict copy"), "\(messages)")
            #expect(!Self.files(in: folder).contains(copyName))
            let moved = folder.appendingPathComponent("state.merged").appendingPathComponent(copyName)
            #expect(try Data(contentsOf: moved) == Data(copyBytes), "moved whole, never deleted")
        }
    }

    @Test("Syncthing's, Dropbox's and Nextcloud's names are conflict copies; other files are not")
    func conflictCopyNames() {
        let copies = [
            "state.sync-conflict-20261123-100000-ABCDEFG.json",
            "state (Ann's conflicted copy 2026-11-23).json",
            "state (conflicted copy 2026-11-23 100000).json",
        ]
        let others = [
            "state.json", "state.json.lock", "state.v1.json", "state.json.corrupt-20261123-100000",
            "history.sync-conflict-1.json", "state (copy).json", "state.sync-conflict-1.json.tmp",
        ]
        for name in copies { #expect(StateStore.isConflictCopy(name, stem: "state"), "\(name)") }
        for name in others { #expect(!StateStore.isConflictCopy(name, stem: "state"), "\(name)") }
    }

    @Test("Every copy is merged in one go; a broken one is moved aside unmerged, with a message")
    func brokenAndSeveralCopies() throws {
        try Self.withFolder { folder, store in
            _ = try store.save(ReadingState())
            var one = ReadingState()
            one.setTag("from-dropbox", on: true, keys: Self.keys, title: "One", at: Self.at(1))
            var two = ReadingState()
            two.setRead(true, key: "arxiv:2", title: "Two", at: Self.at(2))
            let dropbox = "state (Ann's conflicted copy 2026-11-23).json"
            let nextcloud = "state (conflicted copy 2026-11-23 100000).json"
            let broken = "state.sync-conflict-20261123-100000-BROKEN1.json"
            try Data(StateFile.encode(one)).write(to: folder.appendingPathComponent(dropbox))
            try Data(StateFile.encode(two)).write(to: folder.appendingPathComponent(nextcloud))
            try Data("{\"papers\": {".utf8).write(to: folder.appendingPathComponent(broken))

            let (loaded, messages) = StateStore(url: store.url).load()
            #expect(loaded.tags(for: Self.keys) == ["from-dropbox"])
            #expect(loaded.isRead("arxiv:2"))
            #expect(messages.contains { $0.contains("Merged 2 conflict copies") }, "\(messages)")
            #expect(messages.contains { $0.contains(broken) && $0.contains("not merged") }, "\(messages)")
            let aside = Self.files(in: folder.appendingPathComponent("state.merged"))
            #expect(aside == [broken, dropbox, nextcloud].sorted())
            #expect(Self.files(in: folder).filter { StateStore.isConflictCopy($0, stem: "state") } == [])
        }
    }

    @Test("A copy that appears while folio runs is merged by the next save")
    func copyMergedOnSave() throws {
        try Self.withFolder { folder, store in
            var mine = ReadingState()
            mine.setTag("here", on: true, keys: Self.keys, title: "One", at: Self.at(1))
            _ = try store.save(mine)
            var theirs = ReadingState()
            theirs.setTag("there", on: true, keys: Self.keys, title: "One", at: Self.at(2))
            try Data(StateFile.encode(theirs)).write(
                to: folder.appendingPathComponent("state.sync-conflict-20261123-1-X.json"))
            var messages: [String] = []
            let merged = try store.save(mine, messages: &messages)
            #expect(merged.tags(for: Self.keys) == ["here", "there"])
            #expect(messages.first?.contains("Merged 1 conflict copy") == true, "\(messages)")
        }
    }
}
