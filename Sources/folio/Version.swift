import FolioTerminal

extension Folio {
    /// What `folio --version` prints, for bug reports (as newsboat's `-v`): Folio's version, the ncurses it runs
    /// with and the Swift that built it.
    static var versionText: String {
        "folio \(version)\n\(Terminal.libraryVersion)\nbuilt with Swift \(swiftVersion)"
    }

    /// One line of the same, for `folio doctor`.
    static var versionSummary: String { "\(version), \(Terminal.libraryVersion), built with Swift \(swiftVersion)" }

    /// The compiler's version, read at build time: Swift has no string for it, only `#if compiler(>=…)`, so it is
    /// exact for the toolchain Folio is built with here (6.3.1) and a range beyond.
    static var swiftVersion: String {
        #if compiler(>=6.4)
            "6.4 or later"
        #elseif compiler(>=6.3.2)
            "6.3.2 or a later 6.3"
        #elseif compiler(>=6.3.1)
            "6.3.1"
        #else
            "6.3.0 or earlier"
        #endif
    }
}
