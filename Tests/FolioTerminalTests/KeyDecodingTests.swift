import CNCursesW
import FolioScreen
import Testing

@testable import FolioTerminal

@Suite("Key decoding: what ncurses reads, as keys and events")
struct KeyDecodingTests {
    /// A character read with nothing waiting after it.
    private func key(_ value: UInt32) -> Key? {
        KeyDecoding.key(fromCharacter: value, nextCharacter: { nil })
    }

    /// Esc, then `next` already waiting, as a fast typist's or a terminal's Alt sends it.
    private func escape(then next: UInt32?) -> Key? {
        var waiting = next
        return KeyDecoding.key(
            fromCharacter: 27,
            nextCharacter: {
                defer { waiting = nil }
                return waiting
            })
    }

    private func keyCode(_ code: Int32) -> KeyDecoding.KeyCodeInput? { KeyDecoding.input(fromKeyCode: code) }

    @Test("Printable ASCII is the character itself")
    func ascii() {
        #expect(key(0x61) == .char("a"))
        #expect(key(0x41) == .char("A"))
        #expect(key(0x20) == .char(" "))
        #expect(key(0x7E) == .char("~"))
        #expect(key(0x3F) == .char("?"))
    }

    @Test("Wide characters from UTF-8 input are characters, whatever their width")
    func unicode() {
        #expect(key(0xE9) == .char("é"))
        #expect(key(0x4E2D) == .char("中"))
        #expect(key(0x1F680) == .char("🚀"))
        #expect(key(0xA0) == .char("\u{A0}"))
    }

    @Test("Control bytes are Ctrl letters; 0 is Ctrl-Space")
    func controlLetters() {
        #expect(key(1) == .ctrl("a"))
        #expect(key(4) == .ctrl("d"))
        #expect(key(12) == .ctrl("l"))
        #expect(key(21) == .ctrl("u"))
        #expect(key(26) == .ctrl("z"))
        #expect(key(0) == .ctrl(" "))
    }

    @Test("Codes that are no key are dropped: other C0 controls, C1 controls, surrogates")
    func dropped() {
        for value: UInt32 in [28, 29, 30, 31, 0x80, 0x9B, 0x9F, 0xD800] {
            #expect(key(value) == nil, "\(value)")
        }
    }

    @Test("Enter, Tab and Backspace in all the forms terminals send them")
    func editingKeys() {
        #expect(key(13) == Key(.enter))
        #expect(key(10) == Key(.enter))
        #expect(key(9) == Key(.tab))
        // Ctrl-H and DEL: terminals send either for Backspace, so neither is a Ctrl letter.
        #expect(key(8) == Key(.backspace))
        #expect(key(127) == Key(.backspace))
        #expect(keyCode(KEY_BACKSPACE) == .key(Key(.backspace)))
        #expect(keyCode(KEY_ENTER) == .key(Key(.enter)))
        #expect(keyCode(KEY_BTAB) == .key(Key(.backTab)))
        #expect(keyCode(KEY_DC) == .key(Key(.delete)))
        #expect(keyCode(KEY_IC) == .key(Key(.insert)))
    }

    @Test("Esc with a key waiting is that key with Alt; alone it is Esc")
    func alt() {
        #expect(escape(then: 0x78) == Key(.character("x"), alt: true))
        #expect(escape(then: 0x4E2D) == Key(.character("中"), alt: true))
        #expect(escape(then: 13) == Key(.enter, alt: true))
        #expect(escape(then: 127) == Key(.backspace, alt: true))
        #expect(escape(then: 4) == Key(.character("d"), ctrl: true, alt: true))
        #expect(escape(then: nil) == Key(.escape))
        // Esc Esc is one Esc: the second is not taken for an Alt key.
        #expect(escape(then: 27) == Key(.escape))
        // Something waiting that is no key at all is not a key with Alt either.
        #expect(escape(then: 0x1C) == Key(.escape))
    }

    @Test("An Alt key reads exactly one more character")
    func altReadsOnce() {
        var reads = 0
        let key = KeyDecoding.key(
            fromCharacter: 27,
            nextCharacter: {
                reads += 1
                return 27
            })
        #expect(key == Key(.escape))
        #expect(reads == 1)
        var plainReads = 0
        _ = KeyDecoding.key(
            fromCharacter: 0x61,
            nextCharacter: {
                plainReads += 1
                return nil
            })
        #expect(plainReads == 0)
    }

    @Test("Arrows, Home, End, PgUp, PgDn by their ncurses codes")
    func movement() {
        #expect(keyCode(KEY_UP) == .key(Key(.up)))
        #expect(keyCode(KEY_DOWN) == .key(Key(.down)))
        #expect(keyCode(KEY_LEFT) == .key(Key(.left)))
        #expect(keyCode(KEY_RIGHT) == .key(Key(.right)))
        #expect(keyCode(KEY_HOME) == .key(Key(.home)))
        #expect(keyCode(KEY_END) == .key(Key(.end)))
        #expect(keyCode(KEY_PPAGE) == .key(Key(.pageUp)))
        #expect(keyCode(KEY_NPAGE) == .key(Key(.pageDown)))
    }

    @Test("F1 to F24; KEY_F0 itself and past F24 are nothing")
    func functionKeys() {
        let f0 = folio_key_f0()
        #expect(keyCode(f0 + 1) == .key(Key(.function(1))))
        #expect(keyCode(f0 + 12) == .key(Key(.function(12))))
        #expect(keyCode(f0 + 24) == .key(Key(.function(24))))
        #expect(keyCode(f0) == nil)
        #expect(keyCode(f0 + 25) == nil)
    }

    @Test("Resize, mouse and the paste markers are told apart from keys")
    func markers() {
        #expect(keyCode(folio_key_resize()) == .resize)
        #expect(keyCode(folio_key_mouse()) == .mouse)
        #expect(keyCode(KeyDecoding.pasteStartCode) == .pasteStart)
        #expect(keyCode(KeyDecoding.pasteEndCode) == .pasteEnd)
        // Key codes Folio has no use for (here Shift-Left) are not mistaken for one it has.
        #expect(keyCode(KEY_SLEFT) == nil)
    }

    @Test("Mouse states: wheel, double click, click, and nothing for the rest")
    func mouse() {
        #expect(KeyDecoding.mouseKind(buttons: folio_button4_pressed()) == .wheelUp)
        #expect(KeyDecoding.mouseKind(buttons: folio_button5_pressed()) == .wheelDown)
        #expect(KeyDecoding.mouseKind(buttons: folio_button1_double_clicked()) == .doubleClick)
        // A double click's state may carry the click bits too; it is still a double click.
        #expect(
            KeyDecoding.mouseKind(buttons: folio_button1_double_clicked() | folio_button1_clicked()) == .doubleClick)
        #expect(KeyDecoding.mouseKind(buttons: folio_button1_clicked()) == .click)
        #expect(KeyDecoding.mouseKind(buttons: 0) == nil)
    }

    /// Feeds `reads` to the paste reader, then `.nothing` for ever; returns the text and how many reads it made.
    private func paste(_ reads: [KeyDecoding.PasteRead]) -> (text: String, reads: Int) {
        var index = 0
        let text = KeyDecoding.paste {
            defer { index += 1 }
            return index < reads.count ? reads[index] : .nothing
        }
        return (text, index)
    }

    private func characters(_ text: String) -> [KeyDecoding.PasteRead] {
        text.unicodeScalars.map { .character($0.value) }
    }

    @Test("A paste is the text up to its end marker, newlines kept, nothing after it read")
    func pasteText() {
        let result = paste(characters("ab\n中") + [.keyCode(KeyDecoding.pasteEndCode)] + characters("later"))
        #expect(result.text == "ab\n中")
        #expect(result.reads == 5)
    }

    @Test("A paste whose end marker never comes ends at the first empty read")
    func pasteTimeout() {
        #expect(paste(characters("abc")).text == "abc")
    }

    @Test("Key codes inside a paste are dropped, and a paste past the limit is cut but read to its end")
    func pasteLimits() {
        #expect(
            paste([.character(0x61), .keyCode(KEY_UP), .character(0x62), .keyCode(KeyDecoding.pasteEndCode)]).text
                == "ab")
        let long = Array(repeating: KeyDecoding.PasteRead.character(0x78), count: KeyDecoding.pasteLimit + 10)
        let result = paste(long + [.keyCode(KeyDecoding.pasteEndCode)])
        #expect(result.text.unicodeScalars.count == KeyDecoding.pasteLimit)
        #expect(result.reads == long.count + 1)
    }
}
