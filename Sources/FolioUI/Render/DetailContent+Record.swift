import FolioCore
import FolioScreen

/// The detail pane's lines from the site's record and the paper's links. Everything in them comes from digests,
/// so every text is sanitised before it is laid out.
extension DetailContent {
    /// How many authors are named before "+N".
    static let namedAuthors = 3

    /// `Marco Garosi, Matteo Farina, Alessandro Conti +2` and `Multimedia and Human Understanding Group ·
    /// ★ 9 on GitHub · 1 comment`, under the metadata.
    static func recordHeader(for paper: Paper, state: AppState, width: Int) -> [StyledLine] {
        guard let record = paper.record else { return [] }
        var lines: [StyledLine] = []
        let authors = paper.authors
        if !authors.isEmpty {
            var text = authors.prefix(namedAuthors).map { DisplayText.sanitize($0) }.joined(separator: ", ")
            if authors.count > namedAuthors { text += " +\(authors.count - namedAuthors)" }
            lines += wrapped(text, width: width, style: .plain)
        }
        var facts: [String] = []
        if let organization = record.organization { facts.append(DisplayText.sanitize(organization)) }
        if let stars = record.githubStars {
            facts.append("\(state.settings.unicode ? "★" : "*") \(Format.count(stars)) on GitHub")
        }
        if let comments = record.commentCount {
            facts.append("\(Format.count(comments)) comment\(comments == 1 ? "" : "s")")
        }
        if !facts.isEmpty {
            lines += wrapped(facts.joined(separator: " · "), width: width, style: Style(color: .muted))
        }
        return lines
    }

    /// After the abstract: the site's summary under its label, the keywords, then each link on a line of its own.
    static func recordBody(for paper: Paper, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        let muted = Style(color: .muted)
        if let summary = paper.record?.siteSummary.map({ DisplayText.sanitize($0, keepNewlines: true) }),
            !summary.isEmpty
        {
            lines.append(.empty)
            lines += wrapped(siteSummaryLabel, width: width, style: Style(bold: true, color: .accent))
            lines += wrapped(summary, width: width, style: .plain)
        }
        let keywords = paper.record?.keywords ?? []
        if !keywords.isEmpty {
            lines.append(.empty)
            lines += wrapped(
                "Keywords: " + keywords.map { DisplayText.sanitize($0) }.joined(separator: ", "), width: width,
                style: muted)
        }
        let links = paper.links
        if !links.isEmpty {
            lines.append(.empty)
            for link in links { lines += linkLines(link, width: width) }
        }
        return lines
    }

    static let siteSummaryLabel = "The site's AI summary (not the authors')"

    /// A link whole at the start of its line, so a terminal that finds addresses on screen finds all of it, and
    /// what it is after it when that fits: `https://arxiv.org/pdf/2602.23229  PDF`; else the label on the line
    /// above, and a link wider than the pane broken over lines. A search by a long title is not broken (the
    /// terminal would find only its first line, a search for half a word): it is shown with the title's words
    /// that fit, a whole search of its own, and said to be shortened; opening and copying take the whole title.
    static func linkLines(_ link: PaperLink, width: Int) -> [StyledLine] {
        var url = DisplayText.sanitize(link.url)
        var label = link.kind == .search ? "Search the site by title" : link.kind.label
        let urlStyle = Style(color: .accent)
        if TextWidth.columns(url) + 2 + TextWidth.columns(label) <= width {
            return [StyledLine([(url, urlStyle), ("  " + label, Style(color: .muted))])]
        }
        if link.isSearch, let shortened = searchFitting(url, width: width) {
            url = shortened
            label += " (shortened to fit)"
        }
        return wrapped(label, width: width, style: Style(color: .muted)) + wrapped(url, width: width, style: urlStyle)
    }

    /// The search `url` with the last words of its query (`+`-separated, so no percent escape is cut) left off
    /// until it fits `width`; nil when it fits already or even its first word does not.
    static func searchFitting(_ url: String, width: Int) -> String? {
        guard TextWidth.columns(url) > width, let query = url.range(of: "?q=") else { return nil }
        var end = url.endIndex
        while let plus = url[query.upperBound..<end].lastIndex(of: "+") {
            end = plus
            if TextWidth.columns(url[..<end]) <= width { return String(url[..<end]) }
        }
        return nil
    }

    static func wrapped(_ text: String, width: Int, style: Style) -> [StyledLine] {
        TextWrap.wrap(text, width: width).map { StyledLine(String(text[$0]), style) }
    }
}
