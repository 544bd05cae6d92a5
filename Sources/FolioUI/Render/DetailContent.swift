import FolioCore
import FolioScreen

/// The detail pane's lines for a paper at a width: title, metadata, the site's authors and organisation, the
/// abstract, the site's summary and keywords, then the links; all wrapped.
enum DetailContent {
    static func lines(for paper: Paper, state: AppState, width: Int) -> [StyledLine] {
        guard width > 0 else { return [] }
        var lines: [StyledLine] = []
        let title = DisplayText.sanitize(paper.title)
        for range in TextWrap.wrap(title, width: width) {
            lines.append(StyledLine(String(title[range]), Style(bold: true, color: .heading)))
        }
        let muted = Style(color: .muted)
        for meta in metadata(for: paper, state: state) {
            for range in TextWrap.wrap(meta, width: width) { lines.append(StyledLine(String(meta[range]), muted)) }
        }
        lines += recordHeader(for: paper, state: state, width: width)
        lines += layerLines(for: paper, state: state, width: width)
        lines.append(.empty)
        let abstract = DisplayText.sanitize(paper.abstract, keepNewlines: true)
        if abstract.isEmpty {
            lines.append(StyledLine("(no abstract in the digests that list this paper)", muted))
        } else {
            for range in TextWrap.wrap(abstract, width: width) { lines.append(StyledLine(String(abstract[range]))) }
        }
        lines += recordBody(for: paper, width: width)
        lines += relatedLines(for: paper, state: state, width: width)
        return lines
    }

    /// `Feb 2, 2025 · 13 authors · ▲ 118 (+12) · arXiv 2512.04677` and where and when it was listed.
    static func metadata(for paper: Paper, state: AppState) -> [String] {
        var first: [String] = []
        if let published = paper.published?.long ?? paper.publishedText {
            first.append(DisplayText.sanitize(published))
        }
        if let authors = paper.authorCount { first.append("\(authors) author\(authors == 1 ? "" : "s")") }
        let arrow = state.settings.unicode ? "▲" : "^"
        if let votes = state.currentDay.flatMap({ paper.upvotes(on: $0.date) }) ?? paper.upvotes {
            var text = "\(arrow) \(Format.count(votes))"
            // A change of nothing says nothing; before the earlier days are loaded, none is known.
            if state.library.knowsEarlierDays, let change = paper.upvoteChange, change != 0 {
                text += change > 0 ? " (+\(Format.count(change)))" : " (\(Format.count(change)))"
            }
            first.append(text)
        }
        if let id = paper.arxivID { first.append("arXiv \(DisplayText.sanitize(id))") }
        var second = "Listed \(paper.firstSeen.long)"
        let seen = paper.timesSeen
        if !state.library.knowsEarlierDays {
            // The newest day's files alone are loaded: whether it was listed before is not known yet.
            second = "Listed \(paper.lastSeen.long); earlier days loading…"
        } else if seen > 1 {
            second += ", seen on \(seen) days, last \(paper.lastSeen.long)"
        }
        if let appearance = paper.appearances.last {
            let digest = state.library.digest(of: appearance)
            second += " · \(DisplayText.sanitize(digest.displayName)):\(appearance.line)"
        }
        return (first.isEmpty ? [] : [first.joined(separator: " · ")]) + [second]
    }
}

enum Format {
    /// `118`, `2.35k`, `11.8k`, `1.2M`: as the site writes counts.
    static func count(_ value: Int) -> String { UpvoteText.short(value) }
}
