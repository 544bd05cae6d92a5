/// Colors by meaning, so render never names a terminal color. A `Theme` says what each looks like.
public enum ColorRole: UInt8, Sendable, CaseIterable {
    /// `normal` is the terminal's own colors; `accent` marks borders and prompts, `muted` secondary text,
    /// `highlight` the words a search matched, `star` starred marks, `error` problems, `status` the status line.
    case normal, accent, muted, highlight, status, star, error
    /// A list row's title once read; `unread` one not yet read (bold as well, as mutt shows new mail).
    case listRow, unread
    /// The focused list's selected row; `topicBar` the topic bar's items, `topicActive` the active ones.
    case selection, topicBar, topicActive
    /// Titles in the detail pane and the overlays' group headings; `link` a URL or an identifier one can follow.
    case heading, link
}
