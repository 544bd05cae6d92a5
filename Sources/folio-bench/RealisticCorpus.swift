import FolioCore
import Foundation

/// `--corpus realistic`: digests as real folders hold them, where a paper stays on the site for a few days.
///
/// The rates were measured on the 28 real days of Tests/Fixtures/corpus (725 entries, 480 papers: 1.51 entries a
/// paper; the 232-day folder of issue 17 gives 1.52) and are constants here, so nothing is read at run time:
/// - a paper is listed on 1 day (77.5% of papers), 2 (1%), 3 (15%) or 4 (6.5%), on consecutive days;
/// - days cycle page, page, compact, API JSON (14, 7 and 7 of the 28 days), so a paper listed over a JSON day
///   appears in two shapes (22% of real papers do), joined by title to its page entries, which have no id;
/// - upvotes grow between days for two papers in five (36% of real repeated papers show a change);
/// - some page entries show no abstract or a one-line summary, some JSON items an empty summary, as on the site.
/// Titles and abstracts are the bundled samples' (real papers' text), made distinct by a number.
enum RealisticCorpus {
    static let entriesPerDay = SyntheticCorpus.papersPerDay

    /// The number of days paper `number` is listed on: 1 to 4 at the measured rates (per thousand).
    static func daysListed(_ number: Int) -> Int {
        switch scramble(number) % 1000 {
        case 0..<775: 1
        case 775..<785: 2
        case 785..<935: 3
        default: 4
        }
    }

    /// A paper still on the site: its number and how many more days it is listed.
    private struct Listed {
        var number: Int
        var daysLeft: Int
        var daysShown = 0
    }

    /// Writes `entries` entries into `folder`; returns the bytes written.
    static func write(entries total: Int, to folder: URL) throws -> Int {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (titles, abstracts) = SyntheticCorpus.sampleTexts()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = DateComponents(calendar: calendar, year: 2020, month: 1, day: 1).date!
        var written = 0
        var entriesWritten = 0
        var nextPaper = 0
        var listed: [Listed] = []
        var dayNumber = 0
        while entriesWritten < total {
            let date = calendar.date(byAdding: .day, value: dayNumber, to: start)!
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let day = DayDate(year: parts.year!, month: parts.month!, day: parts.day!)
            let count = min(entriesPerDay, total - entriesWritten)
            // Yesterday's papers that stay, then new ones.
            var today = Array(listed.prefix(count))
            while today.count < count {
                today.append(Listed(number: nextPaper, daysLeft: daysListed(nextPaper)))
                nextPaper += 1
            }
            let entries = today.map { paper -> SyntheticCorpus.Entry in
                let number = paper.number
                // Upvotes grow while two papers in five are listed; the others' stay put.
                let votes = number % 300 + paper.daysShown * (number % 5 < 2 ? 5 + number % 23 : 0)
                return SyntheticCorpus.Entry(
                    title: "\(titles[number % titles.count]) (part \(number))",
                    abstract: "Study \(number) reports that " + abstracts[(number * 7) % abstracts.count],
                    authors: 1 + number % 17, votes: votes, id: number)
            }
            let (name, text) = file(day: day, dayNumber: dayNumber, entries: entries)
            let data = Data(text.utf8)
            try data.write(to: folder.appendingPathComponent(name))
            written += data.count
            entriesWritten += count
            listed = today.compactMap { paper in
                paper.daysLeft > 1
                    ? Listed(number: paper.number, daysLeft: paper.daysLeft - 1, daysShown: paper.daysShown + 1) : nil
            }
            dayNumber += 1
        }
        return written
    }

    private static func file(day: DayDate, dayNumber: Int, entries: [SyntheticCorpus.Entry]) -> (String, String) {
        switch dayNumber % 4 {
        case 0, 1: ("\(day.iso).txt", page(day: day, entries))
        case 2: ("\(day.iso)-compact.txt", SyntheticCorpus.compact(entries))
        default:
            // One item in twenty with an empty summary, as the site sends for some.
            (
                "\(day.iso).json",
                SyntheticCorpus.json(
                    day: day,
                    entries.map { entry in
                        var entry = entry
                        if scramble(entry.id &+ 7) % 20 == 0 { entry.abstract = "" }
                        return entry
                    })
            )
        }
    }

    /// The page shape, where one entry in ten shows only its authors and one in ten a one-line summary.
    static func page(day: DayDate, _ entries: [SyntheticCorpus.Entry]) -> String {
        var text =
            "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\n\(day.short)\n\n"
        for entry in entries {
            switch scramble(entry.id &+ 3) % 10 {
            case 0:
                text += "\(entry.title)\n\n  • \(entry.authors) authors\n·\n\(day.short) \(entry.votes)\n\n"
            case 1:
                text +=
                    "\(entry.title)\n\nCode: https://github.com/example/p\(entry.id) (a project page and weights)\n\n·\n\(day.short) \(entry.votes)\n\n"
            default:
                text +=
                    "\(entry.title)\n\n\(entry.abstract)\n\n  • \(entry.authors) authors\n·\n\(day.short) \(entry.votes)\n\n"
            }
        }
        return text
    }

    /// Spreads consecutive numbers over the range, so the rates hold on any run of papers.
    private static func scramble(_ number: Int) -> Int {
        var value = UInt64(truncatingIfNeeded: number) &* 0x9E37_79B9_7F4A_7C15
        value ^= value >> 29
        return Int(value % 1_000_003)
    }
}
