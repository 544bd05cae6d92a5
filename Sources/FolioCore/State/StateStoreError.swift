import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a save failed, as one sentence that names the path and the operating system's reason.
public struct StateStoreError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    public var message: String

    public init(_ message: String) { self.message = message }

    /// `"<what>: <strerror> (errno N)."`
    init(_ what: String, code: Int32) {
        self.init("\(what): \(String(cString: strerror(code))) (errno \(code)).")
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}
