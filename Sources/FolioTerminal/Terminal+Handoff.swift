import CNCursesW
import FolioScreen

#if canImport(Glibc)
    import Glibc
#endif

extension Terminal {
    /// Asks the terminal to put `bytes` on the system clipboard (OSC 52, `ESC ] 52 ; c ; BASE64 BEL`). With
    /// `tmuxPassthrough` the sequence is wrapped in tmux's DCS passthrough (`ESC P tmux; …ESC \`, every ESC
    /// inside doubled), for a tmux that does not take OSC 52 itself, so it reaches the terminal outside.
    public func setClipboard(_ bytes: [UInt8], tmuxPassthrough: Bool) {
        var sequence = Array("\u{1B}]52;c;".utf8) + Self.base64(bytes) + [0x07]
        if tmuxPassthrough {
            sequence =
                Array("\u{1B}Ptmux;".utf8) + sequence.flatMap { $0 == 0x1B ? [0x1B, 0x1B] : [$0] }
                + Array("\u{1B}\\".utf8)
        }
        Self.writeOut(sequence)
    }

    /// Gives the terminal to another program for `body` (a terminal browser), then takes it back and draws
    /// everything again.
    /// Ctrl-C meanwhile is the other program's: the SIGINT the reader gets with it (one process group) is not
    /// taken as a request to quit.
    public func suspended<Result>(_ body: () throws -> Result) rethrows -> Result {
        TerminalRestore.setBracketedPaste(false)
        endwin()
        let signalBefore = terminationSignal.load(ordering: .relaxed)
        defer {
            if signalBefore == 0 {
                _ = terminationSignal.compareExchange(expected: SIGINT, desired: 0, ordering: .relaxed)
            }
            TerminalRestore.setBracketedPaste(true)
            refresh()
            invalidate()
        }
        return try body()
    }

    /// The frame's links written over their cells again, each inside OSC 8 (`ESC ] 8 ; ; URL ESC \\`), the cursor
    /// and attributes saved and restored around them (DECSC, DECRC) so ncurses' idea of the terminal holds.
    func writeHyperlinks(_ frame: Screen) {
        var bytes: [UInt8] = Array("\u{1B}7".utf8)
        for link in frame.hyperlinks
        where link.row < frame.size.height && link.columns.upperBound <= frame.size.width {
            guard link.url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { continue }
            let text = link.columns.map { frame[link.row, $0].text }.joined()
            bytes += Array("\u{1B}[\(link.row + 1);\(link.columns.lowerBound + 1)H\u{1B}]8;;\(link.url)\u{1B}\\".utf8)
            bytes += Array(text.utf8) + Array("\u{1B}]8;;\u{1B}\\".utf8)
        }
        bytes += Array("\u{1B}8".utf8)
        Self.writeOut(bytes)
    }

    /// Bytes written to the stream ncurses draws on (it has flushed its own by the end of every `draw`), at once.
    static func writeOut(_ bytes: [UInt8]) {
        let output = folio_stdout()
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, output) }
        fflush(output)
    }

    /// RFC 4648 base64, with padding.
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var result: [UInt8] = []
        result.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            let b0 = UInt32(bytes[index])
            let b1 = count > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = count > 2 ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            result.append(alphabet[Int(triple >> 18 & 63)])
            result.append(alphabet[Int(triple >> 12 & 63)])
            result.append(count > 1 ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
            result.append(count > 2 ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return result
    }
}
