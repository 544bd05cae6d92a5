import FolioTestSupport

/// Counts of the samples, read from the files independently of folio.
enum SampleCounts {
    /// Every sample's papers, each once: what the all-days view lists.
    static let allDays = IndependentReading.distinctTitleCount(Fixtures.files(in: Fixtures.samples))
    /// The papers of the one page digest the single-file tests open.
    static let pageSample = IndependentReading.entryCount(Fixtures.pageSample)
}
