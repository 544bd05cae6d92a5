import FolioTestSupport
import Foundation
import Synchronization
import Testing

@testable import FolioCore

#if canImport(Glibc)
    import Glibc
#endif

/// The reading state through real files in a temporary folder.
@Suite("Reading state: merging, the file, the store")
struct StateStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    /// Runs `body` with a store on `state.json` in a fresh folder, removed afterwards.
    static func withStore(_ body: (StateStore, _ folder: URL) throws -> Void) rethrows {
        try TemporaryFolder.with { folder in
            try body(StateStore(url: folder.appendingPathComponent("state.json")), folder)
        }
    }

    /// A state with one paper marked read.
    static func marked(_ key: String = "arxiv:1", title: String = "One", at seconds: Double = 1) -> ReadingState {
        var state = ReadingState()
        state.setRead(true, key: key, title: title, at: at(seconds))
        return state
    }

    static func files(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    // MARK: - ReadingState

    @Test("Per mark, the newer change wins a merge; a change with a time beats none")
    func mergeNewestWins() {
        var mine = ReadingState()
        mine.setRead(true, key: "arxiv:1", title: "One", at: Self.at(10))
        mine.setStarred(true, key: "arxiv:1", title: "One", at: Self.at(1))
        var theirs = ReadingState()
        theirs.setRead(false, key: "arxiv:1", title: "One", at: Self.at(5))
        theirs.setStarred(false, key: "arxiv:1", title: "One", at: Self.at(20))
        theirs.papers["arxiv:2"] = PaperMarks(title: "Two", read: true)
        mine.papers["arxiv:2"] = PaperMarks(title: "Two", read: false, readChanged: Self.at(3))

        let merged = mine.merged(with: theirs)
        #expect(merged.isRead("arxiv:1"), "read at 10 beats unread at 5")
        #expect(!merged.isStarred("arxiv:1"), "unstarred at 20 beats starred at 1")
        #expect(!merged.isRead("arxiv:2"), "a change with a time beats a mark with none")
        #expect(merged == theirs.merged(with: mine), "the order of a merge does not matter when times differ")
    }

    @Test("The place with the newer change wins")
    func mergePlace() {
        var old = ReadingState()
        old.setPlace(LastPlace(day: "2026-11-22", allDays: false, paperKey: "arxiv:1", sort: "upvotes"), at: Self.at(1))
        var new = ReadingState()
        new.setPlace(LastPlace(day: nil, allDays: true, paperKey: "arxiv:2", sort: nil), at: Self.at(2))
        #expect(old.merged(with: new).place?.paperKey == "arxiv:2")
        #expect(new.merged(with: old).place?.paperKey == "arxiv:2")
        #expect(ReadingState().merged(with: old).place?.day == "2026-11-22")
    }

    /// The README says two Folios on one file merge "newest change winning per paper"; on equal change times
    /// (to the millisecond, as the file keeps them) ReadingState's documented rule is that `self` wins, so the
    /// order of a merge decides: in a save, the instance saving beats the file.
    @Test("On equal change times the merge keeps self's marks and place: the result depends on the order")
    func mergeTieSelfWins() {
        var mine = ReadingState()
        mine.setRead(true, key: "arxiv:1", title: "One", at: Self.at(7))
        mine.setStarred(false, key: "arxiv:1", title: "One", at: Self.at(8))
        mine.setPlace(LastPlace(day: "2026-11-22", paperKey: "arxiv:1"), at: Self.at(9))
        var theirs = ReadingState()
        theirs.setRead(false, key: "arxiv:1", title: "One, renamed", at: Self.at(7))
        theirs.setStarred(true, key: "arxiv:1", title: "One, renamed", at: Self.at(8))
        theirs.setPlace(LastPlace(allDays: true, paperKey: "arxiv:2"), at: Self.at(9))

        // Both ways round: each side keeps its own marks, title and place.
        #expect(mine.merged(with: theirs) == mine)
        #expect(theirs.merged(with: mine) == theirs)
        #expect(mine.merged(with: theirs) != theirs.merged(with: mine), "equal times: the order of a merge decides")
        // Equal marks at equal times agree whatever the order.
        #expect(mine.merged(with: mine) == mine)
        // Equal times per mark, not per paper: a newer star still crosses over while the read mark ties.
        var newerStar = theirs
        newerStar.setStarred(true, key: "arxiv:1", title: "One, renamed", at: Self.at(8.001))
        let merged = mine.merged(with: newerStar)
        #expect(
            merged.isRead("arxiv:1") && merged.isStarred("arxiv:1"), "the read mark ties (mine kept), the star is newer"
        )
        #expect(newerStar.merged(with: mine).isStarred("arxiv:1") && !newerStar.merged(with: mine).isRead("arxiv:1"))
        // Neither side with a time is a tie too: self's mark stays.
        let untimed = ReadingState(papers: ["arxiv:3": PaperMarks(title: "Three", read: true)])
        let untimedOther = ReadingState(papers: ["arxiv:3": PaperMarks(title: "Three", read: false, starred: true)])
        #expect(untimed.merged(with: untimedOther) == untimed)
        #expect(untimedOther.merged(with: untimed) == untimedOther)
    }

    @Test("A save that ties with the file at the same millisecond keeps the saver's mark, whichever instance saves")
    func saveTieSaverWins() throws {
        // Read at 7 here; unread at 7 there, starred so that the entry (and its read time) is written to the file.
        var reader = ReadingState()
        reader.setRead(true, key: "arxiv:1", title: "One", at: Self.at(7))
        var other = ReadingState()
        other.setRead(false, key: "arxiv:1", title: "One", at: Self.at(7))
        other.setStarred(true, key: "arxiv:1", title: "One", at: Self.at(7))
        try Self.withStore { first, _ in
            let second = StateStore(url: first.url)
            _ = try first.save(reader)
            let secondSaved = try second.save(other)
            #expect(
                !secondSaved.isRead("arxiv:1") && secondSaved.isStarred("arxiv:1"), "the second to save wins the tie")
            #expect(!StateStore(url: first.url).load().state.isRead("arxiv:1"))
            let firstSaved = try first.save(reader)
            #expect(
                firstSaved.isRead("arxiv:1") && firstSaved.isStarred("arxiv:1"), "saving again, the first wins it back")
            #expect(StateStore(url: first.url).load().state.isRead("arxiv:1"))
        }
    }

    @Test("A paper known by two keys with marks at equal times takes the first key's")
    func keysTieFirstWins() {
        var state = ReadingState()
        state.setRead(true, key: "arxiv:1", title: "One", at: Self.at(7))
        state.setRead(false, key: "title:one", title: "One", at: Self.at(7))
        #expect(state.isRead(["arxiv:1", "title:one"]))
        #expect(!state.isRead(["title:one", "arxiv:1"]))
    }

    @Test("Marks saved under the title key are found once the paper is known by arXiv id")
    func titleKeyFound() throws {
        try Self.withStore { store, _ in
            var state = Self.marked("title:fast attention", title: "Fast Attention")
            state.setStarred(true, key: "arxiv:2512.04677", title: "Fast Attention", at: Self.at(2))
            _ = try store.save(state)

            let loaded = StateStore(url: store.url).load().state
            let keys = ["arxiv:2512.04677", "title:fast attention"]
            let marks = try #require(loaded.marks(for: keys))
            #expect(marks.read && marks.starred)
            #expect(loaded.isRead(keys) && loaded.isStarred(keys))
            #expect(!loaded.isRead("arxiv:2512.04677"), "by one key alone only that key's marks count")
            #expect(loaded.marks(for: ["arxiv:9999.99999"]) == nil)
        }
    }

    @Test("Marks found for a whole library are each paper's marks by its keys, conflicts merged the same way")
    func marksByPaperAgreeWithKeys() {
        let library = Fixtures.corpusLibrary()
        #expect(ReadingState().marksByPaper(in: library).isEmpty)
        var state = ReadingState()
        for (index, paper) in library.papers.enumerated() where index % 3 != 0 {
            // Under the id, under the title, or both with marks that disagree at other times; and keys of nothing.
            if index % 3 == 1 || paper.arxivID == nil {
                state.setRead(index % 2 == 0, key: paper.titleKey, title: paper.title, at: Self.at(Double(index)))
            }
            if paper.arxivID != nil {
                state.setStarred(true, key: paper.key, title: paper.title, at: Self.at(Double(index)))
                state.setRead(index % 4 == 1, key: paper.key, title: paper.title, at: Self.at(Double(1_000 - index)))
            }
        }
        state.setRead(true, key: "arxiv:0000.00000", title: "none", at: Self.at(1))
        state.setRead(true, key: "title:no such paper", title: "none", at: Self.at(1))
        state.setRead(true, key: "elsewhere", title: "none", at: Self.at(1))
        let expected = library.papers.compactMap { paper in state.marks(for: paper.markKeys).map { (paper.id, $0) } }
        let found = state.marksByPaper(in: library)
        #expect(found.count > library.papers.count / 2)
        #expect(found.map(\.paper) == expected.map(\.0))
        #expect(found.map(\.marks) == expected.map(\.1))
        // Each paper found again by its key, by arXiv id or by title, and nothing by a key of nothing.
        #expect(library.papers.allSatisfy { library.paper(forKey: $0.key) == $0.id })
        #expect(library.papers.contains { $0.arxivID != nil } && library.papers.contains { $0.arxivID == nil })
        #expect(library.paper(forKey: "title:no such paper") == nil && library.paper(forKey: "elsewhere") == nil)
        let (read, starred) = state.markedSets(in: library)
        #expect(read.count == expected.filter { $0.1.read }.count)
        #expect(starred.count == expected.filter { $0.1.starred }.count)
    }

    @Test("Unmarking by all of a paper's keys clears the mark saved under its title key too")
    func unmarkByAllKeys() throws {
        try Self.withStore { store, _ in
            var state = Self.marked("title:fast attention", title: "Fast Attention")
            state = try store.save(state)
            state.setRead(
                false, keys: ["arxiv:2512.04677", "title:fast attention"], title: "Fast Attention", at: Self.at(2))
            #expect(!state.isRead(["arxiv:2512.04677", "title:fast attention"]))
            _ = try store.save(state)
            let loaded = StateStore(url: store.url).load().state
            #expect(!loaded.isRead(["arxiv:2512.04677", "title:fast attention"]))
            #expect(loaded.papers.isEmpty, "nothing marked is left, so nothing is written")
        }
    }

    // MARK: - The file

    @Test("A save and a load give the same state back, change times to the millisecond")
    func roundTrip() throws {
        try Self.withStore { store, _ in
            var state = ReadingState()
            state.setRead(true, key: "arxiv:2512.04677", title: "Sparse \"Attention\" \\ Café 注意", at: Self.at(0.25))
            state.setStarred(
                true, key: "arxiv:2512.04677", title: "Sparse \"Attention\" \\ Café 注意", at: Self.at(-86_400 * 400))
            state.setStarred(
                true, key: "title:tabs\tand\nnewlines", title: "Tabs\tand\nnewlines \u{1}", at: Self.at(0.0004))
            state.setPlace(
                LastPlace(
                    day: "2026-11-23", allDays: false, paperKey: "arxiv:2512.04677", sort: "upvotes",
                    latestDay: "2026-11-24"), at: Self.at(7))
            let saved = try store.save(state)
            #expect(saved == state)

            let (loaded, messages) = StateStore(url: store.url).load()
            #expect(messages == [])
            #expect(loaded == state)
        }
    }

    @Test("The file: JSON with version 2, sorted and indented, ISO dates, only marked papers")
    func fileFormat() throws {
        try Self.withStore { store, _ in
            var state = ReadingState()
            state.setRead(true, key: "arxiv:2512.2", title: "Two", at: Date(timeIntervalSince1970: 1_795_428_000))
            state.setStarred(true, key: "arxiv:2512.1", title: "One", at: Date(timeIntervalSince1970: 1_795_428_000.5))
            state.setRead(true, key: "arxiv:2512.3", title: "Three", at: Self.at(1))
            state.setRead(false, key: "arxiv:2512.3", title: "Three", at: Self.at(2))
            _ = try store.save(state)

            let data = try Data(contentsOf: store.url)
            let text = String(decoding: data, as: UTF8.self)
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(json["version"] as? Int == 2)
            let papers = try #require(json["papers"] as? [String: [String: Any]])
            #expect(papers.keys.sorted() == ["arxiv:2512.1", "arxiv:2512.2"], "the unmarked paper is not written")
            #expect(papers["arxiv:2512.2"]?["readChanged"] as? String == "2026-11-23T10:00:00Z")
            #expect(papers["arxiv:2512.2"]?["starred"] as? Bool == false)
            #expect(papers["arxiv:2512.2"]?["starredChanged"] == nil)
            #expect(papers["arxiv:2512.1"]?["starredChanged"] as? String == "2026-11-23T10:00:00.500Z")
            #expect(text.hasPrefix("{\n  \"papers\": {\n    \"arxiv:2512.1\": {\n      \"read\": false,\n"))
            #expect(text.hasSuffix("\n  \"version\": 2\n}\n"))
            let one = try #require(text.range(of: "arxiv:2512.1"))
            let two = try #require(text.range(of: "arxiv:2512.2"))
            #expect(one.lowerBound < two.lowerBound)
        }
    }

    @Test("A file written by hand: offsets, escapes, nulls and unknown fields read")
    func handWritten() throws {
        try Self.withStore { store, _ in
            let text = #"""
                {"version": 1, "comment": ["anything", {"goes": null}, 1.5e3],
                 "papers": {"title:caf\u00e9 \ud83d\ude00": {"title": "Caf\u00e9", "read": true, "readChanged": "2026-11-23T12:00:00+02:00",
                                                              "starred": null, "extra": {}},
                            "arxiv:1": {"starred": true}},
                 "place": {"allDays": true, "day": null}, "placeChanged": null}
                """#
            try Data(text.utf8).write(to: store.url)
            let (state, messages) = store.load()
            #expect(messages == [])
            let marks = try #require(state.papers["title:café 😀"])
            #expect(marks.title == "Café" && marks.read && !marks.starred)
            #expect(marks.readChanged == Date(timeIntervalSince1970: 1_795_428_000))
            #expect(state.papers["arxiv:1"] == PaperMarks(title: "", starred: true))
            #expect(state.place == LastPlace(allDays: true))
        }
    }

    @Test("The file is mode 0600 and missing folders are made")
    func modeAndFolders() throws {
        try TemporaryFolder.with { folder in
            let url = folder.appendingPathComponent("a/b/c/state.json")
            _ = try StateStore(url: url).save(Self.marked())
            var info = stat()
            #expect(stat(url.path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)
            #expect(
                Self.files(in: url.deletingLastPathComponent()) == ["state.json", "state.json.lock"],
                "no temporary file is left behind")
        }
    }

    @Test("A missing file is an empty state and no message")
    func missingFile() {
        Self.withStore { store, _ in
            let (state, messages) = store.load()
            #expect(state == ReadingState())
            #expect(messages == [])
        }
    }

    @Test("The default place: $XDG_STATE_HOME/folio, else ~/.local/state/folio")
    func defaultURL() {
        #expect(
            StateStore.defaultURL(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/a"]).path
                == "/x/state/folio/state.json")
        #expect(StateStore.defaultURL(environment: ["HOME": "/home/a"]).path == "/home/a/.local/state/folio/state.json")
        #expect(
            StateStore.defaultURL(environment: ["XDG_STATE_HOME": "", "HOME": "/home/a"]).path
                == "/home/a/.local/state/folio/state.json")
    }

    // MARK: - Two writers

    @Test("Two writers on one file: neither loses the other's marks, and a later unmark wins")
    func twoWriters() throws {
        try Self.withStore { first, _ in
            let second = StateStore(url: first.url)
            var a = ReadingState()
            var b = ReadingState()

            a.setRead(true, key: "arxiv:1", title: "One", at: Self.at(1))
            a = try first.save(a)
            b.setStarred(true, key: "arxiv:2", title: "Two", at: Self.at(2))
            b = try second.save(b)
            #expect(b.isRead("arxiv:1") && b.isStarred("arxiv:2"), "the second sees the first's mark")
            a.setRead(true, key: "arxiv:3", title: "Three", at: Self.at(3))
            a = try first.save(a)
            #expect(a.isRead("arxiv:1") && a.isStarred("arxiv:2") && a.isRead("arxiv:3"))

            // The second unmarks paper 1, which the first still holds as read from before: the unmark is later.
            b.setRead(false, key: "arxiv:1", title: "One", at: Self.at(4))
            b = try second.save(b)
            a.setStarred(true, key: "arxiv:3", title: "Three", at: Self.at(5))
            a = try first.save(a)
            #expect(!a.isRead("arxiv:1"), "the later unmark wins over the first's older mark")

            // An unmark made before another writer's mark loses to it.
            b.setRead(false, key: "arxiv:4", title: "Four", at: Self.at(6))
            a.setRead(true, key: "arxiv:4", title: "Four", at: Self.at(7))
            a = try first.save(a)
            b = try second.save(b)
            #expect(b.isRead("arxiv:4"))

            // And an unmark made after a mark saved elsewhere wins, from memory (a tombstone, never written).
            a.setStarred(true, key: "arxiv:5", title: "Five", at: Self.at(8))
            b.setStarred(false, key: "arxiv:5", title: "Five", at: Self.at(9))
            a = try first.save(a)
            b = try second.save(b)
            #expect(!b.isStarred("arxiv:5"))

            let final = StateStore(url: first.url).load().state
            #expect(
                final.isRead("arxiv:3") && final.isStarred("arxiv:3") && final.isStarred("arxiv:2")
                    && final.isRead("arxiv:4"))
            #expect(!final.isRead("arxiv:1") && !final.isStarred("arxiv:5"))
            #expect(Set(final.papers.keys) == ["arxiv:2", "arxiv:3", "arxiv:4"])
        }
    }

    @Test("Saves from many threads and stores at once lose nothing: the lock serialises them")
    func concurrentSaves() {
        Self.withStore { first, _ in
            let url = first.url
            let failures = Mutex(0)
            DispatchQueue.concurrentPerform(iterations: 4) { writer in
                let store = StateStore(url: url)
                var state = ReadingState()
                for paper in 0..<25 {
                    state.setRead(
                        true, key: "title:writer \(writer) paper \(paper)", title: "W\(writer) P\(paper)", at: Date())
                    do { state = try store.save(state) } catch { failures.withLock { $0 += 1 } }
                }
            }
            #expect(failures.withLock { $0 } == 0)
            let (state, messages) = StateStore(url: url).load()
            #expect(messages == [])
            #expect(state.papers.count == 100)
        }
    }

    // MARK: - Bad files

    static let badFiles: [(name: String, bytes: [UInt8], reason: String)] = [
        ("not JSON", Array("this is not json {".utf8), "not JSON"),
        ("unknown version", Array(#"{"version": 0, "papers": {}}"#.utf8), "version 0"),
        (
            "wrong types", Array(#"{"version": 1, "papers": {"arxiv:1": {"title": "One", "read": "yes"}}}"#.utf8),
            #""read" of paper "arxiv:1" is a string, not true or false"#
        ),
        ("half written", Array(#"{"version": 1, "papers": {"arxiv:1": {"title": "On"#.utf8), "not JSON"),
        ("no version", Array(#"{"papers": {}}"#.utf8), "no \"version\""),
        ("a list", Array("[1, 2]".utf8), "a list, not a JSON object"),
    ]

    @Test("A bad file is moved aside whole, with a message, and the state starts empty", arguments: 0..<badFiles.count)
    func badFileMovedAside(_ index: Int) throws {
        let bad = Self.badFiles[index]
        try Self.withStore { store, folder in
            try Data(bad.bytes).write(to: store.url)

            let (state, messages) = store.load()
            #expect(state == ReadingState(), "\(bad.name)")
            let aside = try #require(
                Self.files(in: folder).first { $0.hasPrefix("state.json.corrupt-") }, "\(bad.name)")
            #expect(!FileManager.default.fileExists(atPath: store.url.path), "\(bad.name)")
            #expect(
                Array(try Data(contentsOf: folder.appendingPathComponent(aside))) == bad.bytes,
                "\(bad.name): bytes intact")
            #expect(
                aside.range(of: #"^state\.json\.corrupt-\d{8}-\d{6}$"#, options: .regularExpression) != nil, "\(aside)")
            let message = try #require(messages.first, "\(bad.name)")
            #expect(messages.count == 1)
            #expect(message.contains(store.url.path), "\(message)")
            #expect(message.contains(folder.appendingPathComponent(aside).path), "\(message)")
            #expect(message.contains(bad.reason), "\(message)")
        }
    }

    @Test("A bad file found at save time is moved aside, never lost, and ours is written")
    func badFileAtSave() throws {
        try Self.withStore { store, folder in
            var state = Self.marked()
            state = try store.save(state)
            let garbage = Array("{\"version\": 1, \"papers\": tru".utf8)
            try Data(garbage).write(to: store.url)

            var messages: [String] = []
            _ = try store.save(state, messages: &messages)
            #expect(messages.count == 1)
            let aside = try #require(Self.files(in: folder).first { $0.hasPrefix("state.json.corrupt-") })
            #expect(Array(try Data(contentsOf: folder.appendingPathComponent(aside))) == garbage)
            #expect(StateStore(url: store.url).load().state.isRead("arxiv:1"))

            // A second bad file in the same second gets a name of its own.
            try Data(garbage + [0x20]).write(to: store.url)
            _ = try store.save(state)
            #expect(Self.files(in: folder).filter { $0.hasPrefix("state.json.corrupt-") }.count == 2)
        }
    }

    @Test("A folder that cannot be made: the error names the path and the system's reason")
    func unwritableFolder() throws {
        try TemporaryFolder.with { folder in
            // A regular file where a folder should be stops root too, unlike chmod.
            let blocker = folder.appendingPathComponent("blocker")
            try Data("x".utf8).write(to: blocker)
            let store = StateStore(url: blocker.appendingPathComponent("sub/state.json"))
            let error = try #require(throws: StateStoreError.self) { try store.save(Self.marked()) }
            #expect(error.description.contains(blocker.appendingPathComponent("sub").path), "\(error)")
            #expect(error.description.contains("Not a directory"), "\(error)")
            #expect(error.localizedDescription == error.description)
            let (loaded, messages) = store.load()
            #expect(loaded == ReadingState())
            #expect(messages.count == 1 && messages[0].contains("Not a directory"), "\(messages)")
        }
    }
}
