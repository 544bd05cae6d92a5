import FolioTestSupport
import Foundation
import Testing

@Suite("folio doctor off a terminal")
struct DoctorTests {
    /// Run with its output in a pipe, doctor draws nothing in color: it says what the reader would do on a
    /// terminal of this TERM, and that this is none (it said "colors on").
    @Test("Colors are not said to be on when doctor's output is no terminal")
    func colorsOffTerminal() throws {
        let doctor = try FolioBinary.run(["doctor"], environment: ["TERM": "xterm-256color", "NO_COLOR": ""])
        let line = try #require(doctor.stdout.split(separator: "\n").first { $0.contains(" colors ") })
        #expect(line.contains("on in the reader on this TERM (not a terminal here), theme"), "\(line)")
        #expect(!line.contains(" on, theme"), "\(line)")
    }
}
