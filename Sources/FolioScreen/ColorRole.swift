/// Colors by meaning, so render never names a terminal color.
public enum ColorRole: UInt8, Sendable, CaseIterable {
    /// `normal` is the terminal's own colors; `accent` marks headings, `muted` secondary text, `highlight` the
    /// words a search matched, `star` starred marks, `error` problems. `status` has no color of its own yet.
    case normal, accent, muted, highlight, status, star, error
}
