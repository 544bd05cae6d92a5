import ArgumentParser
import FolioCore
import FolioScreen
import FolioUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Folio {
    struct FetchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fetch",
            abstract: "Get digests from the site's daily_papers endpoint, one YYYY-MM-DD.json a day.",
            discussion: """
                Days count in UTC, as the site counts them. Days already on disk are skipped (unless --force); \
                today and yesterday are always fetched again. Each file is written whole or not at all. \
                Exit 0 when every day was written, 1 when some failed (the others are kept), 2 for usage.
                """)

        @Option(help: ArgumentHelp("Fetch this day (default: today, UTC).", valueName: "YYYY-MM-DD"))
        var date: String?
        @Option(help: ArgumentHelp("Fetch every day from this one to today.", valueName: "YYYY-MM-DD"))
        var since: String?
        @Option(help: ArgumentHelp("Fetch the N days ending today.", valueName: "N"))
        var days: Int?
        @Option(
            name: .customLong("to"),
            help: ArgumentHelp(
                "The folder to write into (default: FOLIO_DIGESTS, the config's digests, else $XDG_DATA_HOME/folio/digests).",
                valueName: "dir"))
        var folder: String?
        @Flag(help: "Fetch days already on disk again.") var force = false
        @Flag(name: .shortAndLong, help: "No progress line and no summary; problems are still said.") var quiet = false
        @Option(
            help: ArgumentHelp(
                "The least seconds between two requests (default: the config's fetch-interval, 1).",
                valueName: "seconds"))
        var interval: Double?
        @Option(
            help: ArgumentHelp("Give up on a request silent this long (connecting or reading).", valueName: "seconds"))
        var timeout: Double = 30
        @OptionGroup var configOptions: ConfigOptions

        func run() throws {
            let (config, problems) = try configOptions.load()
            var standardError = StandardError()
            for problem in problems { print("folio: \(problem)", to: &standardError) }
            let today = DayDate.todayUTC()
            let plan = try makePlan(today: today)
            var fetchTarget = try Self.target(config: config)
            fetchTarget.options.interval = max(0, interval ?? fetchTarget.options.interval)
            fetchTarget.options.timeout = max(1, timeout)
            let target = folder.map(ConfigOptions.expandTilde) ?? fetchTarget.folder
            let fetcher = DigestFetcher(
                client: DailyPapersClient(options: fetchTarget.options), folder: target, force: force, today: today)
            let showsProgress = !quiet && isatty(STDERR_FILENO) == 1
            let report = fetcher.run(plan) { progress in
                guard showsProgress else { return }
                FileHandle.standardError.write(Data(("\r\u{1B}[K" + Self.describe(progress)).utf8))
            }
            if showsProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            if let unreachable = report.unreachable {
                throw failure("\(unreachable): nothing more fetched", code: 1)
            }
            for (day, outcome) in report.days where outcome.isFailure {
                print("folio: \(day.iso): \(outcome)", to: &standardError)
            }
            if !quiet {
                var output = SafeOutput()
                print(Self.summary(report, folder: target), to: &output)
            }
            if report.failed { throw ExitCode(1) }
        }

        /// Where digests are fetched to and how, as the config and the environment say: for this command and `R`.
        static func target(config: Config) throws -> LiveDigests.FetchTarget {
            let address = config.settings.fetch.resolvedAPIURL()
            guard let apiURL = URL(string: address), ["http", "https"].contains(apiURL.scheme ?? ""),
                apiURL.host != nil
            else {
                throw failure(
                    "the site's address \(address) (api-url, FOLIO_API_URL) is not an http(s) address", code: 2)
            }
            var options = DailyPapersClient.Options(apiURL: apiURL, userAgent: "folio/\(Folio.version)")
            options.interval = max(0, config.settings.fetch.interval)
            return LiveDigests.FetchTarget(folder: DigestHome.folder(config: config), options: options)
        }

        /// The days asked for: one (`--date`, default today), or a run ending today (`--since`, `--days`).
        func makePlan(today: DayDate) throws -> FetchPlan {
            let given = [date != nil, since != nil, days != nil].count { $0 }
            if given > 1 { throw failure("--date, --since and --days choose the days: give one of them", code: 2) }
            func day(_ text: String, _ option: String) throws -> DayDate {
                guard text.count == 10, let parsed = DayDate(iso: text), parsed.iso == text else {
                    throw failure("\(option) \(text) is not a date written YYYY-MM-DD", code: 2)
                }
                return parsed
            }
            if let date { return FetchPlan(days: [try day(date, "--date")]) }
            if let since {
                let first = try day(since, "--since")
                guard first <= today else {
                    throw failure("--since \(since) is after today (\(today.iso), UTC)", code: 2)
                }
                return .days(from: first, through: today)
            }
            if let days {
                guard days >= 1 else { throw failure("--days must be at least 1", code: 2) }
                return .days(ending: today, count: days)
            }
            return FetchPlan(days: [today])
        }

        static func describe(_ progress: DigestFetcher.Progress) -> String {
            let papers = "\(progress.papers) paper\(progress.papers == 1 ? "" : "s")"
            let current = progress.current.map { " · \($0.iso)" } ?? ""
            return "fetching: \(progress.daysDone)/\(progress.dayCount) days · \(papers)\(current)"
        }

        static func summary(_ report: DigestFetcher.Report, folder: String) -> String {
            var counts: [String: Int] = [:]
            var order: [String] = []
            for (_, outcome) in report.days {
                let kind: String
                switch outcome {
                case .written: kind = "written"
                case .unchanged: kind = "unchanged"
                case .skipped: kind = "already here"
                case .empty: kind = "with no papers"
                case .noSuchDay: kind = "not on the site yet"
                case .failed: kind = "failed"
                }
                if counts[kind] == nil { order.append(kind) }
                counts[kind, default: 0] += 1
            }
            let parts = order.map { "\(counts[$0]!) \($0)" }
            let papers = report.papersWritten
            return "\(report.days.count) day\(report.days.count == 1 ? "" : "s"): \(parts.joined(separator: ", "))"
                + " (\(papers) paper\(papers == 1 ? "" : "s") written to \(folder))"
        }
    }
}
