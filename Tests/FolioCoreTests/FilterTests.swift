import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

private let library = Fixtures.sampleLibrary
private let index = SearchIndex(library: library)
private let topics = TopicIndex(definitions: TopicCatalog.builtIn, index: index, discover: false)

private func context(read: [PaperID] = [], starred: [PaperID] = []) -> Filter.Context {
    Filter.Context(
        library: library, topics: topics, index: index,
        read: PaperSet(capacity: library.papers.count, read), starred: PaperSet(capacity: library.papers.count, starred)
    )
}

private func papers(_ text: String, _ context: Filter.Context = context(), named: [String: String] = [:]) throws
    -> [PaperID]
{
    try Filter.parse(text, named: named).evaluate(in: context).papers
}

@Suite("Filters")
struct FilterTests {
    typealias Term = SearchQuery.Term

    @Test("and binds tighter than or; atoms side by side are joined by and; not and - negate")
    func precedence() throws {
        #expect(try Filter.parse("unread or starred read") == .or(.unread, .and(.starred, .read)))
        #expect(try Filter.parse("(unread or starred) and read") == .and(.or(.unread, .starred), .read))
        #expect(try Filter.parse("not read -starred") == .and(.not(.read), .not(.starred)))
        #expect(try Filter.parse("NOT Unread") == .not(.unread))
    }

    @Test("Atoms: topic, day, comparisons, words, phrases, fields and prefixes")
    func atoms() throws {
        #expect(try Filter.parse("topic:Agents") == .topic("agents", column: 7))
        #expect(try Filter.parse("day:today") == .day(nil))
        #expect(try Filter.parse("day:2025-12-09") == .day(DayDate(year: 2025, month: 12, day: 9)))
        #expect(try Filter.parse("date>=2025-12-01") == .date(.greaterOrEqual, DayDate(year: 2025, month: 12, day: 1)))
        #expect(try Filter.parse("upvotes>10") == .upvotes(.greater, 10))
        #expect(try Filter.parse("seen<=2") == .seen(.lessOrEqual, 2))
        #expect(try Filter.parse("seen:2") == .seen(.equal, 2))
        #expect(try Filter.parse("Fréchet") == .text(Term(words: ["frechet"])))
        #expect(try Filter.parse("\"Sparse Autoencoders\"") == .text(Term(words: ["sparse", "autoencoders"])))
        #expect(try Filter.parse("title:probe*") == .text(Term(words: ["probe"], field: .title, isPrefix: true)))
        #expect(try Filter.parse("state-of-the-art") == .text(Term(words: ["state", "of", "the", "art"])))
    }

    @Test("Tags and notes: tag:NAME, tagged, note:word, has:note, over a reading state's layer")
    func layerAtoms() throws {
        #expect(try Filter.parse("tag:SAE tagged") == .and(.tag("sae"), .tagged))
        #expect(
            try Filter.parse("note:probe* has:note")
                == .and(.note(Term(words: ["probe"], field: .note, isPrefix: true)), .hasNote))
        #expect(try Filter.parse("note:\"two words\"") == .note(Term(words: ["two", "words"], field: .note)))
        var reading = ReadingState()
        let first = library.papers[0], second = library.papers[1], third = library.papers[2]
        reading.setTag("sae", on: true, keys: first.markKeys, title: first.title, at: Date())
        reading.setTag("other", on: true, keys: second.markKeys, title: second.title, at: Date())
        reading.setTag("sae", on: true, keys: third.markKeys, title: third.title, at: Date())
        reading.setTag("sae", on: false, keys: third.markKeys, title: third.title, at: Date().addingTimeInterval(1))
        reading.setNote("Probing two words here", keys: second.markKeys, title: second.title, at: Date())
        var withLayer = context()
        withLayer.layer = PaperLayer(reading: reading, library: library)
        #expect(try papers("tag:sae", withLayer) == [first.id], "a removed tag does not count")
        #expect(try papers("tagged", withLayer) == [first.id, second.id])
        #expect(try papers("has:note", withLayer) == [second.id])
        #expect(try papers("note:probing", withLayer) == [second.id])
        #expect(try papers("note:prob*", withLayer) == [second.id])
        #expect(try papers("note:\"two words\"", withLayer) == [second.id])
        #expect(try papers("note:\"words two\"", withLayer) == [], "a phrase keeps its order")
        #expect(try papers("tagged and not has:note", withLayer) == [first.id])
        #expect(try papers("tag:sae", context()) == [], "without the layer, nothing is tagged")
    }

    @Test(
        "A mistake points at its column",
        arguments: [
            ("upvotes>x", 9, "whole number"),
            ("unread and", 11, "after and"),
            ("(unread or read", 16, "close the ( at column 1"),
            ("unread)", 7, "closes nothing"),
            ("date>=12/01", 7, "date like"),
            ("upvotes=>3", 8, ">, >=, <, <= or ="),
            ("\"open phrase", 1, "not closed"),
            ("and read", 1, "before and"),
            ("day:someday", 5, "today or a date"),
            ("topic:", 7, "topic name"),
            ("@nope", 1, "no named filter"),
            ("", 1, "empty"),
            ("!!!", 1, "no letters or digits"),
            ("topics:agents", 1, "unknown field topics:"),
            ("upvote>10", 1, "cannot compare upvote"),
            ("upvotes!=0", 8, ">, >=, <, <= or ="),
            ("upvotes > 10", 9, "without spaces"),
            ("author:\"A B\"", 1, "only title:, abstract: and note:"),
            ("tag:", 5, "expected a tag name"),
            ("tag:no!", 5, "expected a tag name"),
        ])
    func errors(text: String, column: Int, message: String) {
        do {
            let filter = try Filter.parse(text)
            Issue.record("\"\(text)\" parsed as \(filter)")
        } catch {
            #expect(error.column == column, "\(text): \(error)")
            #expect(error.message.contains(message), "\(text): \(error)")
        }
    }

    @Test("An unknown topic is found when evaluating, at the column of its name")
    func unknownTopic() throws {
        let filter = try Filter.parse("unread and topic:nosuch")
        #expect(throws: Diagnostic.self) { try filter.evaluate(in: context()) }
        do { _ = try filter.evaluate(in: context()) } catch {
            #expect(error.column == 18)
            #expect(error.message.contains("reasoning"), "lists the topics there are")
        }
    }

    @Test("Evaluation agrees with counts computed from the papers directly")
    func evaluation() throws {
        let all = library.papers
        #expect(try papers("upvotes>10") == all.filter { ($0.upvotes ?? 0) > 10 }.map(\.id))
        #expect(try papers("upvotes>1").count > 0)
        #expect(try papers("upvotes>1") == all.filter { ($0.upvotes ?? 0) > 1 }.map(\.id))
        #expect(try papers("seen>1") == all.filter { $0.timesSeen > 1 }.map(\.id))
        #expect(try papers("seen>1").count > 0, "the samples list some papers on several days")
        let december = DayDate(year: 2025, month: 12, day: 31)
        #expect(
            try papers("date<=2025-12-31") == all.filter { $0.appearances.contains { $0.day <= december } }.map(\.id))
        let today = try #require(library.days.last)
        #expect(try papers("day:today") == today.papers.sorted())
        #expect(try papers("topic:graphs") == topics.topics[topics.index(named: "graphs")!].members.papers)
        #expect(try papers("not topic:graphs").count == all.count - topics.topics[topics.index(named: "graphs")!].count)
        #expect(
            try papers("\"graph neural networks\"")
                == index.matchingPapers(SearchQuery(parsing: "\"graph neural networks\"", lastWordIsPrefix: false)).map(
                    Int.init))
    }

    @Test("read, unread and starred follow the marks given")
    func marks() throws {
        let marked = context(read: [0, 1, 2], starred: [2, 7])
        #expect(try papers("read", marked) == [0, 1, 2])
        #expect(try papers("unread", marked).count == library.papers.count - 3)
        #expect(try papers("starred and not read", marked) == [7])
        #expect(try papers("starred or read", marked) == [0, 1, 2, 7])
    }

    @Test("Named filters stand in for @NAME, and a loop between them is an error")
    func named() throws {
        let filters = ["fresh": "unread and upvotes>10", "loop": "@loop"]
        #expect(
            try Filter.parse("@fresh or starred", named: filters)
                == .or(.and(.unread, .upvotes(.greater, 10)), .starred))
        do {
            _ = try Filter.parse("starred or @loop", named: filters)
            Issue.record("a loop parsed")
        } catch {
            #expect(error.column == 12)
            #expect(
                error.message == "named filters refer to each other in a loop: @loop → @loop", "said once, not nested")
        }
        #expect(
            try Filter.parse("title:\"sparse autoencoders\"")
                == .text(Term(words: ["sparse", "autoencoders"], field: .title)))
    }

    @Test("An unknown topic near a known name suggests it")
    func suggestion() throws {
        do { _ = try Filter.parse("topic:interp").evaluate(in: context()) } catch {
            #expect(error.message == "no topic \"interp\": did you mean interpretability?")
        }
    }
}
