import FolioCore
import FolioScreen
import Testing

@testable import FolioUI

@Suite("Golden screens")
struct GoldenScreenTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 20, height: 5)]

    static func name(_ base: String, _ size: Size) -> String { "\(base)-\(size.width)x\(size.height)" }

    @Test("Today's list with the first paper's detail", arguments: sizes)
    func list(size: Size) {
        let state = UIFixtures.state(size)
        expectScreen(render(state, size: size), named: Self.name("list", size))
    }

    @Test("Reading a paper: detail focused and scrolled", arguments: sizes)
    func detail(size: Size) {
        var state = UIFixtures.state(size)
        UIFixtures.press(&state, "j", "j", "enter", "j", "j")
        #expect(state.focus == .detail)
        expectScreen(render(state, size: size), named: Self.name("detail", size))
    }

    @Test("All days sorted by upvotes", arguments: sizes)
    func allDaysByUpvotes(size: Size) {
        var state = UIFixtures.state(size)
        UIFixtures.press(&state, "a", "S")
        expectScreen(render(state, size: size), named: Self.name("all-days-upvotes", size))
    }

    @Test("The help overlay", arguments: sizes)
    func help(size: Size) {
        var state = UIFixtures.state(size)
        UIFixtures.press(&state, "?")
        expectScreen(render(state, size: size), named: Self.name("help", size))
    }

    @Test("Wide characters and control characters", arguments: sizes)
    func wide(size: Size) {
        let state = UIFixtures.state(UIFixtures.wideLibrary, size)
        let screen = render(state, size: size)
        expectScreen(screen, named: Self.name("wide", size))
        for line in screen.lines {
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) })
        }
    }

    @Test("Every size from 0x0 up renders without a crash, each row exactly its width")
    func everySize() {
        var state = UIFixtures.state(UIFixtures.wideLibrary, Size(width: 80, height: 24))
        UIFixtures.press(&state, "enter")
        for width in 0...45 {
            for height in 0...12 {
                let size = Size(width: width, height: height)
                let screen = render(state, size: size)
                #expect(screen.lines.count == height)
                for line in screen.lines { #expect(TextWidth.columns(line) == width) }
            }
        }
    }
}

@Suite("Golden screens: help search")
struct HelpSearchScreenTests {
    @Test("The help filtered by typing / then text", arguments: GoldenScreenTests.sizes)
    func helpFiltered(size: Size) {
        var state = UIFixtures.state(size)
        UIFixtures.press(&state, "?", "/", "d", "a", "y")
        guard case .help(let help) = state.modal else {
            Issue.record("the help is not open")
            return
        }
        #expect(help.isEditingFilter && help.filter == "day")
        expectScreen(render(state, size: size), named: GoldenScreenTests.name("help-filtered", size))
        UIFixtures.press(&state, "enter", "esc")
        #expect(state.modal == nil)
    }
}

@Suite("The problems log")
struct LogOverlayTests {
    @Test("Every line of the log wraps at any width, the summary too: nothing is cut off", arguments: [30, 40, 80])
    func wraps(width: Int) {
        var state = AppState(
            library: UIFixtures.sampleLibrary, size: Size(width: width, height: 24),
            startupProblems: [
                Diagnostic(
                    file: "/a/rather/long/path/to/a/config/file/config.toml", line: 12,
                    message: "unknown setting [display] colour")
            ])
        UIFixtures.press(&state, "L")
        guard case .log(let log) = state.modal else {
            Issue.record("the log is not open")
            return
        }
        let lines = log.lines.map(\.text)
        let inner = OverlayContent.frame(in: state.size).width - 2
        #expect(lines.allSatisfy { TextWidth.columns($0) <= inner })
        let text = lines.joined(separator: " ")
        #expect(text.contains("problem"))
        #expect(text.replacingOccurrences(of: " ", with: "").contains("unknownsetting[display]colour"))
    }
}

@Suite("Golden screens: topics and filters")
struct TopicGoldenScreenTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 20, height: 5)]

    @Test("A topic active: the bar, the narrowed list and the status line", arguments: sizes)
    func topicActive(size: Size) {
        var state = UIFixtures.topicState(size)
        UIFixtures.press(&state, "a")
        state.toggleTopic(named: "interpretability")
        expectScreen(render(state, size: size), named: GoldenScreenTests.name("topic-active", size))
    }

    @Test("The topic picker open over the list", arguments: sizes)
    func picker(size: Size) {
        var state = UIFixtures.topicState(size)
        UIFixtures.press(&state, "a", "t", "2", "j")
        expectScreen(render(state, size: size), named: GoldenScreenTests.name("topic-picker", size))
    }

    @Test("A bad filter: the caret under the mistake", arguments: sizes)
    func badFilter(size: Size) {
        var state = UIFixtures.topicState(size)
        UIFixtures.press(&state, "f")
        UIFixtures.type(&state, "topic:graphs and (upvotes>1")
        UIFixtures.press(&state, "enter")
        expectScreen(render(state, size: size), named: GoldenScreenTests.name("filter-error", size))
    }
}
