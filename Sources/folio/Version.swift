import FolioTerminal

extension Folio {
    static let number = "0.1.0"

    /// What `folio --version` prints, for bug reports (as newsboat's `-v`): Folio's version, the ncurses it runs
    /// with and the Swift that built it.
    static var versionText: String {
        "folio \(number)\n\(Terminal.libraryVersion)\nbuilt with Swift \(swiftVersion)"
    }

    /// One line of the same, for `folio doctor`.
    static var versionSummary: String { "\(number), \(Terminal.libraryVersion), built with Swift \(swiftVersion)" }

    /// The compiler's version, read at build time: Swift has no string for it, only `#if compiler(>=…)`.
    static var swiftVersion: String {
        #if compiler(>=7.0)
            return "7.0 or later"
        #elseif compiler(>=6.5)
            return "6.5 or later"
        #elseif compiler(>=6.4)
            return "6.4"
        #elseif compiler(>=6.3.3)
            return "6.3.3"
        #elseif compiler(>=6.3.2)
            return "6.3.2"
        #elseif compiler(>=6.3.1)
            return "6.3.1"
        #elseif compiler(>=6.3)
            return "6.3"
        #elseif compiler(>=6.2)
            return "6.2"
        #elseif compiler(>=6.1)
            return "6.1"
        #else
            return "6.0"
        #endif
    }
}
