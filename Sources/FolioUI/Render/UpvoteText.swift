import Foundation

/// Counts as the Daily Papers site writes them: whole below a thousand, else three significant digits and `k` or
/// `M`, trailing zeros dropped (`118`, `2.35k`, `11.8k`, `2k`, `1.2M`).
public enum UpvoteText {
    public static func short(_ value: Int) -> String {
        let magnitude = abs(value)
        let sign = value < 0 ? "-" : ""
        if magnitude < 1000 { return "\(value)" }
        let (unit, suffix) = magnitude < 999_500 ? (1000.0, "k") : (1_000_000.0, "M")
        let scaled = Double(magnitude) / unit
        let decimals = scaled < 9.995 ? 2 : scaled < 99.95 ? 1 : 0
        var text = String(format: "%.\(decimals)f", scaled)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return sign + text + suffix
    }
}
