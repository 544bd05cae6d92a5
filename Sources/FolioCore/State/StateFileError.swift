/// What is wrong with a state file, phrased to follow "could not be used: ".
struct StateFileError: Error, CustomStringConvertible {
    /// 0 when the problem is with the file as a whole.
    var line: Int
    var message: String

    var description: String { line > 0 ? "line \(line): \(message)" : message }
}
