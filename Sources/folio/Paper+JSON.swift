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
        object.merge(JSONExport.recordFields(record, authorCount: authorCount)) { ours, _ in ours }
        return object
    }
}
