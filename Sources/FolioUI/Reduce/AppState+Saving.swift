import FolioCore
import FolioScreen
import Foundation

/// Saving marks, decided here and carried out at the edge: the reducer asks for a save (`Effect.saveMarks`) when
/// the schedule says it is due, and hears back through `.marksSaved` / `.saveFailed`. The rule that `q` with
/// marks that could not be written asks a second `q` (as vim's E37) lives here too.
extension AppState {
    /// Why marks made in this run are not on disk, when they are not: shown on quitting, printed after exit.
    public var unsavedMarks: String? {
        readingVersion != savedVersion ? (lastSaveError ?? "not saved yet") : nil
    }

    /// The marks and the place as they are now, for a save.
    public func markSnapshot() -> MarkSnapshot {
        var reading = self.reading
        reading.setPlace(place, at: clock())
        return MarkSnapshot(version: readingVersion, reading: reading)
    }

    /// After every event: a change to the marks starts (or extends) the wait before saving.
    mutating func noteMarkChanges() {
        guard readingVersion != noticedVersion else { return }
        noticedVersion = readingVersion
        saveSchedule.noteChange(at: clock())
    }

    /// A tick: asks for a save when one is due and none is under way.
    mutating func saveIfDue(at now: Date) {
        guard savingVersion == nil, readingVersion != savedVersion, saveSchedule.isDue(at: now) else { return }
        savingVersion = readingVersion
        emit(.saveMarks(markSnapshot()))
    }

    /// `q`: save everything first, then quit once the save is heard of.
    mutating func requestQuit(confirmed: Bool) -> [Effect] {
        quitting = true
        quitConfirmed = confirmed
        return [.saveMarksNow(markSnapshot())]
    }

    mutating func marksSaved(version: Int, merged: ReadingState, changedKeys: [String]) {
        if savingVersion == version { savingVersion = nil }
        savedVersion = max(savedVersion, version)
        lastSaveError = nil
        saveProblem = nil
        mergeBack(merged, changedKeys: changedKeys)
        // Changes made while the save was under way stay due.
        if readingVersion == savedVersion { saveSchedule.reset() }
        if quitting { emit(.quit) }
    }

    mutating func saveFailed(version: Int, reason: String) {
        if savingVersion == version { savingVersion = nil }
        lastSaveError = reason
        saveProblem = "marks NOT saved (kept in memory): \(reason)"
        saveSchedule.retry(from: clock())
        guard quitting else { return }
        quitting = false
        // Only the place failed, or the user was told and pressed q again: go.
        guard let unsaved = unsavedMarks, !quitConfirmed else {
            emit(.quit)
            return
        }
        quitWarned = true
        message = "marks NOT saved: q again quits without them (\(unsaved))"
    }

    /// Takes in what another instance saved to the same file: only the keys the merge changed are looked at, so
    /// a save costs nothing per paper.
    mutating func mergeBack(_ merged: ReadingState, changedKeys: [String]) {
        guard !changedKeys.isEmpty else { return }
        for key in changedKeys {
            guard let theirs = merged.papers[key] else { continue }
            reading.papers[key] = reading.papers[key].map { $0.merged(with: theirs) } ?? theirs
        }
        // The papers those keys name (by arXiv id or title, as at start), found in one pass over the papers.
        var changed = ReadingState()
        for key in changedKeys { changed.papers[key] = merged.papers[key] }
        for (paper, _) in changed.marksByPaper(in: library) {
            let marks = reading.marks(for: library.papers[paper].markKeys)
            setFlags(of: paper, read: marks?.read ?? false, starred: marks?.starred ?? false)
            layerChanged(paper)
        }
        recountView()
    }
}

extension MarkSnapshot {
    /// The keys whose marks differ in `merged` (what the file held after this snapshot was merged into it):
    /// what another instance brought. Computed by the writer, off the UI thread.
    public func keysChanged(in merged: ReadingState) -> [String] {
        merged.papers.compactMap { key, marks in reading.papers[key] == marks ? nil : key }
    }
}
