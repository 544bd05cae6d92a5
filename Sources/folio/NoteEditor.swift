import FolioCore
import FolioScreen
import FolioTerminal
import FolioUI
import Foundation

/// Edits a paper's note in the reader's editor: `$VISUAL`, else `$EDITOR`, else `vi`, split on white space
/// (`EDITOR="code -w"` is common) and started without a shell, the file's path one argument of its own. The
/// file is a private temporary one, its first line a comment naming the paper, removed when read back.
struct NoteEditor {
    var environment: [String: String]

    /// The first line of the file; what follows it is the note.
    static let headerPrefix = "# folio note on: "

    /// The editor's words, from the first of `VISUAL` and `EDITOR` that holds any.
    static func command(environment: [String: String]) -> [String] {
        for name in ["VISUAL", "EDITOR"] {
            let words = (environment[name] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if !words.isEmpty { return words }
        }
        return ["vi"]
    }

    /// The file as the editor opens it: the header (the title on one line, without control characters), then
    /// the note.
    static func fileText(title: String, note: String) -> String {
        let oneLine = DisplayText.sanitize(title).replacingOccurrences(of: "\n", with: " ")
        return headerPrefix + oneLine + " (this line is removed; an empty note deletes it)\n" + note
            + (note.isEmpty || note.hasSuffix("\n") ? "" : "\n")
    }

    /// The note in what the editor left: the header line dropped, trailing blank space trimmed.
    static func note(in text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = lines.first, first.hasPrefix(headerPrefix) { lines.removeFirst() }
        var note = lines.joined(separator: "\n")
        while let last = note.last, last.isWhitespace { note.removeLast() }
        return note
    }

    /// Runs the editor with the screen given to it; a changed note comes back as `.noteEdited`, anything else
    /// as a sentence for the status line.
    func edit(_ request: NoteEdit, terminal: Terminal) -> AppEvent {
        let argv = Self.command(environment: environment)
        guard let program = argv.first, Spawner.find(program, path: environment["PATH"]) != nil else {
            return .reported("note not changed: no editor \(argv.first ?? "") found (set $VISUAL or $EDITOR)")
        }
        let folder = FileManager.default.temporaryDirectory.path
        let path = folder + "/folio-note-\(UUID().uuidString).md"
        defer { unlink(path) }
        let original = Self.fileText(title: request.title, note: request.text)
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(original.utf8), attributes: [.posixPermissions: 0o600])
        else { return .reported("note not changed: could not write \(path)") }
        let name = URL(fileURLWithPath: program).lastPathComponent
        let status: Int32
        do {
            status = try terminal.suspended { try Spawner.runInForeground(argv + [path]) }
        } catch {
            return .reported("note not changed: \(name) could not be started (\(error))")
        }
        guard status == 0 else { return .reported("note not changed: \(name) ended with status \(status)") }
        guard case .success(let bytes) = WholeFile.read(path, maximumSize: NoteMark.maximumLength + 4096) else {
            return .reported("note not changed: \(path) could not be read back (or is over 64 KB)")
        }
        let text = Self.note(in: String(decoding: bytes, as: UTF8.self))
        guard text != Self.note(in: original) else { return .reported("note unchanged") }
        return .noteEdited(paperKey: request.paperKey, text: text)
    }
}
