import Foundation
import Testing

@testable import FolioCore

/// The place in the state file: kept results, the filter and the topics are written and read back; a file from
/// before them still reads.
@Suite("The place in the state file")
struct PlaceFileTests {
    @Test("Search, filter and topics round-trip, with quotes and non-ASCII in them")
    func roundTrip() throws {
        var state = ReadingState()
        let place = LastPlace(
            day: "2025-12-30", allDays: false, paperKey: "arxiv:2512.04677", sort: "upvotes",
            latestDay: "2025-12-31", search: "\"sparse auto*\" -vidéo", filter: "unread and topic:agents",
            topics: ["agents", "vision-language", "ü \"x\""])
        state.setPlace(place, at: Date(timeIntervalSince1970: 1_795_000_000))
        let bytes = StateFile.encode(state)
        let decoded = try StateFile.decode(bytes)
        #expect(decoded.place == place)
        // Still JSON anyone can read, keys in order.
        let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        let written = object?["place"] as? [String: Any]
        #expect(written?["topics"] as? [String] == place.topics)
        #expect(written?["search"] as? String == place.search)
    }

    @Test("A file without the new fields reads as before")
    func oldFile() throws {
        let old = """
            {"papers": {}, "place": {"allDays": true, "paperKey": "arxiv:1", "sort": "title"}, "version": 1}
            """
        let decoded = try StateFile.decode(Array(old.utf8))
        #expect(decoded.place == LastPlace(allDays: true, paperKey: "arxiv:1", sort: "title"))
        #expect(decoded.place?.topics == nil && decoded.place?.search == nil && decoded.place?.filter == nil)
    }
}
