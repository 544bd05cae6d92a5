/// One paper as an export writes it: what the reader knows of it and the reader's marks, its text cleaned of
/// control characters once (line breaks in an abstract kept), so every format starts from the same values.
public struct ExportRecord: Sendable, Equatable {
    public var title: String
    public var abstract: String
    /// Names as the site gives them, in the paper's order; empty when no digest names the authors.
    public var authors: [String]
    public var arxivID: String?
    /// The paper's own date, else the first day it was listed.
    public var date: DayDate
    /// The last day a digest listed it (`date` in `folio list --json`).
    public var lastSeen: DayDate
    public var upvotes: Int?
    public var links: [PaperLink]
    /// Where it was published, when the record says so: BibTeX `@article` and RIS `JOUR` then.
    public var venue: String?
    /// `arxiv:ID` or `title:...`, the key its marks are stored under.
    public var key: String
    public var read: Bool
    public var starred: Bool
    public var topics: [String]
    /// How many authors a digest says the paper has, and the site's whole record: JSON carries them as
    /// `folio list --json` does.
    public var authorCount: Int?
    public var record: PaperRecord?

    public init(
        title: String, abstract: String = "", authors: [String] = [], arxivID: String? = nil, date: DayDate,
        lastSeen: DayDate? = nil, upvotes: Int? = nil, links: [PaperLink] = [], venue: String? = nil,
        key: String = "", read: Bool = false, starred: Bool = false, topics: [String] = []
    ) {
        self.title = Self.clean(title, keepNewlines: false)
        self.abstract = Self.clean(abstract, keepNewlines: true)
        self.authors = authors.map { Self.clean($0, keepNewlines: false) }.filter { !$0.isEmpty }
        self.arxivID = arxivID.map { Self.clean($0, keepNewlines: false) }
        self.date = date
        self.lastSeen = lastSeen ?? date
        self.upvotes = upvotes
        self.links = links
        self.venue = venue.map { Self.clean($0, keepNewlines: false) }.flatMap { $0.isEmpty ? nil : $0 }
        self.key = key
        self.read = read
        self.starred = starred
        self.topics = topics
    }

    /// A paper of the library with its marks and topics.
    public init(paper: Paper, read: Bool, starred: Bool, topics: [String] = []) {
        self.init(
            title: paper.title, abstract: paper.abstract, authors: paper.authors, arxivID: paper.arxivID,
            date: paper.published ?? paper.firstSeen, lastSeen: paper.lastSeen, upvotes: paper.upvotes,
            links: paper.links, key: paper.key, read: read, starred: starred, topics: topics)
        authorCount = paper.authorCount
        record = paper.record
    }

    /// The marks as words, starred first: what the formats without a field of their own write.
    public var marks: [String] { (starred ? ["starred"] : []) + (read ? ["read"] : []) }

    /// The address a citation gives: the arXiv abstract when the id is known, else the paper's first own link
    /// (never a search, which may find other papers).
    public var citationURL: String? {
        links.first { $0.kind == .abstract }?.url ?? links.first { !$0.isSearch }?.url
    }

    /// The address to read the paper at: its first link (the site's page, or a search said as one).
    public var primaryLink: PaperLink? { links.first }

    /// Text without control characters: tabs become spaces, line breaks spaces unless kept, the rest go.
    static func clean(_ text: String, keepNewlines: Bool) -> String {
        if isClean(text, keepNewlines: keepNewlines) { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepNewlines: result.unicodeScalars.append(scalar)
            case 0x0D where keepNewlines: break
            case 0x09, 0x0A, 0x0D: result.unicodeScalars.append(" ")
            case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029: break
            default: result.unicodeScalars.append(scalar)
            }
        }
        return keepNewlines
            ? result : result.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// Whether `clean` would give the text back as it is, found from its bytes: most text has nothing to clean,
    /// and an export of 20,000 papers went through 30 million characters of abstracts one by one.
    private static func isClean(_ text: String, keepNewlines: Bool) -> Bool {
        var previous: UInt8 = keepNewlines ? 0 : 0x20
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0x0A where keepNewlines: break
            case 0x00..<0x20, 0x7F: return false
            // C1 controls (U+0080 to U+009F) and the line and paragraph separators (U+2028, U+2029).
            case 0x80...0x9F where previous == 0xC2: return false
            case 0xA8...0xA9 where previous == 0x80 && beforePrevious == 0xE2: return false
            // Spaces collapse on one line: a leading one, or two in a row.
            case 0x20 where !keepNewlines && previous == 0x20: return false
            default: break
            }
            beforePrevious = previous
            previous = byte
        }
        return keepNewlines || previous != 0x20
    }

    /// The text on one line, white space collapsed: for the line-oriented formats.
    static func oneLine(_ text: String) -> String {
        isClean(text, keepNewlines: false)
            ? text : text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    /// `url` with each of the ASCII `characters` percent-escaped (`%7B`): an address inside a format's own
    /// delimiters, where those characters would end it or mean something else.
    static func percentEscaping(_ characters: String, in url: String) -> String {
        var result = ""
        for scalar in url.unicodeScalars {
            if scalar.isASCII, characters.unicodeScalars.contains(scalar) {
                result += "%" + String(scalar.value, radix: 16, uppercase: true)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
