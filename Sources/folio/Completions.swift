import ArgumentParser
import FolioCore

/// What the shells complete beyond names and fixed values (`folio --generate-completion-script bash|zsh|fish`):
/// run inside folio when a completion script asks, so it knows the same topics the filter does.
enum Completions {
    /// Filter words for `--filter`: `topic:NAME` for every built-in and user topic, and the bare atoms.
    /// Bash splits `topic:ag` at the colon, so after a lone `topic:` word the bare names are offered too.
    static let filter = CompletionKind.custom { words, index, prefix in
        let names = TopicCatalog.load(userFile: TopicCatalog.userFilePath()).topics.map(\.name)
        let previous = index > 0 && index - 1 < words.count ? words[index - 1] : ""
        if previous == ":" || previous.hasSuffix("topic:") {
            return names.filter { $0.hasPrefix(prefix) }
        }
        let candidates =
            names.map { "topic:\($0)" } + ["unread", "read", "starred", "day:today", "upvotes>", "date>=", "seen>"]
        return candidates.filter { $0.hasPrefix(prefix) }
    }

    /// Digest files and folders: any file, since the shape is read from the content.
    static let digestPaths = CompletionKind.file()
}
