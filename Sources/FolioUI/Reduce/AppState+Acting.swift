import FolioCore
import FolioScreen

extension AppState {
    /// What `o`, `O`, `y`, `Y` and `E` do: decisions only; the edge opens, copies and writes.
    mutating func performActing(_ action: Action) {
        switch action {
        case .openLink:
            guard let link = selectedPaper?.links.first else {
                message = selectedPaper == nil ? "no paper selected" : "this paper has no link to open"
                return
            }
            emit(.open(link))
        case .openMenu: openLinkMenu()
        case .copyLink:
            guard let link = selectedPaper?.links.first else {
                message = selectedPaper == nil ? "no paper selected" : "this paper has no link to copy"
                return
            }
            emit(.copy(text: link.url, what: link.isSearch ? "search link" : "link"))
        case .copyMenu: openCopyMenu()
        case .exportView: openExportPrompt()
        default: break
        }
    }
}
