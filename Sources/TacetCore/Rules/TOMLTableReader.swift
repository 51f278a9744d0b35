import TOMLKit

/// Typed, case-insensitive reads of one table of a rule file.
///
/// gitleaks reads its configuration through viper, which ignores the case of keys
/// (`secretgroup` works like `secretGroup`), so lookups here fold case too. Each read marks its
/// key; ``unknownKeyWarnings()`` reports the keys nobody read. A value of the wrong type is an
/// error naming the file, ``location`` and the key as spelt in the file.
struct TOMLTableReader {
    let file: String
    var location: String?
    /// Lowercased key → the key as spelt and its value.
    private let entries: [String: (key: String, value: any TOMLValueConvertible)]
    private var readKeys: Set<String> = []

    init(_ table: TOMLTable, file: String, location: String?) throws(RuleLoadError) {
        self.file = file
        self.location = location
        var entries: [String: (key: String, value: any TOMLValueConvertible)] = [:]
        for (key, value) in table {
            let folded = key.lowercased()
            if let other = entries[folded] {
                throw RuleLoadError(
                    file: file, location: location, key: key,
                    message: "repeats \"\(other.key)\" (keys ignore case, as in gitleaks)")
            }
            entries[folded] = (key, value)
        }
        self.entries = entries
    }

    func has(_ key: String) -> Bool { entries[key.lowercased()] != nil }

    func error(_ key: String?, _ message: String) -> RuleLoadError {
        RuleLoadError(file: file, location: location, key: key, message: message)
    }

    /// One warning per key of the table that no read asked for.
    func unknownKeyWarnings() -> [String] {
        entries.filter { !readKeys.contains($0.key) }.map(\.value.key).sorted().map {
            RuleLoadError.place(file: file, location: location) + "unknown key \"\($0)\" (ignored)"
        }
    }

    private mutating func entry(_ key: String) -> (key: String, value: any TOMLValueConvertible)? {
        let folded = key.lowercased()
        guard let entry = entries[folded] else { return nil }
        readKeys.insert(folded)
        return entry
    }

    mutating func string(_ key: String) throws(RuleLoadError) -> String? {
        guard case let (spelt, value)? = entry(key) else { return nil }
        guard let string = value.string else { throw mismatch(spelt, "a string", value.type) }
        return string
    }

    mutating func int(_ key: String) throws(RuleLoadError) -> Int? {
        guard case let (spelt, value)? = entry(key) else { return nil }
        guard let int = value.int else { throw mismatch(spelt, "an integer", value.type) }
        return int
    }

    /// A float, or an integer read as one (`entropy = 3`).
    mutating func number(_ key: String) throws(RuleLoadError) -> Double? {
        guard case let (spelt, value)? = entry(key) else { return nil }
        if let double = value.double { return double }
        if let int = value.int { return Double(int) }
        throw mismatch(spelt, "a number", value.type)
    }

    mutating func bool(_ key: String) throws(RuleLoadError) -> Bool? {
        guard case let (spelt, value)? = entry(key) else { return nil }
        guard let bool = value.bool else { throw mismatch(spelt, "a boolean", value.type) }
        return bool
    }

    /// An array of strings; with `orSingle`, a lone string too, read as an array of one.
    mutating func strings(_ key: String, orSingle: Bool = false) throws(RuleLoadError) -> [String]? {
        guard case let (spelt, value)? = entry(key) else { return nil }
        if orSingle, let string = value.string { return [string] }
        let expected = orSingle ? "a string or an array of strings" : "an array of strings"
        guard let array = value.array else { throw mismatch(spelt, expected, value.type) }
        var strings: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element.string else {
                throw mismatch(spelt, expected, element.type, item: index + 1)
            }
            strings.append(string)
        }
        return strings
    }

    mutating func table(_ key: String) throws(RuleLoadError) -> TOMLTable? {
        guard case let (spelt, value)? = entry(key) else { return nil }
        guard let table = value.table else { throw mismatch(spelt, "a table", value.type) }
        return table
    }

    /// An array of tables (`[[rules]]`).
    mutating func tables(_ key: String) throws(RuleLoadError) -> [TOMLTable]? {
        guard case let (spelt, value)? = entry(key) else { return nil }
        let expected = "an array of tables"
        guard let array = value.array else { throw mismatch(spelt, expected, value.type) }
        var tables: [TOMLTable] = []
        for (index, element) in array.enumerated() {
            guard let table = element.table else {
                throw mismatch(spelt, expected, element.type, item: index + 1)
            }
            tables.append(table)
        }
        return tables
    }

    /// A string that must be the raw value of one of `T`'s cases.
    mutating func choice<T: RawRepresentable<String> & CaseIterable>(
        _ key: String, _ type: T.Type
    ) throws(RuleLoadError) -> T? {
        guard let string = try self.string(key) else { return nil }
        guard let value = T(rawValue: string) else {
            throw error(entries[key.lowercased()]?.key, "must be one of \(Self.list(T.self)), found \"\(string)\"")
        }
        return value
    }

    /// Strings (or a lone string) that must each be the raw value of one of `T`'s cases.
    mutating func choices<T: RawRepresentable<String> & CaseIterable>(
        _ key: String, _ type: T.Type
    ) throws(RuleLoadError) -> [T]? {
        guard let strings = try self.strings(key, orSingle: true) else { return nil }
        var values: [T] = []
        for string in strings {
            guard let value = T(rawValue: string) else {
                throw error(
                    entries[key.lowercased()]?.key,
                    "has unknown value \"\(string)\" (expected \(Self.list(T.self)))")
            }
            values.append(value)
        }
        return values
    }

    private func mismatch(_ key: String, _ expected: String, _ found: TOMLType, item: Int? = nil) -> RuleLoadError {
        let position = item.map { " at item \($0)" } ?? ""
        return error(key, "must be \(expected), found \(Self.name(of: found))\(position)")
    }

    private static func list<T: RawRepresentable<String> & CaseIterable>(_ type: T.Type) -> String {
        T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
    }

    private static func name(of type: TOMLType) -> String {
        switch type {
        case .string: "string"
        case .int: "integer"
        case .double: "float"
        case .bool: "boolean"
        case .table: "table"
        case .array: "array"
        case .date: "date"
        case .time: "time"
        case .dateTime: "date-time"
        }
    }
}
