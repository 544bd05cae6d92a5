import FolioCore
import Foundation

/// `--corpus api`: every day a JSON digest in the shape of the site's `daily_papers` API with the whole record
/// of the real item (Tests/Fixtures/api): authors' full names (one in eleven hidden), organisation, the site's
/// summary and keywords, code repository and stars, project page, comments, and the fields Folio steps over
/// (`mediaUrls`, `submittedBy`, the thumbnail). What `folio fetch` writes, at the size of the site's history.
enum APICorpus {
    static let givenNames = [
        "Marco", "Matteo", "Alessandro", "Massimiliano", "Elisa", "Yichen", "Siddharth", "Anna-Lena", "Oluwaseun",
        "Jiaxuan", "Francesca", "Thibault", "Rohan", "Zhenyu", "Katarzyna", "Mohammed",
    ]
    static let familyNames = [
        "Garosi", "Farina", "Conti", "Mancini", "Ricci", "Zhang", "Krishnamurthy", "Schneider", "Adeyemi", "Wang",
        "Rossi", "Lefebvre", "Gupta", "Chen", "Nowakowska", "Al-Rashid", "Papadopoulos",
    ]
    static let keywords = [
        "Vision-Language Models", "Large Multimodal Models", "zero-shot classification", "in-context learning",
        "open-world classification", "cache-based adapters", "pseudo-labeling", "context refinement",
        "reinforcement learning", "diffusion models", "retrieval-augmented generation", "mixture of experts",
    ]
    static let organizations = [
        ("MHUGLab", "Multimedia and Human Understanding Group"), ("ai2", "Allen Institute for AI"),
        ("tsinghua", "Tsinghua University"), ("google", "Google"),
    ]

    static func json(day: DayDate, _ entries: [SyntheticCorpus.Entry]) -> String {
        let objects: [[String: Any]] = entries.map { entry in
            let number = entry.id
            let id = String(format: "9%03d.%05d", number / 100_000, number % 100_000)
            let authors: [[String: Any]] = (0..<entry.authors).map { author in
                let seed = number &* 31 &+ author &* 7
                return [
                    "_id": String(format: "69aa20ecc4f6edddcc%06x", seed & 0xFF_FFFF),
                    "name": "\(givenNames[seed % givenNames.count]) \(familyNames[(seed / 3) % familyNames.count])",
                    "hidden": (number + author) % 11 == 0,
                ]
            }
            let organization = organizations[number % organizations.count]
            let organizationObject: [String: Any] = [
                "_id": "647ef9ce45baf21ad707cc59", "name": organization.0, "fullname": organization.1,
                "avatar": "https://cdn-uploads.huggingface.co/production/uploads/647ef81a/VfcRM08QNOTXAqIUcf-WO.png",
            ]
            let submitter: [String: Any] = [
                "_id": "65a103d5230f8846b1b99cfa", "avatarUrl": "/avatars/0bcba885d6e0ff74e03f42faa5c86783.svg",
                "fullname": "Marco Garosi", "name": "marco-garosi", "type": "user", "isPro": false,
            ]
            let published = "\(day.iso)T17:08:18.000Z"
            var paper: [String: Any] = [
                "id": id, "title": entry.title, "summary": entry.abstract, "authors": authors,
                "upvotes": entry.votes, "publishedAt": published, "submittedOnDailyAt": published,
                "discussionId": "69aa20edc4f6edddcc6c85d2", "submittedOnDailyBy": submitter,
                "mediaUrls": ["https://cdn-uploads.huggingface.co/production/uploads/65a103d5/\(id).webp"],
                "ai_summary": "Study \(number) shows that "
                    + String(entry.abstract.dropFirst(entry.abstract.count / 2).prefix(170)),
                "ai_keywords": (0..<(3 + number % 7)).map { keywords[(number + $0) % keywords.count] },
                "organization": organizationObject,
            ]
            // As on the site, most papers have no code or project page.
            if number % 3 == 0 {
                paper["githubRepo"] =
                    "https://github.com/\(familyNames[number % familyNames.count].lowercased())/p\(number)"
                paper["githubStars"] = number % 900
                paper["githubRepoAddedBy"] = "user"
            }
            if number % 4 == 0 { paper["projectPage"] = "https://p\(number).github.io/" }
            return [
                "paper": paper, "publishedAt": published, "title": entry.title, "summary": entry.abstract,
                "mediaUrls": paper["mediaUrls"]!, "numComments": number % 5,
                "thumbnail": "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/\(id).png",
                "submittedBy": submitter, "organization": organizationObject, "isAuthorParticipating": false,
            ]
        }
        let data = try! JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }
}
