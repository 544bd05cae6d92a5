import Foundation

/// Version 2 of `state.json`: pretty-printed, keys sorted, dates ISO 8601 in UTC, only marked papers. Version 2
/// adds a paper's `tags` (each on or removed, with its change time: removals are kept as tombstones so merges
/// work) and its `note` (text, change time, and the change times of the versions it replaced); version 1, the
/// same without them, is read too.
///
/// ```
/// {
///   "papers": {
///     "arxiv:2512.04677": {
///       "read": true,
///       "readChanged": "2026-11-23T10:00:00Z",
///       "starred": false,
///       "title": "…",
///       "tags": { "sae": { "changed": "2026-11-23T10:01:00Z", "on": true } },
///       "note": { "changed": "2026-11-23T10:02:00Z", "earlier": [], "text": "…" }
///     }
///   },
///   "place": { "allDays": false, "day": "2026-11-23", "latestDay": "2026-11-23", "paperKey": "arxiv:2512.04677",
///              "sort": "upvotes", "filter": "unread", "search": "agent*", "topics": ["agents"] },
///   "placeChanged": "2026-11-23T10:00:00.250Z",
///   "version": 2
/// }
/// ```
///
/// Written and read by hand, on bytes: for 10,000 marks JSONEncoder (sorted, pretty, ISO dates) took 51 ms and
/// JSONDecoder 40 ms on the 2-core test machine, against 2 ms and 5 ms here; a save has 10 ms in all.
enum StateFile {
    static let version = 2
    /// The versions this folio reads; an older one is upgraded on the next save.
    static let readableVersions = 1...2

    // MARK: Writing

    static func encode(_ state: ReadingState) -> [UInt8] {
        var keys: [String] = []
        var marks: [PaperMarks] = []
        keys.reserveCapacity(state.papers.count)
        marks.reserveCapacity(state.papers.count)
        // Room for the worst case, every byte of every string escaped as \u00XX; the writer checks it anyway.
        var capacity = 512
        for (key, paper) in state.papers where paper.isMarked {
            keys.append(key)
            marks.append(paper)
            capacity +=
                StateFileWriter.entryOverhead + StateFileWriter.room(for: key) + StateFileWriter.room(for: paper.title)
            for tag in paper.tags.keys { capacity += StateFileWriter.tagOverhead + StateFileWriter.room(for: tag) }
            if let note = paper.note {
                capacity +=
                    StateFileWriter.noteOverhead + StateFileWriter.room(for: note.text)
                    + note.earlier.count * StateFileWriter.dateRoom
            }
        }
        if let place = state.place {
            for (_, text) in Self.textFields(of: place) { capacity += 64 + StateFileWriter.room(for: text ?? "") }
            for topic in place.topics ?? [] { capacity += 8 + StateFileWriter.room(for: topic) }
        }
        let order = sortedOrder(keys)
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var out = StateFileWriter(buffer)
            out.raw("{\n  \"papers\": {")
            for (position, index) in order.enumerated() {
                let paper = marks[index]
                out.raw(position == 0 ? "\n    " : ",\n    ")
                out.string(keys[index])
                out.raw(": {\n      ")
                if let note = paper.note {
                    out.raw("\"note\": {\n        \"changed\": ")
                    out.date(note.changed)
                    out.raw(",\n        \"earlier\": [")
                    for (position, date) in note.earlier.enumerated() {
                        if position > 0 { out.raw(", ") }
                        out.date(date)
                    }
                    out.raw("],\n        \"text\": ")
                    out.string(note.text)
                    out.raw("\n      },\n      ")
                }
                out.raw("\"read\": ")
                out.bool(paper.read)
                if let date = paper.readChanged {
                    out.raw(",\n      \"readChanged\": ")
                    out.date(date)
                }
                out.raw(",\n      \"starred\": ")
                out.bool(paper.starred)
                if let date = paper.starredChanged {
                    out.raw(",\n      \"starredChanged\": ")
                    out.date(date)
                }
                if !paper.tags.isEmpty {
                    out.raw(",\n      \"tags\": {")
                    for (position, name) in paper.tags.keys.sorted().enumerated() {
                        let tag = paper.tags[name]!
                        out.raw(position == 0 ? "\n        " : ",\n        ")
                        out.string(name)
                        out.raw(": { \"changed\": ")
                        out.date(tag.changed)
                        out.raw(", \"on\": ")
                        out.bool(tag.isOn)
                        out.raw(" }")
                    }
                    out.raw("\n      }")
                }
                out.raw(",\n      \"title\": ")
                out.string(paper.title)
                out.raw("\n    }")
            }
            out.raw(order.isEmpty ? "}" : "\n  }")
            if let place = state.place {
                out.raw(",\n  \"place\": {\n    \"allDays\": ")
                out.bool(place.allDays)
                for case let (name, text?) in Self.textFields(of: place) {
                    out.raw(",\n    \"")
                    out.raw(name)
                    out.raw("\": ")
                    out.string(text)
                }
                if let topics = place.topics {
                    out.raw(",\n    \"topics\": [")
                    for (position, topic) in topics.enumerated() {
                        if position > 0 { out.raw(", ") }
                        out.string(topic)
                    }
                    out.raw("]")
                }
                out.raw("\n  }")
            }
            if let date = state.placeChanged {
                out.raw(",\n  \"placeChanged\": ")
                out.date(date)
            }
            out.raw(",\n  \"version\": 2\n}\n")  // StateFile.version
            count = out.count
        }
    }

    /// The place's text fields, in the file's (sorted) key order: one list for sizing the buffer and writing.
    private static func textFields(of place: LastPlace) -> [(name: StaticString, text: String?)] {
        [
            ("day", place.day), ("filter", place.filter), ("latestDay", place.latestDay), ("paperKey", place.paperKey),
            ("search", place.search), ("sort", place.sort),
        ]
    }

    /// Indices of `keys` in the byte order of their UTF-8 (code point order). Compares the first 16 bytes as two
    /// integers and only ties in full: sorting the Strings themselves spent most of a save retaining them.
    private static func sortedOrder(_ keys: [String]) -> [Int] {
        struct Prefix {
            var high: UInt64
            var low: UInt64
            var index: Int
        }
        var prefixes = keys.indices.map { index in
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { words in
                var key = keys[index]
                key.withUTF8 { utf8 in
                    let count = min(16, utf8.count)
                    if count > 0 { words.baseAddress!.copyMemory(from: utf8.baseAddress!, byteCount: count) }
                }
            }
            return Prefix(high: UInt64(bigEndian: words.0), low: UInt64(bigEndian: words.1), index: index)
        }
        prefixes.sort { a, b in
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            return keys[a.index].utf8.lexicographicallyPrecedes(keys[b.index].utf8)
        }
        return prefixes.map(\.index)
    }

    // MARK: Reading

    /// The version a file holds when it is newer than this folio reads: such a file is a later folio's, whole,
    /// and is left alone rather than moved aside as corrupt.
    static func newerVersion(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = StateFileReader(buffer)
            _ = try? reader.read(readable: Self.readableVersions)
            return reader.writtenVersion.flatMap { $0 > Self.version ? $0 : nil }
        }
    }

    /// The state in `bytes`, read in one pass; a version this folio does not read is refused.
    static func decode(_ bytes: [UInt8]) throws(Diagnostic) -> ReadingState {
        try decodeWithVersion(bytes).state
    }

    /// The state and the version the file was written as.
    static func decodeWithVersion(_ bytes: [UInt8]) throws(Diagnostic) -> (state: ReadingState, version: Int) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(Diagnostic) -> (state: ReadingState, version: Int) in
            var reader = StateFileReader(buffer)
            let state = try reader.read(readable: Self.readableVersions)
            return (state, reader.writtenVersion ?? Self.version)
        }
    }
}
