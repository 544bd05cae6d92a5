import CPlatform
import Foundation

/// JSON string escapes (`\n`, `\"`, `\u00e9`, surrogate pairs) both ways: resolved for every reader of JSON, so
/// all decode strings alike, and written by the one writer of JSON strings.
enum JSONStringEscapes {
    /// Why a `\u` escape is wrong; the wording fits after "it is not JSON: ".
    struct Failure: Error, Equatable {
        var reason: String
    }

    // MARK: Reading

    /// The length of a `\u` escape's text after its `\u` (`XXXX`, or `XXXX\uXXXX` for a surrogate pair), checked.
    static func unicodeEscapeLength(_ text: UnsafeBufferPointer<UInt8>) throws(Failure) -> Int {
        guard let code = hex4(text, at: 0) else { throw Failure(reason: "a bad \\u escape") }
        if (0xDC00..<0xE000).contains(code) { throw Failure(reason: "half a surrogate pair in a \\u escape") }
        guard (0xD800..<0xDC00).contains(code) else { return 4 }
        guard text.count >= 10, text[4] == UInt8(ascii: "\\"), text[5] == UInt8(ascii: "u"),
            let low = hex4(text, at: 6), (0xDC00..<0xE000).contains(low)
        else {
            throw Failure(reason: "half a surrogate pair in a \\u escape")
        }
        return 10
    }

    /// Four hex digits at `at` as a number; nil when they are not.
    private static func hex4(_ text: UnsafeBufferPointer<UInt8>, at: Int) -> UInt32? {
        guard at + 4 <= text.count else { return nil }
        var value: UInt32 = 0
        for byte in text[at..<at + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value * 16 + UInt32(digit)
        }
        return value
    }

    /// The text between a string's quotes with its escapes resolved; nil when an escape is bad (the scanner has
    /// refused those already) or the result is not valid UTF-8.
    static func unescaped(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            // The text up to the next backslash, in one piece.
            let remaining = UnsafeRawPointer(raw.baseAddress! + i)
            let run =
                memchr(remaining, Int32(UInt8(ascii: "\\")), raw.count - i).map { UnsafeRawPointer($0) - remaining }
                ?? raw.count - i
            out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[i..<i + run]))
            i += run
            guard i < raw.count else { break }
            guard i + 1 < raw.count else { return nil }
            let escaped = raw[i + 1]
            i += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let rest = UnsafeBufferPointer(rebasing: raw[i...])
                guard let length = try? unicodeEscapeLength(rest), var code = hex4(rest, at: 0) else { return nil }
                if length == 10, let low = hex4(rest, at: 6) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                i += length
                guard let scalar = Unicode.Scalar(code) else { return nil }
                out.append(contentsOf: String(Character(scalar)).utf8)
            default:
                return nil
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    // MARK: Writing

    /// The most a string can take written quoted, every byte escaped as `\u00XX`.
    static func maximumWrittenCount(utf8Count: Int) -> Int { 2 + 6 * utf8Count }

    /// Writes `utf8` as a quoted JSON string at `out`, which must have `maximumWrittenCount` bytes of room;
    /// returns the count written. `"` and `\` are escaped, `\n`, `\r` and `\t` by their letters, other control
    /// characters as `\u00XX`; everything else (`/` and non-ASCII too) as it is.
    static func writeQuoted(_ utf8: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var cursor = out
        cursor.pointee = UInt8(ascii: "\"")
        cursor += 1
        guard let base = utf8.baseAddress else {
            cursor.pointee = UInt8(ascii: "\"")
            return 2
        }
        var done = 0
        while done < utf8.count {
            // The run that needs no escape, found sixteen bytes a step as the scanner finds a string's end.
            let run = folio_json_string_stop(base + done, utf8.count - done)
            cursor.update(from: base + done, count: run)
            cursor += run
            done += run
            guard done < utf8.count else { break }
            let byte = base[done]
            done += 1
            cursor[0] = UInt8(ascii: "\\")
            switch byte {
            case 0x22, 0x5C:
                cursor[1] = byte
                cursor += 2
            case 0x0A, 0x0D, 0x09:
                cursor[1] = byte == 0x0A ? UInt8(ascii: "n") : byte == 0x0D ? UInt8(ascii: "r") : UInt8(ascii: "t")
                cursor += 2
            default:
                let hex: (UInt8) -> UInt8 = { $0 < 10 ? 48 + $0 : 87 + $0 }
                cursor[1] = UInt8(ascii: "u")
                cursor[2] = UInt8(ascii: "0")
                cursor[3] = UInt8(ascii: "0")
                cursor[4] = hex(byte >> 4)
                cursor[5] = hex(byte & 0xF)
                cursor += 6
            }
        }
        cursor.pointee = UInt8(ascii: "\"")
        cursor += 1
        return cursor - out
    }
}
