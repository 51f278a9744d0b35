/// The request-scoped map from each issued placeholder (or hash pseudonym) to the value it
/// stands for. It is the only place redaction keeps raw values; it is never written in clear
/// (see ``sealed(with:)``).
public struct PlaceholderMap: Sendable, Equatable {
    public struct Entry: Sendable, Equatable, Codable {
        public var placeholder: [UInt8]
        public var entity: String
        public var value: [UInt8]

        public init(placeholder: [UInt8], entity: String, value: [UInt8]) {
            self.placeholder = placeholder
            self.entity = entity
            self.value = value
        }
    }

    /// In the order they were issued.
    public private(set) var entries: [Entry] = []
    private var indexByPlaceholder: [[UInt8]: Int] = [:]
    /// ASCII-lowercased placeholders, to keep new ones distinct from old ones in any case.
    private var foldedPlaceholders: Set<[UInt8]> = []

    public init() {}

    public init(entries: [Entry]) {
        for entry in entries { add(entry) }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// The value `placeholder` stands for, or `nil` when it was not issued.
    public func value(for placeholder: some Collection<UInt8>) -> [UInt8]? {
        indexByPlaceholder[Array(placeholder)].map { entries[$0].value }
    }

    func containsFolded(_ folded: [UInt8]) -> Bool { foldedPlaceholders.contains(folded) }

    mutating func add(_ entry: Entry) {
        indexByPlaceholder[entry.placeholder] = entries.count
        foldedPlaceholders.insert(ASCII.lowercased(entry.placeholder))
        entries.append(entry)
    }
}

enum ASCII {
    static func lowercased(_ bytes: some Collection<UInt8>) -> [UInt8] {
        bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }
}
