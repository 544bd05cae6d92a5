import FolioCore
import FolioScreen
import FolioTestSupport
import Foundation
import Testing

@testable import FolioUI

/// `o`, `O`, `y`, `Y` and `E` decide; the edge opens, copies and writes. These check the effects asked for.
@Suite("Open, copy and export")
struct ActingTests {
    let size = Size(width: 100, height: 30)

    /// One API digest: a paper with an arXiv id.
    static let jsonLibrary: Library = {
        let text = """
            [{"paper": {"id": "2602.23229", "title": "Large Multimodal Models as General In-Context Classifiers",
              "summary": "Which multimodal model should we use?", "authors": [{"name": "Marco Garosi"}],
              "upvotes": 10, "publishedAt": "2026-02-26T17:08:18.000Z"},
              "title": "Large Multimodal Models as General In-Context Classifiers",
              "publishedAt": "2026-03-06T03:55:12.777Z"}]
            """
        return DigestLoader.load(inputs: [DigestInput(source: "2026-03-06.json", text: text)])
    }()

    func press(_ state: inout AppState, _ names: String...) -> [Effect] {
        names.flatMap { state.handle(.key(Key(name: $0)!)) }
    }

    @Test("o opens the paper's page on the site; y copies it")
    func openAndCopyLink() {
        var state = AppState(library: Self.jsonLibrary, size: size)
        let page = PaperLink(kind: .site, url: "https://huggingface.co/papers/2602.23229")
        #expect(press(&state, "o") == [.open(page)])
        #expect(press(&state, "y") == [.copy(text: page.url, what: "link")])
    }

    @Test("O offers the site, arXiv and the PDF, a key each; the key opens that one, another key closes the menu")
    func openMenu() throws {
        var state = AppState(library: Self.jsonLibrary, size: size)
        #expect(press(&state, "O").isEmpty)
        let menu = try #require(state.paperMenu)
        #expect(menu.items.map(\.key) == ["h", "a", "p"])
        #expect(menu.items.map(\.label) == ["Hugging Face", "arXiv", "PDF"])
        let screen = render(state, size: size)
        #expect(screen.lines.contains { $0.contains("p PDF") && $0.contains("https://arxiv.org/pdf/2602.23229") })
        #expect(press(&state, "p") == [.open(PaperLink(kind: .pdf, url: "https://arxiv.org/pdf/2602.23229"))])
        #expect(state.modal == nil)
        _ = press(&state, "O")
        #expect(press(&state, "esc").isEmpty)
        #expect(state.modal == nil)
    }

    @Test("Y copies the title, the arXiv id, a Markdown line or a BibTeX entry")
    func copyMenu() throws {
        var state = AppState(library: Self.jsonLibrary, size: size)
        _ = press(&state, "Y")
        #expect(try #require(state.paperMenu).items.map(\.key) == ["l", "t", "i", "m", "b"])
        let title = "Large Multimodal Models as General In-Context Classifiers"
        #expect(press(&state, "t") == [.copy(text: title, what: "title")])
        _ = press(&state, "Y")
        #expect(press(&state, "i") == [.copy(text: "2602.23229", what: "arXiv id")])
        _ = press(&state, "Y")
        guard case .copy(let bibtex, "BibTeX entry") = press(&state, "b").first else {
            Issue.record("b copied no BibTeX entry")
            return
        }
        #expect(bibtex.hasPrefix("@misc{"))
        #expect(bibtex.contains("eprint = {2602.23229}"))
    }

    @Test("A paper known by its title only opens and copies a search for it, said as a search")
    func titleOnlyPaper() throws {
        var state = UIFixtures.state(size)
        let paper = try #require(state.selectedPaper)
        #expect(paper.arxivID == nil)
        guard case .open(let link) = press(&state, "o").first else {
            Issue.record("o opened nothing")
            return
        }
        #expect(link.kind == .search)
        #expect(link.url.hasPrefix("https://huggingface.co/papers?q="))
        #expect(press(&state, "y") == [.copy(text: link.url, what: "search link")])
        _ = press(&state, "O")
        #expect(state.paperMenu?.items.map(\.label) == ["Search the site"])
    }

    @Test("E asks for a file; its ending names the format; Enter writes the view; a file there is asked about")
    func exportPrompt() throws {
        var state = UIFixtures.state(size)
        #expect(press(&state, "E").isEmpty)
        let prompt = try #require(state.exportPrompt)
        #expect(prompt.text.hasSuffix(".bib"))
        let written = press(&state, "enter")
        guard case .export(let file) = written.first else {
            Issue.record("Enter exported nothing: \(written)")
            return
        }
        #expect(file.format == .bibtex)
        #expect(file.count == state.visible.count)
        #expect(file.contents.components(separatedBy: "@misc{").count - 1 == state.visible.count)
        #expect(!file.replace)
        // The edge found a file there: the prompt comes back and Enter replaces it.
        _ = state.handle(.exportExists(path: file.path))
        #expect(state.exportPrompt?.problem?.contains("exists") == true)
        guard case .export(let again) = press(&state, "enter").first else {
            Issue.record("Enter did not replace")
            return
        }
        #expect(again.replace)
        _ = state.handle(.reported("exported 3 papers"))
        #expect(state.message == "exported 3 papers")
        // An ending that names no format keeps the prompt open.
        _ = press(&state, "E", "ctrl-u")
        for character in "notes.txt" { _ = state.handle(.key(.char(character))) }
        #expect(press(&state, "enter").isEmpty)
        #expect(state.exportPrompt?.problem?.contains(".bib") == true)
        _ = press(&state, "esc")
        #expect(state.modal == nil)
    }

    @Test("With hyperlinks on, each address shown whole in the detail pane is a link of the screen; off, none")
    func hyperlinks() throws {
        var settings = Settings()
        settings.hyperlinks = true
        let big = Size(width: 100, height: 60)
        let state = AppState(library: Self.jsonLibrary, settings: settings, size: big)
        let screen = render(state, size: big)
        let urls = screen.hyperlinks.map(\.url)
        #expect(urls.contains("https://arxiv.org/pdf/2602.23229"))
        for link in screen.hyperlinks {
            let text = link.columns.map { screen[link.row, $0].text }.joined()
            #expect(text == link.url)
        }
        #expect(render(AppState(library: Self.jsonLibrary, size: big), size: big).hyperlinks.isEmpty)
    }
}
