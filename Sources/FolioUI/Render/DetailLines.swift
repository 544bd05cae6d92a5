import FolioCore
import FolioScreen

/// The selected paper's detail pane, laid out once for a width: title, metadata and the wrapped abstract.
/// Scrolling, `n`/`N` and render all read these lines; they are made anew only when what they show changes.
struct DetailLines: Sendable {
    /// What the lines depend on.
    struct Key: Equatable, Sendable {
        var paper: PaperID
        var width: Int
        /// The day shown: the metadata gives that day's upvotes.
        var day: DayDate?
        var unicode: Bool
    }

    var key: Key
    var lines: [StyledLine]
}

extension AppState {
    func detailLinesKey(for paper: Paper) -> DetailLines.Key {
        DetailLines.Key(paper: paper.id, width: layout.detail.width, day: currentDay?.date, unicode: settings.unicode)
    }

    /// The paper's detail lines: from the cache when it holds them, else laid out now.
    func detailLines(for paper: Paper) -> [StyledLine] {
        let key = detailLinesKey(for: paper)
        if let detailCache, detailCache.key == key { return detailCache.lines }
        return DetailContent.lines(for: paper, state: self, width: key.width)
    }

    /// Lays out the selected paper when the cache is not for it (another paper, width or day).
    mutating func refreshDetailLines() {
        guard let paper = selectedPaper else {
            detailCache = nil
            return
        }
        let key = detailLinesKey(for: paper)
        guard detailCache?.key != key else { return }
        detailCache = DetailLines(key: key, lines: DetailContent.lines(for: paper, state: self, width: key.width))
        detailLayouts += 1
    }
}
