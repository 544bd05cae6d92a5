import Foundation

/// How Folio asks the site for digests: `folio fetch` and the reader's `R` share these.
public struct FetchSettings: Sendable, Equatable {
    /// The site's base address (`api-url`); Folio appends `/api/daily_papers?...`. `FOLIO_API_URL` overrides it.
    public var apiURL = "https://huggingface.co"
    /// The least seconds between two requests (`fetch-interval`).
    public var interval = 1.0
    /// `R` once the first frame is drawn (`fetch-on-start`).
    public var onStart = false
    /// At most this many days `R` catches up on since the newest digest (`fetch-days`).
    public var catchUpDays = 7

    public init() {}

    /// The base address in force: the environment's `FOLIO_API_URL`, else the setting.
    public func resolvedAPIURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["FOLIO_API_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? apiURL
    }
}
