import Foundation

/// Where folio's files go by default, by the XDG Base Directory specification: the config file and topics.toml
/// under `$XDG_CONFIG_HOME/folio`, the reading state (and the histories beside it) under `$XDG_STATE_HOME/folio`,
/// fetched digests under `$XDG_DATA_HOME/folio/digests`.
///
/// The specification says a relative path in these variables is invalid and to be ignored: such a value (or an
/// empty one) falls back to the default under the home folder, as if unset. One place decides this, so the
/// config and the state cannot disagree about it.
public struct XDGPaths: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// `$HOME`, else the account's home folder when HOME is unset or empty.
    public var home: String {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }

    /// `$XDG_CONFIG_HOME` when absolute, else `~/.config`.
    public var configHome: String { base("XDG_CONFIG_HOME", default: ".config") }

    /// `$XDG_STATE_HOME` when absolute, else `~/.local/state`.
    public var stateHome: String { base("XDG_STATE_HOME", default: ".local/state") }

    /// `$XDG_DATA_HOME` when absolute, else `~/.local/share`.
    public var dataHome: String { base("XDG_DATA_HOME", default: ".local/share") }

    /// Where `folio fetch` writes digests and `folio` with no PATH reads them: `dataHome/folio/digests`.
    public var digestsFolder: String { dataHome + "/folio/digests" }

    /// A file of folio's config: `configHome/folio/name`.
    public func configFile(_ name: String) -> String { configHome + "/folio/" + name }

    /// A file of folio's state: `stateHome/folio/name`.
    public func stateFile(_ name: String) -> String { stateHome + "/folio/" + name }

    /// `path` with a leading `~/` standing for the home folder, as a shell would read it.
    public func expandingTilde(_ path: String) -> String {
        path.hasPrefix("~/") ? home + path.dropFirst() : path
    }

    private func base(_ variable: String, default relativeToHome: String) -> String {
        if let value = environment[variable], value.hasPrefix("/") { return value }
        return home + "/" + relativeToHome
    }
}

extension XDGPaths {
    /// `$XDG_CACHE_HOME` when absolute, else `~/.cache`: what may be deleted at any time (the library cache).
    public var cacheHome: String {
        if let value = environment["XDG_CACHE_HOME"], value.hasPrefix("/") { return value }
        return home + "/.cache"
    }
}
