import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The copies a file-syncing program leaves beside the state file when two machines changed it between syncs:
/// Syncthing's `state.sync-conflict-20261123-100000-ABCDEFG.json`, Dropbox's `state (Ann's conflicted copy
/// 2026-11-23).json`, Nextcloud's `state (conflicted copy 2026-11-23 100000).json`. Each is merged into the
/// state as another writer's save would be, then moved into `state.merged/` beside it: never deleted.
extension StateStore {
    /// One copy found beside the file: its state, or why it could not be read (then it is moved aside unmerged).
    struct ConflictCopy {
        var path: String
        var state: ReadingState?
        var problem: String?
    }

    /// Whether `name` is a sync program's conflict copy of the file named `stem` + `.json`.
    static func isConflictCopy(_ name: String, stem: String) -> Bool {
        guard name.hasSuffix(".json"), name != stem + ".json" else { return false }
        if name.hasPrefix(stem + ".sync-conflict-") { return true }
        return name.hasPrefix(stem + " (") && name.hasSuffix(").json") && name.contains("conflicted copy")
    }

    /// The conflict copies beside the state file, in name order.
    func conflictCopyPaths() -> [String] {
        let stem = (Self.stem(of: path) as NSString).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { Self.isConflictCopy($0, stem: stem) }.sorted().map { folder + "/" + $0 }
    }

    /// Every copy read; one that is missing by now (another folio moved it) is left out.
    func readConflictCopies() -> [ConflictCopy] {
        conflictCopyPaths().compactMap { path in
            switch WholeFile.read(path, maximumSize: 1 << 28) {
            case .success(let bytes):
                do {
                    return ConflictCopy(path: path, state: try StateFile.decode(bytes))
                } catch {
                    return ConflictCopy(path: path, problem: "\(error)")
                }
            case .failure(let failure) where failure.code == ENOENT:
                return nil
            case .failure(let failure):
                return ConflictCopy(path: path, problem: failure.reason)
            }
        }
    }

    /// Moves the copies into `state.merged/` under free names; says what was merged and what could not be.
    func moveAside(_ copies: [ConflictCopy]) -> [String] {
        guard !copies.isEmpty else { return [] }
        let aside = Self.stem(of: path) + ".merged"
        if mkdir(aside, 0o700) != 0, errno != EEXIST {
            let code = errno
            return [
                "Merged \(copies.count) conflict cop\(copies.count == 1 ? "y" : "ies") of the reading state, but "
                    + "could not create \(aside) to move them into: \(String(cString: strerror(code))) (errno \(code))."
            ]
        }
        var messages: [String] = []
        var merged: [String] = []
        for copy in copies {
            let name = (copy.path as NSString).lastPathComponent
            guard let target = Self.freeName(aside + "/" + name), rename(copy.path, target) == 0 else {
                messages.append("Could not move the conflict copy \(copy.path) into \(aside); it stays where it is.")
                continue
            }
            if let problem = copy.problem {
                messages.append(
                    "The conflict copy \(copy.path) could not be read (\(problem)): it was not merged, and was moved "
                        + "to \(target).")
            } else {
                merged.append(name)
            }
        }
        if !merged.isEmpty {
            messages.insert(
                "Merged \(merged.count) conflict cop\(merged.count == 1 ? "y" : "ies") of the reading state "
                    + "(\(merged.joined(separator: ", "))) and moved \(merged.count == 1 ? "it" : "them") to \(aside).",
                at: 0)
        }
        syncFolder()
        return messages
    }

    /// `path`, else `path` with `-2`, `-3`… before `.json`: a copy moved earlier is never replaced.
    private static func freeName(_ path: String) -> String? {
        var status = stat()
        for attempt in 1...1000 {
            let candidate = attempt == 1 ? path : stem(of: path) + "-\(attempt).json"
            if lstat(candidate, &status) != 0, errno == ENOENT { return candidate }
        }
        return nil
    }
}
