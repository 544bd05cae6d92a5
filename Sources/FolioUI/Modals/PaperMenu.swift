import FolioCore
import FolioScreen

/// A small menu of what can be done with the selected paper, one key each: its links to open (`O`), or what to
/// copy (`Y`). Any other key closes it.
public struct PaperMenu: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        case open, copy
    }

    public struct Item: Sendable, Equatable {
        public var key: Character
        public var label: String
        /// What it opens or copies, shown beside the label (one line, cut to fit).
        public var detail: String
        public var effect: Effect
    }

    public var purpose: Purpose
    public var items: [Item]

    public var title: String { purpose == .open ? "Open" : "Copy" }
}

extension PaperMenu: ModalHandler {
    static var keyContext: KeyContext { .global }
    static var acceptsCounts: Bool { false }

    /// Every key answers: one of the items' runs it, anything else closes the menu.
    static func intercept(_ key: Key, in state: inout AppState) -> Handling {
        guard let menu = state.paperMenu else { return .passed }
        state.modal = nil
        guard !key.ctrl, !key.alt, let text = key.text, let item = menu.items.first(where: { $0.key == text })
        else { return .done }
        return .handled([item.effect])
    }

    static func perform(_ action: Action, times: Int, argument: String?, in state: inout AppState) -> Handling {
        .done
    }
}

extension AppState {
    /// The menu of links or copies, while it is open.
    public var paperMenu: PaperMenu? {
        if case .paperMenu(let menu) = modal { menu } else { nil }
    }

    /// The keys of the open menu: a letter the kind of link suggests.
    static func menuKey(for kind: PaperLink.Kind) -> Character {
        switch kind {
        case .site: "h"
        case .abstract: "a"
        case .pdf: "p"
        case .code: "g"
        case .project: "w"
        case .search: "s"
        }
    }

    mutating func openLinkMenu() {
        guard let paper = selectedPaper else { return noPaper() }
        let items = paper.links.map { link in
            PaperMenu.Item(
                key: Self.menuKey(for: link.kind), label: link.isSearch ? "Search the site" : link.kind.label,
                detail: link.url, effect: .open(link))
        }
        guard !items.isEmpty else {
            message = "this paper has no link to open"
            return
        }
        modal = .paperMenu(PaperMenu(purpose: .open, items: items))
    }

    mutating func openCopyMenu() {
        guard let paper = selectedPaper else { return noPaper() }
        let record = exportRecord(paper.id)
        var items: [PaperMenu.Item] = []
        if let link = paper.links.first {
            items.append(
                .init(
                    key: "l", label: link.isSearch ? "Link (a search)" : "Link", detail: link.url,
                    effect: .copy(text: link.url, what: link.isSearch ? "search link" : "link")))
        }
        items.append(
            .init(key: "t", label: "Title", detail: record.title, effect: .copy(text: record.title, what: "title")))
        if let id = record.arxivID {
            items.append(.init(key: "i", label: "arXiv id", detail: id, effect: .copy(text: id, what: "arXiv id")))
        }
        let markdown = MarkdownExport.line(record)
        items.append(
            .init(key: "m", label: "Markdown", detail: markdown, effect: .copy(text: markdown, what: "Markdown line")))
        var keys = CitationKeys()
        let bibtex = BibTeXExport.entry(record, key: keys.next(for: record))
        items.append(
            .init(
                key: "b", label: "BibTeX", detail: bibtex.split(separator: "\n").first.map(String.init) ?? "",
                effect: .copy(text: bibtex, what: "BibTeX entry")))
        modal = .paperMenu(PaperMenu(purpose: .copy, items: items))
    }

    private mutating func noPaper() {
        message = "no paper selected"
    }
}
