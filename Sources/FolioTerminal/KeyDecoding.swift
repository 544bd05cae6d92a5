import CNCursesW
import FolioScreen

/// What ncurses reads, as keys and events. Pure: it is given the codes `wget_wch` returned (and, for an Alt
/// key or a paste, a way to read the next ones), never the terminal, so it can be tested without one.
public enum KeyDecoding {
    /// Key codes for the paste markers, past any ncurses defines.
    static let pasteStartCode: Int32 = 0x7F00
    static let pasteEndCode: Int32 = 0x7F01
    /// A paste longer than this is cut: a query or a filter is a line, not a file.
    static let pasteLimit = 4_096

    /// What a key code (a read that answered `KEY_CODE_YES`) stands for. Resize and mouse need the terminal
    /// to finish (its size, `getmouse`), so they are named here and completed there.
    enum KeyCodeInput: Equatable {
        case key(Key)
        case resize
        case mouse
        case pasteStart
        case pasteEnd
    }

    /// One read while a paste comes in.
    enum PasteRead: Equatable {
        case character(UInt32)
        case keyCode(Int32)
        /// Nothing came within the timeout: the paste's end marker was lost.
        case nothing
    }

    /// Plain characters from the terminal as keys: control codes become Ctrl keys, Esc followed at once by a
    /// character becomes Alt. `nextCharacter` gives a character already waiting, without blocking, or nil.
    public static func key(fromCharacter value: UInt32, nextCharacter: () -> UInt32?) -> Key? {
        switch value {
        case 9: return Key(.tab)
        case 10, 13: return Key(.enter)
        case 27:
            if let next = nextCharacter(), let inner = key(fromCharacter: next, nextCharacter: { nil }),
                inner.code != .escape
            {
                return Key(inner.code, ctrl: inner.ctrl, alt: true)
            }
            return Key(.escape)
        case 8, 127: return Key(.backspace)
        case 0: return Key(.character(" "), ctrl: true)
        case 1...26: return Key(.character(Character(UnicodeScalar(value + 96)!)), ctrl: true)
        case 28...31: return nil
        default:
            guard let scalar = UnicodeScalar(value), value >= 0x20, !(0x7F..<0xA0).contains(value) else { return nil }
            return Key(.character(Character(scalar)))
        }
    }

    /// A key code as a key, or as the resize, mouse or paste marker it is; nil for codes Folio has no use for.
    static func input(fromKeyCode code: Int32) -> KeyCodeInput? {
        switch code {
        case pasteStartCode: return .pasteStart
        case pasteEndCode: return .pasteEnd
        case folio_key_resize(): return .resize
        case folio_key_mouse(): return .mouse
        default: return specialKey(code).map { .key(Key($0)) }
        }
    }

    private static func specialKey(_ code: Int32) -> Key.Code? {
        switch code {
        case KEY_DOWN: .down
        case KEY_UP: .up
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_NPAGE: .pageDown
        case KEY_PPAGE: .pageUp
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_IC: .insert
        case KEY_ENTER: .enter
        case KEY_BTAB: .backTab
        case folio_key_f0() + 1...folio_key_f0() + 24: .function(Int(code - folio_key_f0()))
        default: nil
        }
    }

    /// The mouse input a `getmouse` button state means: the first that matches, wheel before buttons and a
    /// double click before a click, since one state may carry several of these bits. Nil for anything else.
    static func mouseKind(buttons state: mmask_t) -> MouseEvent.Kind? {
        if state & folio_button4_pressed() != 0 { return .wheelUp }
        if state & folio_button5_pressed() != 0 { return .wheelDown }
        if state & folio_button1_double_clicked() != 0 { return .doubleClick }
        if state & folio_button1_clicked() != 0 { return .click }
        return nil
    }

    /// The text of a paste whose start marker was just read: characters up to the end marker, or up to a read
    /// that found nothing. Other key codes inside are dropped, and so is what passes `pasteLimit`, though it is
    /// still read so that it does not arrive as keys afterwards.
    static func paste(reading next: () -> PasteRead) -> String {
        var text = String.UnicodeScalarView()
        var count = 0
        while true {
            switch next() {
            case .nothing:
                return String(text)
            case .keyCode(let code):
                if code == pasteEndCode { return String(text) }
            case .character(let value):
                count += 1
                if count <= pasteLimit, let scalar = Unicode.Scalar(value) { text.append(scalar) }
            }
        }
    }
}
