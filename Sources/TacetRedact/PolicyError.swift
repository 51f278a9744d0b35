/// A policy that cannot be used: the file, the key and what is wrong with it.
public struct PolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// The key at fault, as a dotted path (`actions.EMAIL_ADDRESS`).
    public var key: String?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        var place = file ?? "policy"
        if let line, let column { place += ":\(line):\(column)" }
        if let key { place += ": \(key)" }
        return "\(place): \(message)"
    }
}
