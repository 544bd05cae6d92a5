import FolioTestSupport
import Foundation
import Testing

@testable import FolioCore

@Suite("Reading whole files")
struct WholeFileTests {
    @Test("A file's bytes, into storage reused from a larger file before it")
    func reads() throws {
        let folder = TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let large = folder.appendingPathComponent("large"), small = folder.appendingPathComponent("small")
        try Data(repeating: 7, count: 10_000).write(to: large)
        try Data("small\n".utf8).write(to: small)
        var bytes: [UInt8] = []
        #expect(throws: Never.self) { try WholeFile.read(large.path, into: &bytes).get() }
        #expect(bytes == [UInt8](repeating: 7, count: 10_000))
        #expect(throws: Never.self) { try WholeFile.read(small.path, into: &bytes).get() }
        #expect(bytes == Array("small\n".utf8))
    }

    @Test("A missing file is ENOENT and a folder EISDIR, and the buffer is left empty")
    func failures() {
        let folder = TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes: [UInt8] = [1, 2, 3]
        #expect(
            WholeFile.read(folder.appendingPathComponent("missing").path, into: &bytes).failure
                == WholeFile.Failure(code: ENOENT))
        #expect(bytes.isEmpty)
        #expect(WholeFile.read(folder.path).failure == WholeFile.Failure(code: EISDIR))
    }
}

private extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { failure } else { nil }
    }
}
