/// A failure of the disclosure log, with a message that says what and where and never holds a
/// detected value (digests and ids at most).
public struct LogError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
