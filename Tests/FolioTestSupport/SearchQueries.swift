/// Every shape of query the search language has, for comparing two ways of answering them: words, prefixes,
/// phrases (with a prefix at the end), fields, exclusions, hyphenated words, words no paper has, a prefix of one
/// letter, text that folds to nothing, and a `note:` term.
public enum SearchQueries {
    public static let shapes = [
        "model", "models", "language model", "agent*", "a*", "l*", "reason*", "\"large language\"",
        "\"language model*\"", "title:diffusion", "title:model*", "abstract:reasoning", "abstract:\"we propose\"",
        "learning -model", "-video diffusion", "video -diffusion*", "state-of-the-art", "the", "of the",
        "nonexistentwordxyz", "model nonexistentwordxyz", "-model", "!!!", "title:\"sparse attention\" -abstract:video",
        "vision language model*", "émile", "ångström*", "한국어", "日本語", "token token", "bench*", "model note:agents",
    ]
}
