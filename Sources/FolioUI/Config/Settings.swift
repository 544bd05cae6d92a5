/// What a person can set in the config file, with the defaults a new user gets.
public struct Settings: Sendable, Equatable {
    /// Side by side from this many columns; list above detail below it.
    public var sideBySideMinWidth = 120
    /// Share of the width (side by side) or height (stacked) the list takes.
    public var listRatio = 0.45
    /// Draw ★ and ▲; off draws `*` and `^` for terminals without Unicode fonts.
    public var unicode = true
    public var colors = true
    public var mouse = true
    /// Opening a paper's detail pane marks it read.
    public var markReadOnOpen = true
    public var defaultSort: SortOrder = .digest
    /// A line above the panes with the view's topics and their counts.
    public var topicBar = true
    /// Topics found in the loaded abstracts, besides the built-in and user ones.
    public var discoveredTopics = true
    /// Addresses in the detail pane as OSC 8 links. Off by default: the edge turns it on for terminals known to
    /// support them when the config does not say (`hyperlinks` unset).
    public var hyperlinks = false
    /// `api-url`, `fetch-interval`, `fetch-on-start`, `fetch-days`: how `folio fetch` and `R` ask the site.
    public var fetch = FetchSettings()

    public init() {}
}

/// The orders the list can be sorted in; `cycle-sort` steps through them.
public enum SortOrder: String, CaseIterable, Sendable {
    case digest
    case upvotes
    case title
    case firstSeen = "first-seen"

    public var label: String {
        switch self {
        case .digest: "digest order"
        case .upvotes: "upvotes"
        case .title: "title"
        case .firstSeen: "first seen"
        }
    }

    public var next: SortOrder {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
