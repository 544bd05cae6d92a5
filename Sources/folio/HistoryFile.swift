import Foundation

/// Earlier search queries or filters, one a line, beside the state file.
struct HistoryFile {
    let url: URL

    func load() -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Best effort: losing the history is no reason to stop anyone reading.
    func save(_ queries: [String]) {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let text =
            queries.suffix(200).map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n") + "\n"
        try? Data(text.utf8).write(to: url, options: .atomic)
    }
}
