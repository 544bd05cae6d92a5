import Foundation
import Synchronization

/// The orders of every paper once (the all-days view), made once per library from flat sort keys: one pass over
/// the papers reads each one's last day, place in that digest, upvotes and first day into arrays, and each order
/// is sorted on those arrays the first time it is asked for, then kept. Sorting 100,000 papers by comparing
/// `Paper.lastSeen` (which walks `appearances`) and ranks looked up in a Dictionary took 60–100 ms a key.
///
/// Safe to share between threads: the background build prepares every order (`prepare()`) while the reader
/// shows the first frame, and the reducer reads them.
public final class LibraryOrders: Sendable {
    /// The orders that can be asked for.
    public enum Order: Sendable, CaseIterable {
        /// By the last day listed, newest first, then the place in that day's digest, then the id.
        case newestFirst
        /// Most upvotes first (none counts as -1), ties newest first.
        case upvotes
        /// By normalised title, then id.
        case title
        /// By the first day listed, newest first, ties newest first.
        case firstSeen
    }

    /// How many papers the orders hold.
    public let paperCount: Int
    private let papers: [Paper]
    private let state = Mutex(State())

    /// Per paper, indexed by id, computed together on first use.
    struct Keys: Sendable {
        var lastSeen: [Int32] = []
        var lastPosition: [Int] = []
        /// `Paper.upvotes`, -1 for none.
        var upvotes: [Int] = []
        var firstSeen: [Int32] = []
        /// Whether the normalised title is ASCII, so its bytes compare as the String does.
        var asciiTitle: [Bool] = []
    }

    private struct State: Sendable {
        var keys: Keys?
        var orders: [Order: [Int32]] = [:]
        /// Per paper, its place in the title order.
        var titleRank: [Int32]?
    }

    /// Holds the papers; nothing is computed until an order is asked for.
    public init(library: Library) {
        papers = library.papers
        paperCount = papers.count
    }

    /// Every order computed now, so that no key waits for one later.
    public func prepare() {
        for order in Order.allCases { _ = ids(order) }
    }

    /// Every paper in the order, as ids.
    public func papers(_ order: Order) -> [PaperID] {
        ids(order).map { PaperID($0) }
    }

    /// Some papers (search results, say, best first) in the order; ties keep the order they are given in.
    public func sorted(_ given: [PaperID], by order: Order) -> [PaperID] {
        let keys = self.keys()
        switch order {
        case .newestFirst:
            return given.sorted { a, b in Self.newer(a, b, keys) }
        case .upvotes:
            return Self.stableSorted(given) { keys.upvotes[$0] > keys.upvotes[$1] }
        case .firstSeen:
            return Self.stableSorted(given) { keys.firstSeen[$0] > keys.firstSeen[$1] }
        case .title:
            let rank = titleRank()
            return given.sorted { rank[$0] < rank[$1] }
        }
    }

    // MARK: - Computing

    private func keys() -> Keys {
        if let keys = state.withLock({ $0.keys }) { return keys }
        var keys = Keys()
        keys.lastSeen.reserveCapacity(paperCount)
        keys.lastPosition.reserveCapacity(paperCount)
        keys.upvotes.reserveCapacity(paperCount)
        keys.firstSeen.reserveCapacity(paperCount)
        keys.asciiTitle.reserveCapacity(paperCount)
        // Each paper read in place: `for paper in papers` would copy (and retain and release) every paper.
        papers.withUnsafeBufferPointer { papers in
            for index in papers.indices {
                let paper = papers.baseAddress! + index
                keys.lastSeen.append(Int32(clamping: paper.pointee.lastSeen.ordinal))
                keys.lastPosition.append(paper.pointee.appearances.last?.position ?? 0)
                keys.upvotes.append(paper.pointee.upvotes ?? -1)
                keys.firstSeen.append(Int32(clamping: paper.pointee.firstSeen.ordinal))
                keys.asciiTitle.append(paper.pointee.normalizedTitle.utf8.allSatisfy { $0 < 0x80 })
            }
        }
        return state.withLock { state in
            if state.keys == nil { state.keys = keys }
            return state.keys!
        }
    }

    private func ids(_ order: Order) -> [Int32] {
        if let cached = state.withLock({ $0.orders[order] }) { return cached }
        let keys = self.keys()
        let computed: [Int32]
        switch order {
        case .newestFirst:
            var all = (0..<Int32(paperCount)).map { $0 }
            all.withUnsafeMutableBufferPointer { buffer in
                buffer.sort { a, b in Self.newer(Int(a), Int(b), keys) }
            }
            computed = all
        case .upvotes:
            computed = Self.stableSorted(ids(.newestFirst)) { keys.upvotes[Int($0)] > keys.upvotes[Int($1)] }
        case .firstSeen:
            computed = Self.stableSorted(ids(.newestFirst)) { keys.firstSeen[Int($0)] > keys.firstSeen[Int($1)] }
        case .title:
            computed = titleOrder(keys)
        }
        return state.withLock { state in
            if state.orders[order] == nil { state.orders[order] = computed }
            return state.orders[order]!
        }
    }

    private func titleRank() -> [Int32] {
        if let rank = state.withLock({ $0.titleRank }) { return rank }
        let order = ids(.title)
        var rank = [Int32](repeating: 0, count: paperCount)
        for (place, id) in order.enumerated() { rank[Int(id)] = Int32(place) }
        return state.withLock { state in
            if state.titleRank == nil { state.titleRank = rank }
            return state.titleRank!
        }
    }

    /// By (normalised title, id). Two ASCII titles compare by their bytes, which is how String compares them;
    /// any other pair as Strings (canonical equivalence), so the order is the String order throughout.
    private func titleOrder(_ keys: Keys) -> [Int32] {
        var all = (0..<Int32(paperCount)).map { $0 }
        papers.withUnsafeBufferPointer { papers in
            let ascii = keys.asciiTitle
            all.sort { a, b in
                let (a, b) = (Int(a), Int(b))
                let titleA = papers[a].normalizedTitle, titleB = papers[b].normalizedTitle
                if ascii[a] && ascii[b] {
                    let order = Self.compareBytes(titleA, titleB)
                    return order != 0 ? order < 0 : a < b
                }
                if titleA != titleB { return titleA < titleB }
                return a < b
            }
        }
        return all
    }

    private static func compareBytes(_ a: String, _ b: String) -> Int32 {
        var a = a, b = b
        return a.withUTF8 { a in
            b.withUTF8 { b in
                let common = min(a.count, b.count)
                let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                if order != 0 { return order }
                return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
            }
        }
    }

    private static func newer(_ a: Int, _ b: Int, _ keys: Keys) -> Bool {
        if keys.lastSeen[a] != keys.lastSeen[b] { return keys.lastSeen[a] > keys.lastSeen[b] }
        if keys.lastPosition[a] != keys.lastPosition[b] { return keys.lastPosition[a] < keys.lastPosition[b] }
        return a < b
    }

    /// Sorted by `before`, ties in the order given: by (key, place given), with the places in an array.
    private static func stableSorted<ID: BinaryInteger>(_ given: [ID], _ before: (Int, Int) -> Bool) -> [ID] {
        var places = Array(0..<given.count)
        places.sort { x, y in
            let a = Int(given[x]), b = Int(given[y])
            if before(a, b) { return true }
            if before(b, a) { return false }
            return x < y
        }
        return places.map { given[$0] }
    }
}
