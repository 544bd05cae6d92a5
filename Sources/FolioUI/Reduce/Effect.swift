import FolioCore
import FolioScreen

/// Something only the edge of the program can do. The reducer returns these as values and the run loop carries
/// them out in order, so every decision stays testable without a terminal, a disk or a clock.
public enum Effect: Equatable, Sendable {
    /// Leave the reader: everything that had to be saved before has been (or the user said to go without).
    case quit
    /// Throw away what the terminal shows and draw everything again.
    case redraw
    /// Give the terminal back and stop, as Ctrl-Z does in a cooked terminal.
    case suspend
    /// Write these marks (and the place) in the background; the outcome comes back as `.marksSaved` or
    /// `.saveFailed`.
    case saveMarks(MarkSnapshot)
    /// Write them before doing anything else (quitting, suspending), then report as `saveMarks` does.
    case saveMarksNow(MarkSnapshot)
    /// Fetch these days from the site into the digest folder, in the background; progress and the outcome come
    /// back as `.fetchProgress` and `.fetchFinished`, new files as `.libraryReloaded`.
    case fetch(FetchPlan)
    /// Keep the query or filter history beside the state file (best effort).
    case saveHistory(HistoryKind, [String])
    /// Open this address in the browser (only links Folio built or took from the site's record); the outcome
    /// comes back as `.reported`.
    case open(PaperLink)
    /// Put `text` on the clipboard; `what` names it for the status line ("link", "BibTeX entry").
    case copy(text: String, what: String)
    /// Write an export to `path` (never replacing a file unless `replace`); the outcome comes back as
    /// `.reported`, or `.exportExists` for a file already there.
    case export(ExportFile)
    /// Edit a paper's note in `$VISUAL`/`$EDITOR` with the screen given to it; a change comes back as
    /// `.noteEdited`, anything else (failed, unchanged) as `.reported`.
    case editNote(NoteEdit)
    /// Find a paper's related papers off the UI thread; they come back as `.relatedReady`.
    case findRelated(RelatedRequest)
}

/// An export the reducer made, for the edge to write.
public struct ExportFile: Equatable, Sendable {
    /// As typed: `~` is expanded, a relative path is from the working folder.
    public var path: String
    public var contents: String
    public var format: ExportFormat
    public var count: Int
    public var replace: Bool

    public init(path: String, contents: String, format: ExportFormat, count: Int, replace: Bool = false) {
        self.path = path
        self.contents = contents
        self.format = format
        self.count = count
        self.replace = replace
    }
}

/// Which history a prompt keeps.
public enum HistoryKind: String, Sendable, Equatable {
    case search = "search-history"
    case filter = "filter-history"
}

/// The marks as they were when a save was asked for, and which change they include.
public struct MarkSnapshot: Equatable, Sendable {
    /// `AppState.readingVersion` at the time: a result for an older version than the last saved is stale.
    public var version: Int
    public var reading: ReadingState

    public init(version: Int, reading: ReadingState) {
        self.version = version
        self.reading = reading
    }
}
