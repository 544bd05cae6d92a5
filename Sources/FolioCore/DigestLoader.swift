import Foundation
import Synchronization

/// Reads digest files and folders from disk (or standard input) and builds the `Library`.
///
/// Files are read and parsed in parallel; a file that cannot be read or parsed becomes problems and never
/// stops the others.
public enum DigestLoader {
    /// Extensions read when walking a folder; a file named explicitly is read whatever its name.
    public static let digestExtensions: Set<String> = ["txt", "json", "md"]

    /// Loads the given paths: files, folders (recursively) and `-` for standard input.
    /// How long each phase of the last `load(paths:)` took, in seconds, for the benchmark.
    public struct Timings: Sendable {
        public init() {}
        public var listing = 0.0
        public var readingAndParsing = 0.0
        public var joining = 0.0
    }

    public static func load(paths: [String], standardInput: () -> [UInt8] = readStandardInput) -> Library {
        var timings = Timings()
        return load(paths: paths, standardInput: standardInput, timings: &timings)
    }

    public static func load(paths: [String], standardInput: () -> [UInt8] = readStandardInput, timings: inout Timings) -> Library {
        let started = DispatchTime.now().uptimeNanoseconds
        func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        var notes: [String] = []
        var problems: [LoadProblem] = []
        var files: [String] = []
        var inputs: [DigestInput] = []
        for path in paths {
            if path == "-" {
                inputs.append(DigestInput(source: "stdin", bytes: standardInput(), modificationDate: Date()))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(LoadProblem(file: path, line: 0, message: "no such file or folder"))
                continue
            }
            if isDirectory.boolValue {
                let (found, skipped) = filesInFolder(path)
                files += found
                notes += skipped.map { "skipped \($0): not a .txt, .json or .md file" }
                if found.isEmpty {
                    problems.append(LoadProblem(file: path, line: 0, message: "no .txt, .json or .md files in this folder"))
                }
            } else {
                files.append(path)
            }
        }
        timings.listing = seconds(since: started)
        let parseStarted = DispatchTime.now().uptimeNanoseconds
        let outcomes = parseInParallel(files: files, inputs: inputs)
        timings.readingAndParsing = seconds(since: parseStarted)
        let joinStarted = DispatchTime.now().uptimeNanoseconds
        defer { timings.joining = seconds(since: joinStarted) }
        var digests: [Digest] = []
        for outcome in outcomes {
            problems += outcome.problems
            if let digest = outcome.digest { digests.append(digest) }
        }
        var library = Library(digests: digests, problems: problems)
        library.notes = notes
        library.fileCount = files.count + inputs.count
        return library
    }

    /// Parses inputs already in memory (the bundled samples, tests).
    public static func load(inputs: [DigestInput]) -> Library {
        let outcomes = parseInParallel(files: [], inputs: inputs)
        var library = Library(digests: outcomes.compactMap(\.digest), problems: outcomes.flatMap(\.problems))
        library.fileCount = inputs.count
        return library
    }

    static func parseInParallel(files: [String], inputs: [DigestInput]) -> [ParseOutcome] {
        let total = files.count + inputs.count
        let results = Mutex<[ParseOutcome?]>(Array(repeating: nil, count: total))
        DispatchQueue.concurrentPerform(iterations: total) { index in
            let outcome: ParseOutcome
            if index < inputs.count {
                outcome = DigestParser.parse(inputs[index])
            } else {
                let path = files[index - inputs.count]
                switch readFile(path) {
                case .success(let input): outcome = DigestParser.parse(input)
                case .failure(let problem): outcome = ParseOutcome(digest: nil, problems: [problem])
                }
            }
            results.withLock { $0[index] = outcome }
        }
        return results.withLock { $0.compactMap { $0 } }
    }

    /// Every digest file below a folder, sorted by path; and the files skipped for their extension.
    public static func filesInFolder(_ folder: String) -> (files: [String], skipped: [String]) {
        var files: [String] = []
        var skipped: [String] = []
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return ([], []) }
        while let relative = enumerator.nextObject() as? String {
            let path = base + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { continue }
            let ext = (name as NSString).pathExtension.lowercased()
            if digestExtensions.contains(ext) { files.append(path) } else { skipped.append(path) }
        }
        return (files.sorted(), skipped.sorted())
    }

    /// Reads a whole file with POSIX calls, straight into the byte array the parser works on.
    public static func readFile(_ path: String) -> Result<DigestInput, LoadProblem> {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            return .failure(LoadProblem(file: path, line: 0, message: "cannot read: \(String(cString: strerror(errno)))"))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            return .failure(LoadProblem(file: path, line: 0, message: "cannot read: \(String(cString: strerror(errno)))"))
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            return .failure(LoadProblem(file: path, line: 0, message: "is a folder"))
        }
        let modified = Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec))
        var bytes = [UInt8]()
        let expected = Int(status.st_size)
        bytes.reserveCapacity(max(expected, 4096))
        var chunk = [UInt8](repeating: 0, count: 0)
        if expected > 0 {
            bytes = [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
                var done = 0
                while done < expected {
                    let got = read(descriptor, buffer.baseAddress! + done, expected - done)
                    if got <= 0 { break }
                    done += got
                }
                initialized = done
            }
        }
        // Files whose size is unknown or that grew (pipes, /proc) are read to the end.
        chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if got < 0 {
                return .failure(LoadProblem(file: path, line: 0, message: "cannot read: \(String(cString: strerror(errno)))"))
            }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return .success(DigestInput(source: path, bytes: bytes, modificationDate: modified))
    }

    public static func readStandardInput() -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
            if got <= 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return bytes
    }
}
