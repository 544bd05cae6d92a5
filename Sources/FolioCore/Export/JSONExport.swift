import Foundation

/// The records as `folio list --json` prints papers (title, key, date, upvotes, arxivId, read, starred, topics),
/// with the abstract, the authors, the paper's date as `published`, the links and the marks added.
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
        return object
    }
}
