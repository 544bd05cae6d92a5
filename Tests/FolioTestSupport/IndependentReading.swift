import Foundation

/// Counts read from digest files by rules of their own, much simpler than the parser's and sharing none of its
/// code, so that a count the program shows can be checked against the file rather than typed into a test.
public enum IndependentReading {
    /// The lines of a file, trimmed of spaces.
    private static func lines(_ url: URL) -> [String] {
        Fixtures.text(url).components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func jsonEntries(_ url: URL) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(Fixtures.bytes(url)))) as? [[String: Any]] ?? []
    }

    /// How many entries a digest lists: a JSON array's elements; in a page, its `·` lines (one a paper, before
    /// the date); in the compact shape, the non-empty lines after the header, a title and an abstract each.
    public static func entryCount(_ url: URL) -> Int {
        if url.pathExtension == "json" { return jsonEntries(url).count }
        let lines = lines(url)
        let dots = lines.filter { $0 == "·" }.count
        if dots > 0 { return dots }
        return compactLines(lines).count / 2
    }

    /// The compact shape's title and abstract lines: the header's lines gone, `Subscribe` unglued from the first title.
    private static func compactLines(_ lines: [String]) -> [String] {
        var content = lines.filter { !$0.isEmpty && !$0.hasPrefix("Get trending papers") }
        if let first = content.first, first.hasPrefix("Subscribe") {
            content[0] = String(first.dropFirst("Subscribe".count))
        }
        return content
    }

    /// The entries' titles. In a page a paper's non-empty lines are its title, its abstract, `• N authors` (if
    /// any), then `·`; in the compact shape titles and abstracts alternate.
    public static func titles(_ url: URL) -> [String] {
        if url.pathExtension == "json" { return jsonEntries(url).compactMap { $0["title"] as? String } }
        let lines = lines(url).filter { !$0.isEmpty }
        guard lines.contains("·") else {
            return compactLines(lines).enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        }
        return lines.indices.filter { lines[$0] == "·" }.map { dot in
            lines[dot - 1].hasPrefix("•") ? lines[dot - 3] : lines[dot - 2]
        }
    }

    /// The arXiv ids of a JSON digest's entries.
    public static func arxivIDs(_ url: URL) -> [String] {
        jsonEntries(url).compactMap { ($0["paper"] as? [String: Any])?["id"] as? String }
    }

    /// How many different titles the files hold, told apart by their letters and digits alone (case ignored):
    /// the papers of a set of digests whose papers are never renamed.
    public static func distinctTitleCount(_ urls: [URL]) -> Int {
        Set(
            urls.flatMap(titles).map { title in
                title.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
            }
        ).count
    }
}
