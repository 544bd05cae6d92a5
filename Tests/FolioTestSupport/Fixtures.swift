import FolioCore
import Foundation

/// The files tests read, found from this source file so tests run from any working directory: the samples that
/// ship with the program (Samples/digests) and the corpus under Tests/Fixtures.
public enum Fixtures {
    /// The package's root folder.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The four digests bundled into the program, the same files `folio` opens when given no path.
    public static let samples = repository.appendingPathComponent("Samples/digests")
    /// 28 days of digests in every shape, one file a day.
    public static let corpus = repository.appendingPathComponent("Tests/Fixtures/corpus")

    /// One real item of the site's `daily_papers` API with every field the site sends (a copy of the one in the
    /// project's shared notes: nothing reads outside the repository).
    /// A version 1 state file as folio wrote it before version 2 (marks made in tmux on the corpus).
    public static let stateVersion1 = repository.appendingPathComponent("Tests/Fixtures/state/state-v1.json")
    public static let apiItem = repository.appendingPathComponent("Tests/Fixtures/api/daily_papers-item.json")

    /// A sample by file name.
    public static func sample(_ name: String) -> URL { samples.appendingPathComponent(name) }

    /// A page digest of one day, with upvotes: the sample the tests that open a single file use.
    public static let pageSample = sample("003_4d4eddcdb64e8226.txt")

    /// The one sample in the compact shape: it has no date of its own and is dated by its file time.
    public static let compactSample = sample("004_f9802fb7ca8c0871.txt")

    /// The files of a folder, sorted by name.
    public static func files(in folder: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    public static func bytes(_ url: URL) -> [UInt8] { Array(try! Data(contentsOf: url)) }

    public static func text(_ url: URL) -> String { String(decoding: bytes(url), as: UTF8.self) }

    /// A fixed modification time, so digests dated by it (the compact sample) give the same day in every run.
    public static let fixedModification = DateComponents(
        calendar: Calendar(identifier: .gregorian),
        year: 2026, month: 2, day: 3, hour: 12
    ).date!

    /// The samples as inputs, each dated by the fixed file time.
    public static func sampleInputs() -> [DigestInput] {
        files(in: samples).map {
            DigestInput(source: $0.lastPathComponent, bytes: bytes($0), modificationDate: fixedModification)
        }
    }

    /// The samples loaded once, the compact one dated by the fixed file time.
    public static let sampleLibrary: Library = DigestLoader.load(inputs: sampleInputs())

    /// The corpus's files parsed one by one, without their file times, into one library.
    public static func corpusLibrary() -> Library {
        Library(
            digests: files(in: corpus).compactMap {
                DigestParser.parse(DigestInput(source: $0.lastPathComponent, bytes: bytes($0))).digest
            })
    }

    public static func parse(_ text: String, name: String = "test.txt") -> ParseOutcome {
        DigestParser.parse(DigestInput(source: name, text: text, modificationDate: fixedModification))
    }

    /// A copy of the samples in `folder` whose compact digest has the fixed file time, as `sampleInputs()` gives
    /// it: for the binary, which reads real files.
    public static func copySamples(into folder: URL) throws -> URL {
        let copy = folder.appendingPathComponent("samples")
        try FileManager.default.copyItem(at: samples, to: copy)
        try FileManager.default.setAttributes(
            [.modificationDate: fixedModification],
            ofItemAtPath: copy.appendingPathComponent(compactSample.lastPathComponent).path)
        return copy
    }
}

/// Folders under the system's temporary folder, each new and unique.
public enum TemporaryFolder {
    /// A new folder; the caller removes it. One that cannot be made stops the tests: the machine is broken.
    public static func make(_ prefix: String = "folio-tests") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `body` with a new folder, removed with all it holds when `body` returns or throws.
    public static func with<T>(_ prefix: String = "folio-tests", _ body: (URL) throws -> T) rethrows -> T {
        let folder = make(prefix)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }
}
