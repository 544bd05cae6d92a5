import ArgumentParser
import FolioCore
import FolioUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ExportFormat: ExpressibleByArgument {}

extension Folio {
    struct ExportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write papers (all, or those --filter keeps) as BibTeX, Markdown, CSV, JSON or RIS, with marks.",
            discussion: """
                The papers come newest first, each once, as folio list prints them. Without -o the export goes to \
                standard output; with -o FILE it is written whole or not at all, and the format may come from the \
                file's ending (.bib, .md, .csv, .json, .ris).
                """)

        @OptionGroup var digests: DigestPaths
        @OptionGroup var configOptions: ConfigOptions
        @Option(
            help: ArgumentHelp("Keep only the papers this filter matches; quote it for the shell.", valueName: "expr"))
        var filter: String?
        @Option(help: "bibtex, markdown, csv, json or ris (default: from the -o file's ending).")
        var format: ExportFormat?
        @Option(
            name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")
        )
        var output: String?
        @OptionGroup var state: StateOption
        @OptionGroup var topicsFile: TopicsFileOption

        func run() throws {
            guard let format = format ?? output.flatMap(ExportFormat.init(fileName:)) else {
                throw failure(
                    "say which format: --format bibtex, markdown, csv, json or ris (or -o FILE with that ending)",
                    code: 2)
            }
            let selection = try PaperSelection(
                digests: digests, configOptions: configOptions, filter: filter, state: state, topicsFile: topicsFile,
                wantsTopics: format == .json || format == .csv)
            let records = selection.papers.map { id in
                ExportRecord(
                    paper: selection.library.papers[id], read: selection.read.contains(id),
                    starred: selection.starred.contains(id), topics: selection.topicNames(of: id))
            }
            let text = format.render(records)
            var standardError = StandardError()
            if let output {
                let file = ExportFile(path: output, contents: text, format: format, count: records.count, replace: true)
                if case .reported(let message) = ExportWriter.write(file), !message.hasPrefix("exported") {
                    throw failure(message, code: 1)
                }
                print(
                    "folio: exported \(records.count) paper\(records.count == 1 ? "" : "s") to \(Diagnostic.displayPath(output))",
                    to: &standardError)
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            if records.isEmpty {
                print(filter == nil ? "folio: no papers" : "folio: no paper matches the filter", to: &standardError)
                throw ExitCode(1)
            }
        }
    }
}

/// Writes an export whole or not at all: into a temporary file beside it, flushed, then renamed over the name.
enum ExportWriter {
    static func write(_ file: ExportFile) -> AppEvent {
        let path = ConfigOptions.expandTilde(file.path)
        if !file.replace, FileManager.default.fileExists(atPath: path) { return .exportExists(path: file.path) }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let temporary = "\(folder)/.\(URL(fileURLWithPath: path).lastPathComponent).folio-\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            return .reported("cannot write \(Diagnostic.displayPath(file.path)): \(String(cString: strerror(errno)))")
        }
        let bytes = Array(file.contents.utf8)
        var offset = 0
        var failed: Int32 = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            if written <= 0 {
                failed = errno
                break
            }
            offset += written
        }
        if failed == 0, fsync(descriptor) != 0 { failed = errno }
        close(descriptor)
        if failed == 0, rename(temporary, path) != 0 { failed = errno }
        guard failed == 0 else {
            unlink(temporary)
            return .reported("cannot write \(Diagnostic.displayPath(file.path)): \(String(cString: strerror(failed)))")
        }
        let count = "\(file.count) paper\(file.count == 1 ? "" : "s")"
        return .reported("exported \(count) to \(Diagnostic.displayPath(file.path)) (\(file.format.label))")
    }
}

extension ExportFormat {
    var label: String {
        switch self {
        case .bibtex: "BibTeX"
        case .markdown: "Markdown"
        case .csv: "CSV"
        case .json: "JSON"
        case .ris: "RIS"
        }
    }
}
