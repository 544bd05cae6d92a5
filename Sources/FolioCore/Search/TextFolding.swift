import CPlatform
import Foundation

/// Case- and accent-insensitive words, shared by paper identity, search and topics so that they agree on
/// what a word is: "Fréchet" and "frechet" fold to the same word.
public enum TextFolding {
    /// A word of a text: its folded form and where it stands in the original (UTF-8 offsets).
    public struct Word: Sendable, Hashable {
        public var folded: String
        public var utf8Range: Range<Int>
    }

    /// Title with case, accents, punctuation and spacing ignored: the key of a paper known by title only.
    public static func normalizedTitle(_ title: String) -> String {
        // Most titles are ASCII: fold them in one pass over the bytes, without a String per word.
        if let ascii = asciiNormalizedTitle(title) { return ascii }
        var result = ""
        result.reserveCapacity(title.utf8.count)
        forEachWord(in: title) { word, _ in
            if !result.isEmpty { result.append(" ") }
            result.append(word)
        }
        return result
    }

    /// Sixteen bytes a step, each word copied whole (`folio_fold_ascii_title`); nil for a title with other than
    /// ASCII, which takes the slow path.
    private static func asciiNormalizedTitle(_ title: String) -> String? {
        var text = title
        return text.withUTF8 { bytes -> String? in
            guard let input = bytes.baseAddress else { return "" }
            // Folded on the stack, where its sixteen-byte stores may run past the end, then copied into a String
            // of just its size (100,000 titles: 1.6 MB less than a String with room for the stores).
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + 16) { output -> String? in
                let length = folio_fold_ascii_title(input, bytes.count, output.baseAddress!)
                guard length >= 0 else { return nil }
                return String(decoding: UnsafeBufferPointer(start: output.baseAddress!, count: length), as: UTF8.self)
            }
        }
    }

    /// What one byte is to the rule.
    enum ByteFold: Equatable {
        /// A letter (lower-cased) or a digit: part of a word.
        case word(UInt8)
        /// Any other ASCII byte: it ends a word.
        case separator
        /// 0x80 or more: it starts a character that `forEachWord` folds whole.
        case notASCII
    }

    /// The rule for ASCII, a byte at a time: letters lower-cased, digits as they are, any other ASCII byte a
    /// separator. Every Swift fold of text into words asks this; `folio_fold_chunk` in CPlatform is its
    /// sixteen-byte form for titles and fingerprints, and the tests hold them all to the same words. An enum the
    /// caller switches on, inlined, costs what a switch on the byte costs; a byte returned and tested again (or
    /// a static table, reached through a lazy-initialisation check) made the index build slower.
    @inline(__always)
    static func foldASCII(_ byte: UInt8) -> ByteFold {
        switch byte {
        case 0x30...0x39, 0x61...0x7A: .word(byte)
        case 0x41...0x5A: .word(byte + 32)
        case 0x80...: .notASCII
        default: .separator
        }
    }

    public static func words(_ text: String) -> [Word] {
        var words: [Word] = []
        forEachWord(in: text) { folded, range in words.append(Word(folded: folded, utf8Range: range)) }
        return words
    }

    /// Calls `body` with each word (letters and digits) folded to lower case without accents, and its UTF-8 range.
    public static func forEachWord(in text: String, _ body: (String, Range<Int>) -> Void) {
        var word: [UInt8] = []
        word.reserveCapacity(32)
        var wordStart = 0
        var offset = 0
        let utf8 = text.utf8
        var index = utf8.startIndex
        func flush(_ end: Int) {
            if !word.isEmpty {
                body(String(decoding: word, as: UTF8.self), wordStart..<end)
                word.removeAll(keepingCapacity: true)
            }
        }
        while index != utf8.endIndex {
            let byte = utf8[index]
            switch foldASCII(byte) {
            case .word(let folded):
                if word.isEmpty { wordStart = offset }
                word.append(folded)
                index = utf8.index(after: index)
                offset += 1
                continue
            case .separator:
                flush(offset)
                index = utf8.index(after: index)
                offset += 1
                continue
            case .notASCII:
                break
            }
            // Non-ASCII: decode one scalar and fold it.
            let scalarIndex = index
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            let end = utf8.index(scalarIndex, offsetBy: length, limitedBy: utf8.endIndex) ?? utf8.endIndex
            let scalarText = String(decoding: utf8[scalarIndex..<end], as: UTF8.self)
            let folded = foldScalar(scalarText)
            if let folded {
                if !folded.isEmpty {
                    if word.isEmpty { wordStart = offset }
                    word.append(contentsOf: folded.utf8)
                }
            } else {
                flush(offset)
            }
            offset += utf8.distance(from: scalarIndex, to: end)
            index = end
        }
        flush(offset)
    }

    /// Folded letters of one non-ASCII scalar; "" for a combining mark (part of the word, adds nothing);
    /// nil for anything that separates words.
    private static func foldScalar(_ text: String) -> String? {
        guard let scalar = text.unicodeScalars.first else { return nil }
        let properties = scalar.properties
        if properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
            || properties.generalCategory == .enclosingMark
        {
            return ""
        }
        guard properties.isAlphabetic || properties.numericType != nil else { return nil }
        var result = ""
        for part in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            let category = part.properties.generalCategory
            if category == .nonspacingMark || category == .spacingMark || category == .enclosingMark { continue }
            result += part.properties.lowercaseMapping
        }
        switch result {
        case "ß": return "ss"
        case "æ": return "ae"
        case "ø": return "o"
        case "ł": return "l"
        case "œ": return "oe"
        default: return result
        }
    }
}
