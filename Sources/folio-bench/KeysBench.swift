import FolioCore
import FolioScreen
import FolioUI
import Foundation

/// `folio-bench keys DIR`: `S` (the next sort) and `a` (all days, and back) as the person at the keyboard meets
/// them, in the all-days view of DIR's papers, the index and topics arrived: each key through the reducer, then a
/// render at 120x40. Prints one line, `keys S P50 P99 a P50 P99 papers N` (ms), for Scripts/bench-compare.
func benchKeys(folder: String, presses: Int) {
    let library = DigestLoader.load(paths: [folder])
    let size = Size(width: 120, height: 40)
    var state = AppState(library: library, size: size)
    let indexes = LibraryIndexes.build(library: library, definitions: TopicCatalog.builtIn, discover: true)
    _ = state.handle(.indexReady(indexes))
    func press(_ name: String) -> Double {
        milliseconds {
            _ = state.handle(.key(Key(name: name)!))
            withExtendedLifetime(render(state, size: size)) {}
        }
    }
    _ = press("a")
    // Each press of S is in the all-days view, the largest.
    let sorts = (0..<presses).map { _ in press("S") }
    // Each `a` leaves or enters the all-days view; both are counted.
    let views = (0..<presses).map { _ in press("a") }
    print(
        String(
            format: "keys S %.3f %.3f a %.3f %.3f papers %d", percentile(sorts, 0.5), percentile(sorts, 0.99),
            percentile(views, 0.5), percentile(views, 0.99), library.papers.count))
}
