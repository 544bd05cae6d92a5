import Foundation
import Testing

@testable import FolioTerminal

#if canImport(Glibc)
    import Glibc
#endif

/// The terminal's wait for a key, ended by bytes on the input or by another thread's `wake()`: what lets an
/// index built in the background reach the screen without a key pressed. Real pipes, no terminal.
@Suite("Waking the read: a self-pipe beside the keys")
struct WakeUpTests {
    /// A pipe standing in for the keyboard: its read end is waited on, its write end types.
    final class Keyboard {
        let readEnd: Int32
        let writeEnd: Int32

        init() {
            var ends: [Int32] = [-1, -1]
            precondition(pipe(&ends) == 0)
            (readEnd, writeEnd) = (ends[0], ends[1])
        }

        func type(_ byte: UInt8) {
            var byte = byte
            _ = write(writeEnd, &byte, 1)
        }

        deinit {
            close(readEnd)
            close(writeEnd)
        }
    }

    @Test("A wake-up from another thread ends a wait that would otherwise last a minute, no key typed")
    func wokenFromAnotherThread() async {
        let keyboard = Keyboard()
        let wakeUp = WakeUp()
        let waiter = Task.detached { wakeUp.wait(forInput: keyboard.readEnd, milliseconds: 60_000) }
        // Posted while the other thread waits (or before it starts: the byte waits in the pipe).
        try? await Task.sleep(for: .milliseconds(20))
        wakeUp.wake()
        #expect(await waiter.value == .woken)
    }

    @Test("Wake-ups are drained: after one wait ends on them, the next waits again")
    func drained() {
        let keyboard = Keyboard()
        let wakeUp = WakeUp()
        for _ in 0..<3 { wakeUp.wake() }
        #expect(wakeUp.wait(forInput: keyboard.readEnd, milliseconds: 0) == .woken)
        #expect(wakeUp.wait(forInput: keyboard.readEnd, milliseconds: 0) == .timedOutOrInterrupted)
    }

    @Test("A key typed ends the wait as input, before a pending wake-up, which stays for the next wait")
    func inputFirst() {
        let keyboard = Keyboard()
        let wakeUp = WakeUp()
        #expect(wakeUp.wait(forInput: keyboard.readEnd, milliseconds: 0) == .timedOutOrInterrupted)
        keyboard.type(UInt8(ascii: "j"))
        wakeUp.wake()
        #expect(wakeUp.wait(forInput: keyboard.readEnd, milliseconds: 0) == .input)
        var byte: UInt8 = 0
        #expect(read(keyboard.readEnd, &byte, 1) == 1 && byte == UInt8(ascii: "j"))
        #expect(wakeUp.wait(forInput: keyboard.readEnd, milliseconds: 0) == .woken)
    }

    @Test("Many wake-ups while nobody waits never block the posting thread")
    func fullPipe() {
        let wakeUp = WakeUp()
        // More than a pipe holds (64 KiB): the writes that would block are dropped.
        for _ in 0..<70_000 { wakeUp.wake() }
        let keyboard = Keyboard()
        #expect(wakeUp.wait(forInput: keyboard.readEnd, milliseconds: 0) == .woken)
        #expect(wakeUp.wait(forInput: keyboard.readEnd, milliseconds: 0) == .timedOutOrInterrupted)
    }
}
