import Foundation

/// Fetches days into a folder, one file a day named `YYYY-MM-DD.json` holding the site's own JSON, each
/// written whole or not at all. Days already on disk are skipped, except today and yesterday (whose upvotes
/// still move) or with `force`.
public struct DigestFetcher: Sendable {
    /// Where a fetch stands: after each page and each day.
    public struct Progress: Sendable, Equatable {
        public var daysDone: Int
        public var dayCount: Int
        /// Papers read so far, over every day.
        public var papers: Int
        /// The day being fetched; nil once all are done.
        public var current: DayDate?

        public init(daysDone: Int, dayCount: Int, papers: Int, current: DayDate?) {
            self.daysDone = daysDone
            self.dayCount = dayCount
            self.papers = papers
            self.current = current
        }
    }

    /// What became of one day.
    public enum Outcome: Sendable, Equatable {
        /// Written (new, or changed since the file on disk), with this many papers.
        case written(papers: Int)
        /// Fetched, and the same bytes as the file already there: left alone.
        case unchanged(papers: Int)
        /// Already on disk and complete; not asked for.
        case skipped
        /// The site lists no paper that day: nothing written.
        case empty
        /// HTTP 400: the site has no such day yet.
        case noSuchDay
        case failed(String)

        public var isFailure: Bool {
            switch self {
            case .failed, .noSuchDay: true
            default: false
            }
        }
    }

    public struct Report: Sendable, Equatable {
        public var days: [(day: DayDate, outcome: Outcome)] = []
        /// Set when the site could not be reached at all: the fetch stopped there, nothing more was written.
        public var unreachable: String?

        public init(days: [(day: DayDate, outcome: Outcome)] = [], unreachable: String? = nil) {
            self.days = days
            self.unreachable = unreachable
        }

        public var failed: Bool { unreachable != nil || days.contains { $0.outcome.isFailure } }
        /// Papers in the files written.
        public var papersWritten: Int {
            days.reduce(0) { total, day in
                if case .written(let papers) = day.outcome { total + papers } else { total }
            }
        }
        public var filesWritten: Int {
            days.count { if case .written = $0.outcome { true } else { false } }
        }

        public static func == (lhs: Report, rhs: Report) -> Bool {
            lhs.unreachable == rhs.unreachable && lhs.days.map(\.day) == rhs.days.map(\.day)
                && lhs.days.map(\.outcome) == rhs.days.map(\.outcome)
        }
    }

    public var client: DailyPapersClient
    public var folder: String
    public var force = false
    /// The site's today; today and the day before are always fetched again.
    public var today: DayDate

    public init(client: DailyPapersClient, folder: String, force: Bool = false, today: DayDate = .todayUTC()) {
        self.client = client
        self.folder = folder
        self.force = force
        self.today = today
    }

    /// The file a day is kept in.
    public func path(for day: DayDate) -> String { folder + "/" + day.iso + ".json" }

    /// Whether the day's file is on disk and whole enough to skip: a JSON array, first byte to last.
    public func isComplete(_ day: DayDate) -> Bool {
        guard case .success(let bytes) = WholeFile.read(path(for: day)) else { return false }
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        return bytes.first(where: { !isSpace($0) }) == UInt8(ascii: "[")
            && bytes.last(where: { !isSpace($0) }) == UInt8(ascii: "]")
    }

    /// Fetches `plan`'s days in order, reporting progress on the calling thread.
    public func run(_ plan: FetchPlan, progress: (Progress) -> Void = { _ in }) -> Report {
        var report = Report()
        var papers = 0
        let count = plan.days.count
        for (done, day) in plan.days.enumerated() {
            progress(Progress(daysDone: done, dayCount: count, papers: papers, current: day))
            if !force, day < today.adding(days: -1), isComplete(day) {
                report.days.append((day, .skipped))
                continue
            }
            let before = papers
            do throws(DailyPapersClient.Failure) {
                let download = try client.fetch(day) { read in
                    progress(Progress(daysDone: done, dayCount: count, papers: before + read, current: day))
                }
                papers = before + download.paperCount
                report.days.append((day, try keep(download, for: day)))
            } catch {
                switch error {
                case .unreachable(let reason):
                    report.unreachable = "cannot reach \(client.options.apiURL.absoluteString) (\(reason))"
                    return report
                case .noSuchDay:
                    report.days.append((day, .noSuchDay))
                case .failed(let reason):
                    report.days.append((day, .failed(reason)))
                }
            }
        }
        progress(Progress(daysDone: count, dayCount: count, papers: papers, current: nil))
        return report
    }

    /// Writes a day's download unless it is empty or the same as the file already there.
    private func keep(_ download: DailyPapersClient.Download, for day: DayDate) throws(DailyPapersClient.Failure)
        -> Outcome
    {
        guard download.paperCount > 0 else { return .empty }
        let path = path(for: day)
        if case .success(let existing) = WholeFile.read(path), existing.elementsEqual(download.bytes) {
            return .unchanged(papers: download.paperCount)
        }
        // Made with the first file, so a fetch that gets nothing leaves nothing behind, not even the folder.
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .failed("cannot create the folder \(folder): \(error.localizedDescription)")
        }
        do throws(AtomicFile.Failure) {
            try AtomicFile.write(download.bytes, to: path)
        } catch {
            throw .failed(error.description)
        }
        return .written(papers: download.paperCount)
    }
}

extension DigestFetcher.Outcome: CustomStringConvertible {
    public var description: String {
        switch self {
        case .written(let papers): "\(papers) paper\(papers == 1 ? "" : "s") written"
        case .unchanged(let papers): "\(papers) paper\(papers == 1 ? "" : "s"), unchanged"
        case .skipped: "already here"
        case .empty: "no papers listed"
        case .noSuchDay: "the site has no such day yet"
        case .failed(let reason): "failed: \(reason)"
        }
    }
}
