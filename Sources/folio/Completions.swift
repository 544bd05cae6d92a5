import ArgumentParser
import FolioCore
import Foundation

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
        // zsh's _describe reads `value:description`: a colon of the value itself is written `\:`.
        let isZsh = ProcessInfo.processInfo.environment["SAP_SHELL"] == "zsh"
        return candidates.filter { $0.hasPrefix(prefix) }.map {
            isZsh ? $0.replacingOccurrences(of: ":", with: "\\:") : $0
        }
    }

    /// Digest files and folders: any file, since the shape is read from the content.
    static let digestPaths = CompletionKind.file()
}

extension Completions {
    /// Bash splits a word at `:` (it is in COMP_WORDBREAKS), so `--filter topic:ag` reaches the argument parser's
    /// completer as three words and it no longer sees the `--filter` before them. This wraps its function: the
    /// words are joined back, and what bash is to insert is cut to the part after the last colon, as
    /// bash-completion's `__ltrim_colon_completions` does.
    static let bashColonWords = #"""

        # folio: join words bash split at ':' (topic:NAME), then complete what follows the colon.
        _folio_colon_words() {
            if [[ $COMP_WORDBREAKS != *:* || "${COMP_WORDS[*]}" != *:* ]]; then
                _folio "$@"
                return
            fi
            local -a joined=()
            local -i i cword=0
            for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
                if ((${#joined[@]} > 1)) && [[ ${COMP_WORDS[i]} == ":" || ${joined[-1]} == *: ]]; then
                    joined[-1]+=${COMP_WORDS[i]}
                else
                    joined+=("${COMP_WORDS[i]}")
                fi
                ((i == COMP_CWORD)) && cword=$((${#joined[@]} - 1))
            done
            local -a COMP_WORDS=("${joined[@]}")
            local COMP_CWORD=$cword
            local word=${COMP_WORDS[COMP_CWORD]}
            _folio "$1" "$word" "${COMP_WORDS[COMP_CWORD - 1]}"
            if [[ $word == *:* ]]; then
                local colon_prefix=${word%"${word##*:}"}
                local -i j
                for j in "${!COMPREPLY[@]}"; do COMPREPLY[j]=${COMPREPLY[j]#"$colon_prefix"}; done
            fi
        }
        complete -o filenames -F _folio_colon_words folio

        """#
}
