import FolioCore
import FolioTestSupport
import Foundation
import Testing

@testable import FolioUI

/// `replaceLibrary` follows the old library's papers to the new one by key: the map it uses, made from the old
/// library's keys alone, is the naive one (every new paper keyed, the first of each key kept) restricted to them.
@Suite("Following papers into a new library by key")
struct FollowTests {
    @Test("The first new paper of each old key, as keying every new paper finds it")
    func sameAsKeyingEveryPaper() throws {
        let whole = Fixtures.corpusLibrary()
        let days = Fixtures.files(in: Fixtures.corpus).sorted { $0.path < $1.path }
        // A few days alone (as a first frame is), and the samples (whose papers the corpus mostly lacks).
        for old in [DigestLoader.load(paths: days.suffix(3).map(\.path)), Fixtures.sampleLibrary, whole] {
            var naive: [String: PaperID] = [:]
            for (id, paper) in whole.papers.enumerated() where naive[paper.key] == nil { naive[paper.key] = id }
            let oldKeys = Set(old.papers.map(\.key))
            let expected = naive.filter { oldKeys.contains($0.key) }
            let found = AppState.firstPapers(in: whole, withKeysOf: old)
            #expect(found == expected)
            #expect(!found.isEmpty)
        }
    }
}
