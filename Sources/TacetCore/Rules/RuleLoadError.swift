/// A rule file that cannot be loaded, with what is wrong and where.
///
/// ``description`` reads like a compiler message, for example
/// `rules.toml: rule "aws-key": key "entropy" must be a number, found string` or, for a TOML
/// syntax error, `rules.toml:3:9: expected '=' after key`.
public struct RuleLoadError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The rule file, named as its ``RuleSource`` names it.
    public var file: String
    /// For a TOML syntax error, the 1-based line and column.
    public var line: Int?
    public var column: Int?
    /// Where in the file: `rule "aws-key"`, `rule #3` (1-based, when the id is missing or in
    /// question), `rule "aws-key", allowlist #2`, `allowlist #1` (global), `[extend]`; `nil` for
    /// the top level.
    public var location: String?
    /// The key at fault, spelt as in the file.
    public var key: String?
    /// What is wrong, worded to follow the key (`must be a number, found string`).
    public var message: String

    public init(
        file: String, line: Int? = nil, column: Int? = nil, location: String? = nil,
        key: String? = nil, message: String
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.location = location
        self.key = key
        self.message = message
    }

    public var description: String {
        var position = file
        if let line, let column { position += ":\(line):\(column)" }
        let subject = key.map { "key \"\($0)\" " } ?? ""
        return RuleLoadError.place(file: position, location: location) + subject + message
    }

    /// `file: location: `, the start of every error and warning.
    static func place(file: String, location: String?) -> String {
        location.map { "\(file): \($0): " } ?? "\(file): "
    }
}
