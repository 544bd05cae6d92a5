import Dispatch
import FolioCore
import FolioUI

/// The one writer of the state file: saves run on its own queue, one at a time, off the UI thread, and each
/// outcome comes back as the event that reports it.
final class MarkWriter: Sendable {
    private let store: StateStore
    private let queue = DispatchQueue(label: "folio.mark-writer", qos: .utility)

    init(store: StateStore) {
        self.store = store
    }

    /// Saves in the background; `deliver` gets `.marksSaved` or `.saveFailed` on the writer's queue.
    func save(_ snapshot: MarkSnapshot, deliver: @escaping @Sendable (AppEvent) -> Void) {
        queue.async { [store] in deliver(Self.write(snapshot, to: store)) }
    }

    /// Saves now, after any save already queued, and returns how it went.
    func saveNow(_ snapshot: MarkSnapshot) -> AppEvent {
        queue.sync { Self.write(snapshot, to: store) }
    }

    private static func write(_ snapshot: MarkSnapshot, to store: StateStore) -> AppEvent {
        do {
            let merged = try store.save(snapshot.reading)
            return .marksSaved(version: snapshot.version, merged: merged, changedKeys: snapshot.keysChanged(in: merged))
        } catch {
            return .saveFailed(version: snapshot.version, reason: "\(error)")
        }
    }
}
