import FolioCore

extension Paper {
    /// The paper's authors, links and the site's record as `--json` prints them: `authors` (the visible names,
    /// empty when no digest gives them) and `links` (`[{kind, url}]`, `kind` `search` for a search by title)
    /// always; the record's fields only when the site gives them.
    var recordJSON: [String: Any] {
        var object: [String: Any] = [
            "authors": authors,
            "links": links.map { ["kind": $0.kind.rawValue, "url": $0.url] },
        ]
        if let count = authorCount { object["authorCount"] = count }
        guard let record else { return object }
        if record.hiddenAuthorCount > 0 { object["hiddenAuthors"] = record.hiddenAuthorCount }
        if let organization = record.organization { object["organization"] = organization }
        if let summary = record.siteSummary { object["aiSummary"] = summary }
        if !record.keywords.isEmpty { object["keywords"] = record.keywords }
        if let repository = record.githubRepository { object["githubRepo"] = repository }
        if let stars = record.githubStars { object["githubStars"] = stars }
        if let page = record.projectPage { object["projectPage"] = page }
        if let comments = record.commentCount { object["numComments"] = comments }
        return object
    }
}
