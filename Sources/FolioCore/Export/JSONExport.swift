import Foundation

/// The records as `folio list --json` prints papers (title, key, date, upvotes, arxivId, read, starred, topics,
/// authors, links and the site's record), with the abstract, the paper's date as `published` and the marks added.
public enum JSONExport {
    public static func render(_ records: [ExportRecord]) -> String {
        let objects: [[String: Any]] = records.map(object)
        let data =
            (try? JSONSerialization.data(
                withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func object(_ record: ExportRecord) -> [String: Any] {
        var object: [String: Any] = [
            "title": record.title, "key": record.key, "date": record.lastSeen.iso, "published": record.date.iso,
            "read": record.read, "starred": record.starred, "marks": record.marks, "topics": record.topics,
            "abstract": record.abstract, "authors": record.authors,
            "links": record.links.map { ["kind": $0.kind.rawValue, "url": $0.url] },
        ]
        if let votes = record.upvotes { object["upvotes"] = votes }
        if let id = record.arxivID { object["arxivId"] = id }
        if let venue = record.venue { object["venue"] = venue }
        return object.merging(recordFields(record.record, authorCount: record.authorCount)) { ours, _ in ours }
    }

    /// The site's record as `--json` names its fields (`authorCount`, `hiddenAuthors`, `organization`,
    /// `aiSummary`, `keywords`, `githubRepo`, `githubStars`, `projectPage`, `numComments`), each only when known.
    public static func recordFields(_ record: PaperRecord?, authorCount: Int?) -> [String: Any] {
        var object: [String: Any] = [:]
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
