import FolioCore
import FolioScreen

/// The `T` prompt on the status line (Ctrl-T for every paper of the view): names add tags, `-name` removes one,
/// several at once; Tab completes the word under the cursor from the tags in use, again for the next one.
public struct TagPrompt: Sendable, Equatable {
    public internal(set) var text = ""
    public internal(set) var cursor: Int?
    /// The papers the tags go on: the selected one, or the view's.
    public internal(set) var papers: [PaperID]
    /// Whether it tags every paper of the view (the label says so).
    public internal(set) var isBulk: Bool
    /// What is wrong after Enter; the prompt stays open and nothing changes.
    public internal(set) var problem: String?
    /// While Tab cycles: the text before the word completed, the word as typed, and the completion shown.
    var completion: (before: String, typed: String, index: Int)?

    public static func == (a: TagPrompt, b: TagPrompt) -> Bool {
        a.text == b.text && a.cursor == b.cursor && a.papers == b.papers && a.isBulk == b.isBulk
            && a.problem == b.problem && a.completion?.before == b.completion?.before
            && a.completion?.typed == b.completion?.typed && a.completion?.index == b.completion?.index
    }

    /// What the text asks: tags to add and to remove, or the first word that is no tag.
    static func parse(_ text: String) -> Result<(add: [String], remove: [String]), TagProblem> {
        var add: [String] = []
        var remove: [String] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
            let removing = word.hasPrefix("-")
            guard let name = TagMark.normalized(String(removing ? word.dropFirst() : word)) else {
                return .failure(TagProblem(word: String(word)))
            }
            if removing {
                add.removeAll { $0 == name }
                if !remove.contains(name) { remove.append(name) }
            } else {
                remove.removeAll { $0 == name }
                if !add.contains(name) { add.append(name) }
            }
        }
        return .success((add, remove))
    }

    struct TagProblem: Error {
        var word: String
    }
}

extension TagPrompt: ModalHandler {
    static var keyContext: KeyContext { .export }
    static var acceptsCounts: Bool { false }

    static func perform(_ action: Action, times: Int, argument: String?, in state: inout AppState) -> Handling {
        .passed
    }

    static func type(_ key: Key, in state: inout AppState) -> Handling {
        guard var prompt = state.tagPrompt else { return .passed }
        switch key.code {
        case .enter:
            state.applyTagPrompt(prompt)
            return .done
        case .escape:
            state.modal = nil
            return .done
        case .tab:
            prompt.complete(from: state.layer.tagsInUse.map(\.name))
            state.modal = .tagPrompt(prompt)
            return .done
        default:
            if key.code == .backspace, prompt.text.isEmpty {
                state.modal = nil
                return .done
            }
            guard prompt.text.applyLineEdit(key, cursor: &prompt.cursor) else { return .done }
        }
        prompt.problem = nil
        prompt.completion = nil
        state.modal = .tagPrompt(prompt)
        return .done
    }

    static func paste(_ line: String, in state: inout AppState) -> Handling {
        guard var prompt = state.tagPrompt else { return .done }
        prompt.text.insertLine(line, cursor: &prompt.cursor)
        prompt.problem = nil
        prompt.completion = nil
        state.modal = .tagPrompt(prompt)
        return .done
    }
}

extension TagPrompt {
    /// Tab: the last word becomes the next tag in use that starts with what was typed (a `-` kept in front);
    /// pressed again, the one after. The cursor goes to the end, where completion works.
    mutating func complete(from names: [String]) {
        let state =
            completion
            ?? {
                let words = text.split(separator: " ", omittingEmptySubsequences: false)
                let last = String(words.last ?? "")
                let before = String(text.dropLast(last.count))
                return (before, last, -1)
            }()
        let removing = state.typed.hasPrefix("-")
        let stem = (removing ? String(state.typed.dropFirst()) : state.typed).lowercased()
        let matches = names.filter { $0.hasPrefix(stem) }
        guard !matches.isEmpty else {
            problem = names.isEmpty ? "no tags in use yet" : "no tag in use starts with \(stem)"
            return
        }
        let index = (state.index + 1) % matches.count
        text = state.before + (removing ? "-" : "") + matches[index]
        cursor = nil
        completion = (state.before, state.typed, index)
        problem = nil
    }
}

extension AppState {
    public var tagPrompt: TagPrompt? {
        if case .tagPrompt(let prompt) = modal { prompt } else { nil }
    }

    mutating func openTagPrompt(papers: [PaperID]) {
        guard !papers.isEmpty else {
            message = "no paper to tag"
            return
        }
        modal = .tagPrompt(TagPrompt(papers: papers, isBulk: papers.count > 1))
    }

    /// Enter: the tags go on (or come off) as one undoable step; a word that is no tag keeps the prompt open.
    mutating func applyTagPrompt(_ prompt: TagPrompt) {
        switch TagPrompt.parse(prompt.text) {
        case .failure(let problem):
            var prompt = prompt
            prompt.problem = "not a tag: \(problem.word) (letters, digits and -_./+: only; -name removes)"
            modal = .tagPrompt(prompt)
        case .success(let (add, remove)):
            modal = nil
            guard !add.isEmpty || !remove.isEmpty else { return }
            let changed = setTags(adding: add, removing: remove, on: prompt.papers)
            let papers = prompt.papers.count == 1 ? "the paper" : "\(prompt.papers.count) papers"
            if changed == 0 {
                message = "\(papers) already had those tags"
            } else {
                let parts = add.map { "+" + $0 } + remove.map { "-" + $0 }
                message = "tags \(parts.joined(separator: " ")) on \(papers) (u undoes)"
            }
        }
    }
}
