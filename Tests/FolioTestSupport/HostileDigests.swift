import Foundation

/// Digests whose titles try to break whatever handles them: a shell (`$(touch …)`, backticks, `;`, quotes),
/// LaTeX (braces, backslashes, `%`, `&`, `$`, `#`, `_`, `~`, `^`), CSV (commas, quotes, line breaks), Markdown
/// (brackets, stars) and the terminal (an escape sequence).
public enum HostileDigests {
    /// The file a `$(touch …)` in a title would make if anything ran it through a shell.
    public static func canary(in folder: URL) -> URL { folder.appendingPathComponent("PWNED") }

    /// Titles of the API digest, each with an arXiv id, and the abstracts beside them.
    public static func jsonTitles(canary: String) -> [String] {
        [
            "Hostile $(touch \(canary)) title; echo `touch \(canary)` && rm -rf nothing",
            "Quotes \"double\" and 'single', a comma, and a\nline break",
            "LaTeX 100% {braces} \\backslash & $math$ #hash _under ~tilde ^caret }{",
            "Markdown [brackets](https://example.com) *stars* _under_ `ticks` <b>tags</b> | pipes",
        ]
    }

    /// A title-only paper (no arXiv id): its link is a search of the site by the title.
    public static func textTitle(canary: String) -> String {
        "Search $(touch \(canary)) 'quoted' \"and\" ; semicolon & more"
    }

    /// Writes `2026-03-06.json` (the API shape, authors named, one with "and" in a name, a code repository each)
    /// and `2026-03-05.txt`
    /// (the compact shape, one title-only paper) into `folder`; returns the folder.
    @discardableResult
    public static func write(into folder: URL) throws -> URL {
        let canary = canary(in: folder).path
        let items: [[String: Any]] = jsonTitles(canary: canary).enumerated().map { index, title in
            [
                "paper": [
                    "id": "2603.0\(1000 + index)", "title": title,
                    "summary": "An abstract with \"quotes\", commas, a {brace} and\na line break, item \(index).",
                    "authors": [["name": "Ada Lovelace"], ["name": "Smith and Sons"], ["name": "Émile Zola"]],
                    "upvotes": 10 + index, "publishedAt": "2026-03-0\(index + 1)T00:00:00.000Z",
                    "githubRepo": "https://github.com/example/hostile-\(index)",
                ] as [String: Any],
                "title": title, "publishedAt": "2026-03-06T00:00:00.000Z",
            ]
        }
        let data = try JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted])
        try data.write(to: folder.appendingPathComponent("2026-03-06.json"))
        let compact = """
            Get trending papers in your email inbox once a day!
            Get trending papers in your email inbox!
            Subscribe\(textTitle(canary: canary))
            A title-only paper: its only link is a search of the site, said as such.

            """
        try compact.write(to: folder.appendingPathComponent("2026-03-05.txt"), atomically: true, encoding: .utf8)
        return folder
    }
}
