import FolioCore
import Foundation

// MARK: - Stored search index

/// `folio-bench stored-index DIR`: what storing the search index costs and what reading it back saves, on DIR's
/// library: the build, the validity's digest, the write (temp, fsync, rename) and the file's size, the read
/// (checksums and structure checked; on both cores as `folio search` reads it, on one as the reader does) and
/// the facts made beside it. Medians of `runs`, in ms; the file is written
/// in a temporary folder, removed at the end.
func benchStoredIndex(folder: String, runs: Int) throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-index-\(getpid())")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let stored = StoredSearchIndex(path: scratch.appendingPathComponent("library.index").path)
    var loaded: LoadedFiles?
    let listing = milliseconds { loaded = StoredSearchIndex.listing(paths: [folder]) }
    let library = DigestLoader.load(paths: [folder])
    var validity: StoredSearchIndex.Validity?
    var index: SearchIndex?
    var times: [String: [Double]] = [:]
    for _ in 0..<max(1, runs) {
        times["build", default: []].append(milliseconds { index = SearchIndex(library: library) })
        times["validity", default: []].append(
            milliseconds { validity = StoredSearchIndex.Validity(loaded: loaded!, library: library) })
        times["write", default: []].append(milliseconds { _ = stored.write(index!, of: library, validFor: validity!) })
        var read: SearchIndex?
        times["read", default: []].append(milliseconds { read = stored.read(validFor: validity!) })
        guard read?.termCount == index?.termCount else {
            print("folio-bench: the stored index was not read back")
            exit(1)
        }
        times["read on one thread (the reader)", default: []].append(
            milliseconds { _ = stored.read(validFor: validity!, workers: 1) })
        times["facts", default: []].append(milliseconds { _ = PaperFacts(library: library) })
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: stored.path)[.size] as? Int) ?? 0
    print(
        "\(library.papers.count) papers, \(index?.termCount ?? 0) terms; index \(String(format: "%.1f", Double(size) / 1e6)) MB on disk"
    )
    print(String(format: "  listing and stamping the files: %.1f ms", listing))
    for name in ["build", "validity", "write", "read", "read on one thread (the reader)", "facts"] {
        let values = times[name] ?? []
        print(
            String(
                format: "  %@: median %.1f ms (%.1f-%.1f)", name, median(values), values.min() ?? 0, values.max() ?? 0))
    }
}
