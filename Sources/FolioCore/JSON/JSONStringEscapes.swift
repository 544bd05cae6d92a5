import Foundation

/// JSON string escapes (`\n`, `\"`, `\u00e9`, surrogate pairs), shared by the digest reader and the state file
/// reader so both decode strings the same way.
enum JSONStringEscapes {
    /// Why a string's escapes could not be read; the wording fits after "it is not JSON: ".
    struct Failure: Error, Equatable {
        var reason: String
    }

    /// The text between the quotes with its escapes resolved; nil when the result is not valid UTF-8.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws(Failure) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.count else { return nil }
            var value: UInt32 = 0
            for byte in raw[at..<at + 4] {
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
        var i = 0
        while i < raw.count {
            // The text up to the next backslash, in one piece.
            let remaining = UnsafeRawPointer(raw.baseAddress! + i)
            let run = memchr(remaining, Int32(UInt8(ascii: "\\")), raw.count - i).map { UnsafeRawPointer($0) - remaining }
                ?? raw.count - i
            out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[i..<i + run]))
            i += run
            guard i < raw.count else { break }
            guard i + 1 < raw.count else { throw Failure(reason: "a string ends in a lone \\") }
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
                guard var code = hex4(i) else { throw Failure(reason: "a bad \\u escape") }
                i += 4
                if (0xD800..<0xDC00).contains(code) {
                    guard i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u"),
                          let low = hex4(i + 2), (0xDC00..<0xE000).contains(low) else {
                        throw Failure(reason: "half a surrogate pair in a \\u escape")
                    }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                guard let scalar = Unicode.Scalar(code) else { throw Failure(reason: "half a surrogate pair in a \\u escape") }
                out.append(contentsOf: String(Character(scalar)).utf8)
            default:
                throw Failure(reason: "an unknown escape \\\(String(decoding: [escaped], as: UTF8.self))")
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}
