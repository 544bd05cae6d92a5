import FolioCore
import FolioUI
import Foundation

/// Where digests live when no PATH is given: `FOLIO_DIGESTS`, else the config's `digests`, else
/// `$XDG_DATA_HOME/folio/digests`. `folio fetch` writes there and `folio` reads there; while it holds no digest,
/// the reader shows the bundled samples instead.
enum DigestHome {
    static func folder(config: Config?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        let paths = XDGPaths(environment: environment)
        if let folder = environment["FOLIO_DIGESTS"], !folder.isEmpty { return paths.expandingTilde(folder) }
        if let folder = config?.digests { return paths.expandingTilde(folder) }
        return paths.digestsFolder
    }

    /// Whether `folder` holds at least one file the loader reads (`.txt`, `.json`, `.md`), at its top or below.
    static func holdsDigests(_ folder: String) -> Bool {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return false }
        while let name = walker.nextObject() as? String {
            let last = (name as NSString).lastPathComponent
            guard !last.hasPrefix(".") else { continue }
            if ["txt", "json", "md"].contains((last as NSString).pathExtension.lowercased()) { return true }
        }
        return false
    }

    /// Said on the status line when the reader opens the samples for want of fetched digests.
    static func samplesMessage(folder: String) -> String {
        "showing the bundled samples: R (or folio fetch) gets today's papers into \(folder)"
    }
}
