import FolioCore
import FolioScreen
import FolioTestSupport
import FolioUI
import Foundation
import Testing

/// One meaning of search: for the same text, the search pane, the results Enter keeps, `folio search` and
/// `folio list --filter` give the same papers over the corpus. Every count is computed, none typed in.
@Suite("Search means one thing on every path")
struct SearchAgreementTests {
    static let library = DigestLoader.load(paths: [Fixtures.corpus.path])
    static let indexes = LibraryIndexes.build(library: library, definitions: [], discover: false)

    /// The keys of the papers the pane lists for `typed`, and the kept text and keys after Enter.
    func pane(_ typed: String) -> (shown: Set<String>, count: Int, kept: String, keptKeys: Set<String>) {
        var state = AppState(library: Self.library, size: Size(width: 100, height: 30))
        state.searchIndexReady(Self.indexes.search)
        _ = state.handle(.key(Key(.character("/"))))
        for character in typed { _ = state.handle(.key(Key(.character(character)))) }
        let shown = Set(state.visible.map { Self.library.papers[$0].key })
        let count = state.search?.resultCount ?? -1
        _ = state.handle(.key(Key(.enter)))
        guard case .search(let kept) = state.scope else { return (shown, count, "", []) }
        return (shown, count, kept, Set(state.visible.map { Self.library.papers[$0].key }))
    }

    func searched(_ text: String) throws -> Set<String> {
        let result = try FolioBinary.run(["search", "--json", "--limit", "0", "--", text, Fixtures.corpus.path])
        let papers = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return Set(papers.compactMap { $0["key"] as? String })
    }

    func filtered(_ text: String) throws -> Set<String> {
        Set(try FolioBinary.listed([Fixtures.corpus.path, "--filter=\(text)"]).compactMap { $0["key"] as? String })
    }

    @Test(
        "Pane, kept results, folio search and the filter agree",
        arguments: [
            "agent", "agent ", "agent*", "diffusion", "diffusion ", "interpretab", "interpretab*", "sparse autoenc",
            "title:reasoning", "\"language models\" agent*", "-video diffusion",
        ])
    func agree(_ typed: String) throws {
        let pane = pane(typed)
        #expect(!pane.shown.isEmpty, "\(typed) finds something")
        #expect(pane.count == pane.shown.count, "the pane lists every result it counts")
        #expect(pane.keptKeys == pane.shown, "Enter keeps what the pane showed for \(typed)")
        // The kept text is the rule written out: the prefix being typed gets its `*`.
        #expect(pane.kept.hasSuffix("*") == !typed.hasSuffix(" "), "kept as \(pane.kept)")
        #expect(try searched(pane.kept) == pane.keptKeys, "folio search \(pane.kept)")
        #expect(try filtered(pane.kept) == pane.keptKeys, "folio list --filter \(pane.kept)")
    }

    @Test("A word is a whole word, word* a prefix: they differ on the corpus, the same way everywhere")
    func wholeWordAndPrefixDiffer() throws {
        let whole = try searched("agent")
        let prefix = try searched("agent*")
        #expect(whole.isSubset(of: prefix) && whole.count < prefix.count)
        #expect(try filtered("agent") == whole)
        #expect(pane("agent ").keptKeys == whole)
        #expect(pane("agent").keptKeys == prefix)
    }
}
