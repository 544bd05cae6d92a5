import FolioCore
import FolioScreen
import Foundation

/// Everything the reader reacts to: what the terminal reports, and what the edge reports back about work it
/// did in the background. The run loop feeds nothing else to the state.
public enum AppEvent: Sendable {
    case key(Key)
    case resize(Size)
    case mouse(MouseEvent)
    /// Text pasted into the terminal (bracketed paste): typed into the open prompt in one go, so a newline in it
    /// never submits.
    case paste(String)
    /// The search index, the topics and the filters' per-paper facts, built after the first frame.
    case indexReady(LibraryIndexes)
    /// The search index and the facts, posted the moment they are built, before `indexReady` brings the topics.
    case searchReady(SearchIndex, facts: PaperFacts)
    /// A save of `version` reached the disk; `merged` is what the file holds now (another instance's marks
    /// included), and `changedKeys` the paper keys whose marks that merge brought in.
    case marksSaved(version: Int, merged: ReadingState, changedKeys: [String])
    /// A save of `version` failed, for `reason`; the marks stay in memory and are tried again.
    case saveFailed(version: Int, reason: String)
    /// A fetch (`Effect.fetch`) got this far.
    case fetchProgress(DigestFetcher.Progress)
    /// A fetch ended: what became of each day.
    case fetchFinished(DigestFetcher.Report)
    /// The opened digests changed on disk (a fetch, another program): loaded again, to be merged in place.
    case libraryReloaded(Library)
    /// Time passes: saves that are due are asked for. The clock is the event's, so tests never sleep.
    case tick(Date)
    /// What the edge did with an effect (opened, copied, exported, or why not), for the status line.
    case reported(String)
    /// The export's file already exists: the prompt opens again, and Enter there replaces it.
    case exportExists(path: String)
    /// The editor changed the note of the paper under `paperKey` to `text` (empty: deleted).
    case noteEdited(paperKey: String, text: String)
    /// The vectors of related papers, built after the index (from it) so that searching never waits for them.
    case relatedPapersReady(RelatedPapers)
    /// The edge found a paper's related papers (`Effect.findRelated`).
    case relatedReady(RelatedRequest.Answer)
    /// The whole library, after a first frame drawn from the cache's newest day alone: it takes that one's place
    /// as a reload does (selection and marks follow by paper key), but nothing new is announced.
    case libraryCompleted(Library)

    /// A terminal event as the reader sees it.
    public init(_ event: Event) {
        switch event {
        case .key(let key): self = .key(key)
        case .resize(let size): self = .resize(size)
        case .mouse(let mouse): self = .mouse(mouse)
        case .paste(let text): self = .paste(text)
        }
    }
}
