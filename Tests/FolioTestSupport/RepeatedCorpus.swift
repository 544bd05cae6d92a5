import Foundation

/// A library of the size staging is for, made of real days: the 28 days of Tests/Fixtures/corpus (pages and the
/// site's JSON, papers listed on several days and in two shapes) written again `cycles` times, each cycle on the
/// 28 days after the last, so that every paper is listed once a cycle as well.
public enum RepeatedCorpus {
    /// Writes the files into `folder` (made if needed) and returns them, oldest first.
    @discardableResult
    public static func write(cycles: Int, into folder: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = DateComponents(calendar: calendar, year: 2024, month: 1, day: 1).date!
        let days = Fixtures.files(in: Fixtures.corpus).sorted { $0.lastPathComponent < $1.lastPathComponent }
        var written: [URL] = []
        for cycle in 0..<cycles {
            for (index, day) in days.enumerated() {
                let date = calendar.date(byAdding: .day, value: cycle * days.count + index, to: start)!
                let parts = calendar.dateComponents([.year, .month, .day], from: date)
                let name = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
                let file = folder.appendingPathComponent(name + "." + day.pathExtension)
                try Data(contentsOf: day).write(to: file)
                written.append(file)
            }
        }
        return written
    }
}
