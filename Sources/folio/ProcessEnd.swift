/// What a one-shot command holds until the process exits, never freed: a library of 100,000 papers is half a
/// million blocks, and letting them go one by one after the answer is printed took longer than decoding them
/// from the cache. The system takes the process's memory back whole at exit.
enum ProcessEnd {
    /// A box retained once and never released.
    private final class Kept<Value> {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    static func keep<Value>(_ value: Value) { _ = Unmanaged.passRetained(Kept(value)) }
}
