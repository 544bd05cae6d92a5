import Foundation
import Synchronization

/// Every word of every paper's title and abstract, for searching as you type.
///
/// An inverted index: each folded word (a term) has postings, the papers it occurs in (ascending ids), and for
/// each posting the word's positions in the paper. Title words take positions 0..<titleLength, abstract words
/// start one past that, so a phrase never runs from the title into the abstract and a position tells its field.
/// Terms are sorted by their UTF-8 bytes, so the words starting with a prefix are one range found by binary
/// search. A query starts from its rarest word's postings and narrows them with each other term.
///
/// Positions are 16 bits, and a posting keeps at most 255 of them: in a paper of more than 65,535 words the words
/// past that are still found, but phrases are matched only before it, and a word's 256th and later occurrences in
/// one paper add nothing (its score has long saturated). A prefix that starts very many words ("s") expands to its
/// most frequent words, up to `prefixPostingBudget` postings, when the search pane asks, so that one typed letter
/// stays fast; the count is then a lower bound and the pane says so. Every other search reads every expansion.
public final class SearchIndex: Sendable {
    public let paperCount: Int
    public let termCount: Int

    /// Term t's bytes: termBytes[termOffsets[t]..<termOffsets[t + 1]].
    let termBytes: [UInt8]
    let termOffsets: [UInt32]
    /// Term t's postings: postingStart[t]..<postingStart[t + 1], indices into postingPapers.
    let postingStart: [UInt32]
    let postingPapers: [UInt32]
    /// Term t's positions start at positions[termPositionStart[t]], posting after posting; posting i has
    /// positionCounts[i] of them (at most 255), ascending. One byte a posting instead of a four-byte start: the
    /// start is summed from the counts while walking the postings.
    let termPositionStart: [UInt32]
    let positionCounts: [UInt8]
    let positions: [UInt16]
    /// Per paper: words in the title and the abstract (at most 65,535), and the day last listed (ties: newest first).
    let titleLengths: [UInt16]
    let abstractLengths: [UInt16]
    let lastSeen: [Int32]
    let averageTitleLength: Double
    let averageAbstractLength: Double

    /// The UI asks for the results and then the count of one query on each keystroke: the second is free.
    let lastEvaluation = Mutex<(query: SearchQuery, budget: Int, evaluation: Evaluation)?>(nil)

    /// At most this many postings are read to expand one prefix (the most frequent words first).
    public static let prefixPostingBudget = 150_000
    /// A word that only starts with the prefix counts this much of a whole-word match.
    static let completionWeight = 0.7
    /// BM25 per field, the title weighing more: a title match outweighs any number in the abstract unless the
    /// title is several times longer than most.
    static let titleBoost = 4.0
    static let k1 = 1.2
    static let titleLengthWeight = 0.5
    static let abstractLengthWeight = 0.75

    public convenience init(library: Library) {
        self.init(Builder(papers: library.papers).build())
    }

    init(_ parts: Builder.Parts) {
        paperCount = parts.titleLengths.count
        termCount = parts.termOffsets.count - 1
        termBytes = parts.termBytes
        termOffsets = parts.termOffsets
        postingStart = parts.postingStart
        postingPapers = parts.postingPapers
        termPositionStart = parts.termPositionStart
        positionCounts = parts.positionCounts
        positions = parts.positions
        titleLengths = parts.titleLengths
        abstractLengths = parts.abstractLengths
        lastSeen = parts.lastSeen
        averageTitleLength = max(1, Double(parts.titleLengths.reduce(0) { $0 + Int($1) }) / Double(max(1, paperCount)))
        averageAbstractLength = max(
            1, Double(parts.abstractLengths.reduce(0) { $0 + Int($1) }) / Double(max(1, paperCount)))
    }

    /// The index's arrays, in bytes.
    public var approximateBytes: Int {
        termBytes.capacity + positionCounts.capacity + 4
            * (termOffsets.capacity + postingStart.capacity
                + termPositionStart.capacity + postingPapers.capacity + lastSeen.capacity)
            + 2 * (positions.capacity + titleLengths.capacity + abstractLengths.capacity)
    }

    // MARK: - Reading

    /// How many words the paper's title has (at most 65,535): its words take positions 0..<titleLength.
    public func titleLength(of paper: Int) -> Int { Int(titleLengths[paper]) }

    /// How many words the paper's abstract has (at most 65,535): they take positions from titleLength + 1.
    public func abstractLength(of paper: Int) -> Int { Int(abstractLengths[paper]) }

    /// The folded word that is term `term` (0..<termCount; terms are in the byte order of their words).
    public func word(_ term: Int) -> String {
        String(decoding: termBytes(term), as: UTF8.self)
    }

    /// Calls `body` with each paper that has the term, ascending, and the term's positions in it, ascending: at
    /// most 255 of them, only below 65,536. The positions are valid only during the call.
    public func forEachPosting(of term: Int, _ body: (_ paper: Int, _ positions: UnsafeBufferPointer<UInt16>) -> Void) {
        withStorage { storage in
            var position = Int(termPositionStart[term])
            for posting in postings(term) {
                let count = Int(storage.counts[posting])
                body(
                    Int(storage.papers[posting]),
                    UnsafeBufferPointer(rebasing: storage.positions[position..<position + count]))
                position += count
            }
        }
    }

    // MARK: - Terms

    func termBytes(_ term: Int) -> ArraySlice<UInt8> {
        termBytes[Int(termOffsets[term])..<Int(termOffsets[term + 1])]
    }

    /// Byte order of term against `bytes`; with `prefixOnly`, a term that starts with `bytes` is equal.
    func compare(_ term: Int, _ bytes: [UInt8], prefixOnly: Bool) -> Int {
        let word = termBytes(term)
        let common = min(word.count, bytes.count)
        var offset = 0
        var index = word.startIndex
        while offset < common {
            let a = word[index], b = bytes[offset]
            if a != b { return a < b ? -1 : 1 }
            offset += 1
            index += 1
        }
        if word.count == bytes.count || (prefixOnly && word.count > bytes.count) { return 0 }
        return word.count < bytes.count ? -1 : 1
    }

    /// The first term not ordered before `bytes` (as `compare` orders them).
    func firstTerm(notBefore bytes: [UInt8], prefixOnly: Bool, orAfter: Bool) -> Int {
        var low = 0
        var high = termCount
        while low < high {
            let middle = (low + high) / 2
            let order = compare(middle, bytes, prefixOnly: prefixOnly)
            if order < 0 || (orAfter && order == 0) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    func lookup(_ word: String) -> Int? {
        let bytes = Array(word.utf8)
        let index = firstTerm(notBefore: bytes, prefixOnly: false, orAfter: false)
        return index < termCount && compare(index, bytes, prefixOnly: false) == 0 ? index : nil
    }

    func termRange(startingWith bytes: [UInt8]) -> Range<Int> {
        let start = firstTerm(notBefore: bytes, prefixOnly: true, orAfter: false)
        let end = firstTerm(notBefore: bytes, prefixOnly: true, orAfter: true)
        return start..<max(start, end)
    }
}
