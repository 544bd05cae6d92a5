import FolioCore
import FolioScreen
import FolioTestSupport
import Testing

@testable import FolioUI

/// The all-days orders, sorted once on flat keys, against the plainest sort there is: comparing `Paper`
/// properties directly, as the reducer did before.
@Suite("Sort orders")
struct SortOrderTests {
    /// Each paper once, newest first, then as `sort` orders them; ties keep the newest-first order.
    static func reference(_ library: Library, _ ids: [PaperID], _ sort: SortOrder) -> [PaperID] {
        let papers = library.papers
        let rank = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        switch sort {
        case .digest:
            return ids
        case .upvotes:
            return ids.sorted { ((papers[$0].upvotes ?? -1), -rank[$0]!) > ((papers[$1].upvotes ?? -1), -rank[$1]!) }
        case .title:
            return ids.sorted { (papers[$0].normalizedTitle, $0) < (papers[$1].normalizedTitle, $1) }
        case .firstSeen:
            return ids.sorted { (papers[$0].firstSeen, -rank[$0]!) > (papers[$1].firstSeen, -rank[$1]!) }
        }
    }

    static func newestFirst(_ library: Library) -> [PaperID] {
        library.papers.indices.sorted { a, b in
            let pa = library.papers[a], pb = library.papers[b]
            if pa.lastSeen != pb.lastSeen { return pa.lastSeen > pb.lastSeen }
            return (pa.appearances.last?.position ?? 0, a) < (pb.appearances.last?.position ?? 0, b)
        }
    }

    /// Papers that tie on every key but the id: the same upvotes, the same days, titles equal once normalised
    /// (case and punctuation), titles that are not ASCII (compared as Strings, not bytes), papers without upvotes.
    static func libraryWithTies() -> Library {
        let day1 = DayDate(year: 2025, month: 3, day: 1)
        let day2 = DayDate(year: 2025, month: 3, day: 2)
        let titles = [
            "Sparse Attention", "sparse attention!", "Émile and the Model", "Emile and the model",
            "한국어 모델", "日本語の評価", "Zeta", "alpha", "Alpha", "ångström scale", "Ångström Scale", "Ω-nets",
        ]
        func entries(_ numbers: Range<Int>, votes: (Int) -> Int?) -> [DigestEntry] {
            numbers.enumerated().map { offset, number in
                DigestEntry(
                    title: titles[number % titles.count], abstract: "Abstract \(number).",
                    upvotes: votes(number), arxivID: "2503.\(10_000 + number)", line: offset + 1)
            }
        }
        // Day 2 lists papers 0..<18 again (some with other upvotes) and new ones; two digests on day 2 give
        // two papers the same place in their digests.
        return Library(digests: [
            Digest(
                source: "a.txt", shape: .page, date: day1, entries: entries(0..<30) { $0 % 5 == 0 ? nil : $0 % 3 },
                problems: []),
            Digest(
                source: "b.txt", shape: .page, date: day2, entries: entries(0..<18) { $0 % 4 == 0 ? nil : 7 },
                problems: []),
            Digest(
                source: "c.txt", shape: .page, date: day2, entries: entries(30..<40) { _ in 7 }, problems: []),
        ])
    }

    @Test(
        "Every sort of all days equals the reference sort",
        arguments: ["corpus", "ties"])
    func allDays(_ name: String) {
        let library = name == "corpus" ? Fixtures.corpusLibrary() : Self.libraryWithTies()
        let newest = Self.newestFirst(library)
        #expect(newest.count == library.papers.count && library.papers.count > 1)
        for sort in SortOrder.allCases {
            let expected = Self.reference(library, newest, sort)
            #expect(PaperOrdering.papers(in: library, scope: .allDays, sort: sort) == expected, "\(name) \(sort)")
        }
    }

    @Test("The ties library ties on every key")
    func tiesAreThere() {
        let library = Self.libraryWithTies()
        let titles = library.papers.map(\.normalizedTitle)
        #expect(Set(titles).count < titles.count)
        #expect(titles.contains { !$0.utf8.allSatisfy { $0 < 0x80 } })
        let votes = library.papers.map(\.upvotes)
        #expect(votes.contains(nil) && Set(votes).count < votes.count)
        let lastSeen = library.papers.map(\.lastSeen)
        #expect(Set(lastSeen).count < lastSeen.count)
    }

    @Test(
        "Some papers in a given order (kept search results) sort as the reference does",
        arguments: ["corpus", "ties"])
    func subsets(_ name: String) {
        let library = name == "corpus" ? Fixtures.corpusLibrary() : Self.libraryWithTies()
        let orders = LibraryOrders(library: library)
        // Every third paper, in an order of no key's: by id descending.
        let given = Array(stride(from: library.papers.count - 1, through: 0, by: -3))
        for sort in SortOrder.allCases {
            #expect(
                PaperOrdering.sorted(given, sort: sort, orders: orders) == Self.reference(library, given, sort),
                "\(name) \(sort)")
        }
    }

    @Test("S and a in the reader show the reference orders; prepared orders agree with ones made on demand")
    func throughTheReducer() {
        let library = Fixtures.corpusLibrary()
        var state = AppState(library: library, size: Size(width: 80, height: 24))
        _ = state.handle(.key(.char("a")))
        #expect(state.scope == .allDays)
        let newest = Self.newestFirst(library)
        let prepared = LibraryOrders(library: library)
        prepared.prepare()
        for _ in SortOrder.allCases {
            #expect(state.visible == Self.reference(library, newest, state.sort), "\(state.sort)")
            #expect(prepared.papers(state.sort.libraryOrder) == state.visible)
            _ = state.handle(.key(.char("S")))
        }
    }
}
