import FolioCore
import FolioScreen

/// Up and Down through earlier entries on a prompt line, as shells do: what was being typed is kept to come
/// back to.
struct HistoryCursor: Sendable, Equatable {
    /// Position in the history while recalling; nil when typing something new.
    var index: Int?
    /// What was typed before Up recalled older entries.
    var draft = ""

    /// The text after one step older or newer; nil when there is no history.
    mutating func step(older: Bool, from text: String, in history: [String]) -> String? {
        guard !history.isEmpty else { return nil }
        if index == nil { draft = text }
        let current = index ?? history.count
        let next = older ? max(0, current - 1) : current + 1
        if next >= history.count {
            index = nil
            return draft
        }
        index = next
        return history[next]
    }
}

extension String {
    /// The line editing every prompt shares, with the keys of a shell (readline's emacs mode): a printable key
    /// types at the cursor; Left, Right, Home, End, Ctrl-B, Ctrl-F, Ctrl-A, Ctrl-E move it; Backspace and Delete
    /// delete; Ctrl-U deletes to the start, Ctrl-K to the end, Ctrl-W the word before the cursor; Tab types a space.
    /// `cursor` counts characters, nil meaning the end. False for a key that edits nothing.
    mutating func applyLineEdit(_ key: Key, cursor: inout Int?) -> Bool {
        var position = min(max(0, cursor ?? count), count)
        var characters = Array(self)
        func letter(_ value: Character) -> Bool { key.ctrl && !key.alt && key.code == .character(value) }
        switch key.code {
        case .left where !key.ctrl && !key.alt: position = max(0, position - 1)
        case .right where !key.ctrl && !key.alt: position = min(characters.count, position + 1)
        case .home: position = 0
        case .end: position = characters.count
        case .backspace:
            guard position > 0 else { return true }
            characters.remove(at: position - 1)
            position -= 1
        case .delete:
            guard position < characters.count else { return true }
            characters.remove(at: position)
        case .tab:
            characters.insert(" ", at: position)
            position += 1
        default:
            if letter("b") {
                position = max(0, position - 1)
            } else if letter("f") {
                position = min(characters.count, position + 1)
            } else if letter("a") {
                position = 0
            } else if letter("e") {
                position = characters.count
            } else if letter("u") {
                characters.removeFirst(position)
                position = 0
            } else if letter("k") {
                characters.removeLast(characters.count - position)
            } else if letter("w") {
                var start = position
                while start > 0, characters[start - 1] == " " { start -= 1 }
                while start > 0, characters[start - 1] != " " { start -= 1 }
                characters.removeSubrange(start..<position)
                position = start
            } else if let text = key.text {
                characters.insert(text, at: position)
                position += 1
            } else {
                return false
            }
        }
        self = String(characters)
        cursor = position == characters.count ? nil : position
        return true
    }

    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

extension String {
    /// Pasted text as one line: line breaks and tabs become spaces and other control characters go, so a paste
    /// never submits a prompt.
    static func pastedLine(_ text: String) -> String {
        String(
            text.map { $0.isNewline || $0 == "\t" ? " " : $0 }.filter {
                !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false)
            })
    }

    /// Inserts `line` at the cursor (characters in, nil for the end) and moves the cursor past it.
    mutating func insertLine(_ line: String, cursor: inout Int?) {
        var position = min(max(0, cursor ?? count), count)
        var characters = Array(self)
        characters.insert(contentsOf: line, at: position)
        position += line.count
        self = String(characters)
        cursor = position == characters.count ? nil : position
    }
}
