/// What a person can set in the config file, with the defaults a new user gets.
public struct Settings: Sendable, Equatable {
    /// Side by side from this many columns; list above detail below it.
    public var sideBySideMinWidth = 120
    /// Share of the width (side by side) or height (stacked) the list takes.
    public var listRatio = 0.45
    /// Draw ★ and ▲; off draws `*` and `^` for terminals without Unicode fonts.
    public var unicode = true
    public var colors = true
    /// `auto`: colors when the terminal has them and NO_COLOR is not set; `--color` overrides it.
    public var color: ColorMode = .auto
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

/// When to draw in color (no-color.org: a config or flag saying `always` outranks NO_COLOR; `auto` defers to it).
public enum ColorMode: String, CaseIterable, Sendable {
    case auto, always, never

    /// Whether to ask the terminal for colors: `flag` (from `--color`) over the setting; `auto` is off when
    /// NO_COLOR is set and not empty (the terminal then still decides whether it has colors at all).
    public static func wantsColor(flag: ColorMode?, setting: ColorMode, environment: [String: String]) -> Bool {
        switch flag ?? setting {
        case .always: true
        case .never: false
        case .auto: (environment["NO_COLOR"] ?? "").isEmpty
        }
    }
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
