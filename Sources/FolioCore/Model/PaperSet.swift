/// A set of papers as one bit per paper: topic membership and filter results, so combining them on 100,000
/// papers is a few thousand word operations, not a hash per paper.
public struct PaperSet: Sendable, Equatable {
    /// How many papers the set can hold: ids 0..<capacity.
    public let capacity: Int
    private(set) var words: [UInt64]

    /// The empty set.
    public init(capacity: Int) {
        self.capacity = capacity
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
    }

    public init<Papers: Sequence>(capacity: Int, _ papers: Papers) where Papers.Element: BinaryInteger {
        self.init(capacity: capacity)
        for paper in papers { insert(Int(paper)) }
    }

    // The generic init is not specialised across modules: each paper then goes through protocol witnesses, a few
    // milliseconds for the search pane's tens of thousands of results on every keystroke. These two are the
    // arrays the callers have.
    public init(capacity: Int, _ papers: [PaperID]) {
        self.init(capacity: capacity)
        for paper in papers { insert(paper) }
    }

    public init(capacity: Int, _ papers: [UInt32]) {
        self.init(capacity: capacity)
        for paper in papers { insert(Int(paper)) }
    }

    public func contains(_ paper: PaperID) -> Bool {
        guard paper >= 0, paper < capacity else { return false }
        return words[paper >> 6] & (1 << UInt64(paper & 63)) != 0
    }

    public mutating func insert(_ paper: PaperID) {
        guard paper >= 0, paper < capacity else { return }
        words[paper >> 6] |= 1 << UInt64(paper & 63)
    }

    public mutating func remove(_ paper: PaperID) {
        guard paper >= 0, paper < capacity else { return }
        words[paper >> 6] &= ~(1 << UInt64(paper & 63))
    }

    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public mutating func formIntersection(_ other: PaperSet) {
        precondition(other.capacity == capacity, "paper sets of different libraries")
        for index in words.indices { words[index] &= other.words[index] }
    }

    public mutating func formUnion(_ other: PaperSet) {
        precondition(other.capacity == capacity, "paper sets of different libraries")
        for index in words.indices { words[index] |= other.words[index] }
    }

    public mutating func invert() {
        for index in words.indices { words[index] = ~words[index] }
        clearBeyondCapacity()
    }

    public func intersection(_ other: PaperSet) -> PaperSet {
        var result = self
        result.formIntersection(other)
        return result
    }

    public func union(_ other: PaperSet) -> PaperSet {
        var result = self
        result.formUnion(other)
        return result
    }

    public func inverted() -> PaperSet {
        var result = self
        result.invert()
        return result
    }

    /// How many papers both sets hold, without building the intersection.
    public func intersectionCount(_ other: PaperSet) -> Int {
        var total = 0
        for index in words.indices { total += (words[index] & other.words[index]).nonzeroBitCount }
        return total
    }

    /// The papers in ascending order.
    public var papers: [PaperID] {
        var result: [PaperID] = []
        for (index, word) in words.enumerated() {
            var word = word
            while word != 0 {
                result.append(index << 6 + word.trailingZeroBitCount)
                word &= word - 1
            }
        }
        return result
    }

    private mutating func clearBeyondCapacity() {
        let extra = words.count * 64 - capacity
        if extra > 0, !words.isEmpty { words[words.count - 1] &= ~0 >> UInt64(extra) }
    }
}
