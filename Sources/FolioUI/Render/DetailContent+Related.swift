import FolioCore
import FolioScreen

extension DetailContent {
    /// The few papers most like this one, a line each (the title cut to the width), under a heading that says
    /// `m` lists them; or why there are none yet.
    static func relatedLines(for paper: Paper, state: AppState, width: Int) -> [StyledLine] {
        let muted = Style(color: .muted)
        guard state.related.papers != nil else {
            return [.empty] + wrapped("Related papers: waiting for the index…", width: width, style: muted)
        }
        guard let related = state.relatedPapers(of: paper.id) else {
            return [.empty] + wrapped("Related papers: finding them…", width: width, style: muted)
        }
        guard !related.isEmpty else {
            return [.empty] + wrapped("Related papers: none close enough", width: width, style: muted)
        }
        var lines: [StyledLine] = [.empty]
        lines += wrapped(relatedLabel, width: width, style: Style(bold: true, color: .accent))
        let bullet = state.settings.unicode ? "• " : "- "
        for other in related.prefix(AppState.relatedShown) {
            let title = DisplayText.sanitize(state.library.papers[other].title)
            lines.append(StyledLine(TextWidth.truncate(bullet + title, to: width)))
        }
        return lines
    }

    static let relatedLabel = "Related papers (m lists them)"
}
