import Foundation

/// The four digests that ship with Folio, opened when no digest folder is given.
public enum FolioSamples {
    /// The folder holding the bundled digests, wherever the program runs from.
    public static var folder: URL {
        Bundle.module.url(forResource: "digests", withExtension: nil)!
    }
}
