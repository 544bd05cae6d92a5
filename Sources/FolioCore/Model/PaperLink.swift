import Foundation

/// An address to open or copy for a paper: its page on the site, its arXiv abstract and PDF, its code and project
/// page; or, for a paper known only by its title, a search of the site for it.
public struct PaperLink: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// `https://huggingface.co/papers/ID`
        case site
        /// `https://arxiv.org/abs/ID`
        case abstract
        /// `https://arxiv.org/pdf/ID`
        case pdf
        /// The GitHub repository the site names.
        case code
        /// The project page the site names.
        case project
        /// `https://huggingface.co/papers?q=WORDS+OF+THE+TITLE`: a search, for a paper with no arXiv id; it may find others.
        case search

        /// A short label for a line or a menu.
        public var label: String {
            switch self {
            case .site: "Hugging Face"
            case .abstract: "arXiv"
            case .pdf: "PDF"
            case .code: "Code"
            case .project: "Project"
            case .search: "Search"
            }
        }
    }

    public var kind: Kind
    public var url: String

    public init(kind: Kind, url: String) {
        self.kind = kind
        self.url = url
    }

    /// A search rather than the paper's own address.
    public var isSearch: Bool { kind == .search }

    public static let siteBase = "https://huggingface.co"
    public static let arxivBase = "https://arxiv.org"
}

extension Paper {
    /// Every address of the paper, in this order: the site's page, the arXiv abstract and PDF (by arXiv id), the code
    /// repository and project page (from the site's record); a paper with no arXiv id gets a search of the site
    /// by its title instead of the first three. The one place links are built: the detail pane, `--json`,
    /// opening and copying all read it.
    public var links: [PaperLink] {
        var links: [PaperLink] = []
        if let id = arxivID.flatMap(PaperLink.pathComponent) {
            links.append(PaperLink(kind: .site, url: "\(PaperLink.siteBase)/papers/\(id)"))
            links.append(PaperLink(kind: .abstract, url: "\(PaperLink.arxivBase)/abs/\(id)"))
            links.append(PaperLink(kind: .pdf, url: "\(PaperLink.arxivBase)/pdf/\(id)"))
        } else if let query = PaperLink.queryValue(title) {
            links.append(PaperLink(kind: .search, url: "\(PaperLink.siteBase)/papers?q=\(query)"))
        }
        if let repository = record?.githubRepository.flatMap(PaperLink.webAddress) {
            links.append(PaperLink(kind: .code, url: repository))
        }
        if let page = record?.projectPage.flatMap(PaperLink.webAddress) {
            links.append(PaperLink(kind: .project, url: page))
        }
        return links
    }
}

extension PaperLink {
    /// An arXiv id as a path (old ids have a `/`: `hep-th/9901001`), percent-encoded: the id comes from a digest.
    static func pathComponent(_ id: String) -> String? {
        let id = id.trimmed
        guard !id.isEmpty, !id.contains(".."), !id.hasPrefix("/") else { return nil }
        return id.addingPercentEncoding(withAllowedCharacters: pathAllowed)
    }

    /// A title as a query value, as a form writes it: words joined by `+`, everything but unreserved characters
    /// percent-encoded (`+` itself too), so the address stays short enough to read.
    static func queryValue(_ title: String) -> String? {
        let words = title.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        guard !words.isEmpty else { return nil }
        return words.compactMap { $0.addingPercentEncoding(withAllowedCharacters: unreserved) }.joined(separator: "+")
    }

    /// An address from a digest, kept only when it is a plain `http` or `https` one: no other scheme, no white
    /// space or control characters (what a digest says is not trusted to be opened).
    static func webAddress(_ text: String) -> String? {
        let text = text.trimmed
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"),
            text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
            let components = URLComponents(string: text), let host = components.host, !host.isEmpty
        else { return nil }
        return text
    }

    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
    private static let pathAllowed = unreserved.union(CharacterSet(charactersIn: "/"))
}
