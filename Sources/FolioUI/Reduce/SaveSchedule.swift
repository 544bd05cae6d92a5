import Foundation

/// When changed marks are due to be written: once no other change came for `quietPeriod`, and never later than
/// `longestWait` after the first unsaved one, so a burst of keys is one write and a steady stream still saves.
public struct SaveSchedule: Sendable, Equatable {
    public static let quietPeriod: TimeInterval = 0.3
    public static let longestWait: TimeInterval = 0.8

    private(set) var firstUnsaved: Date?
    private(set) var lastChange: Date?

    public init() {}

    mutating func noteChange(at date: Date) {
        if firstUnsaved == nil { firstUnsaved = date }
        lastChange = date
    }

    func isDue(at now: Date) -> Bool {
        guard let firstUnsaved, let lastChange else { return false }
        return now.timeIntervalSince(lastChange) >= Self.quietPeriod
            || now.timeIntervalSince(firstUnsaved) >= Self.longestWait
    }

    /// Everything noted is on disk.
    mutating func reset() {
        firstUnsaved = nil
        lastChange = nil
    }

    /// A save failed: try again after the next quiet period rather than on every tick.
    mutating func retry(from date: Date) {
        firstUnsaved = date
        lastChange = date
    }
}
