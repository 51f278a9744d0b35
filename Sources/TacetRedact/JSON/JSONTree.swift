/// A JSON document (RFC 8259) parsed into a tree that keeps, for every value, the byte range it
/// was written in: so a caller can read the document and rewrite some strings while copying
/// every other byte unchanged.
public struct JSONTree: Sendable {
    public indirect enum Value: Sendable {
        case object([Member])
        case array([Node])
        /// A string's raw contents, between its quotes, escapes as written.
        case string(Range<Int>)
        case number
        case bool(Bool)
        case null
    }

    public struct Member: Sendable {
        /// The key, decoded.
        public var key: String
        /// The key's raw contents, between its quotes.
        public var keyRange: Range<Int>
        public var value: Node
    }

    public struct Node: Sendable {
        /// The whole value as written, quotes and brackets included.
        public var range: Range<Int>
        public var value: Value

        public subscript(key: String) -> Node? {
            guard case .object(let members) = value else { return nil }
            return members.first { $0.key == key }?.value
        }

        public var members: [Member] {
            if case .object(let members) = value { return members }
            return []
        }

        public var elements: [Node] {
            if case .array(let elements) = value { return elements }
            return []
        }

        public var isObject: Bool { if case .object = value { true } else { false } }

        /// The raw contents of a string value.
        public var stringRange: Range<Int>? {
            if case .string(let range) = value { return range }
            return nil
        }
    }

    public let bytes: [UInt8]
    public let root: Node

    /// Containers nest at most this deep, so no document can exhaust the stack.
    public static let maxDepth = 512

    /// - Throws: ``JSONSyntaxError`` with the byte offset of the first problem.
    public init(parsing bytes: [UInt8]) throws(JSONSyntaxError) {
        self.bytes = bytes
        let parsed = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONSyntaxError) -> Node in
                var parser = Parser(bytes: buffer)
                parser.skipSpace()
                let root = try parser.value(depth: 0)
                parser.skipSpace()
                guard parser.position == buffer.count else { throw parser.error("unexpected text after the document") }
                return root
            }
        }
        root = try parsed.get()
    }

    /// The decoded contents of a string node (`nil` for any other value).
    public func string(_ node: Node?) -> String? {
        guard let range = node?.stringRange else { return nil }
        return String(decoding: decodedBytes(range), as: UTF8.self)
    }

    /// The decoded bytes of a string's raw contents.
    public func decodedBytes(_ range: Range<Int>) -> [UInt8] {
        bytes.withUnsafeBytes { JSONString.decode(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// An integer number node's value.
    public func int(_ node: Node?) -> Int? {
        guard let node, case .number = node.value else { return nil }
        return Int(String(decoding: bytes[node.range], as: UTF8.self))
    }

    /// The document with each range replaced by its bytes; ranges must not overlap.
    public func replacing(_ edits: [(range: Range<Int>, bytes: [UInt8])]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var cursor = 0
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            output += bytes[cursor..<edit.range.lowerBound]
            output += edit.bytes
            cursor = edit.range.upperBound
        }
        output += bytes[cursor...]
        return output
    }

    /// `.name` for a key made of letters, digits and `_`, else `["…"]` with the key as written.
    public static func member(_ key: String) -> String {
        let utf8 = key.utf8
        if let first = utf8.first, !Parser.isDigit(first), utf8.allSatisfy(PlaceholderFormat.isNameByte) { return "." + key }
        return "[\"\(key)\"]"
    }

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(offset: position, message: message) }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
            guard current == byte else { throw error("expected \"\(Character(Unicode.Scalar(byte)))\"") }
            position += 1
        }

        mutating func value(depth: Int) throws(JSONSyntaxError) -> Node {
            guard depth < JSONTree.maxDepth else { throw error("nested deeper than \(JSONTree.maxDepth)") }
            let start = position
            let value: Value
            switch current {
            case UInt8(ascii: "{"): value = try object(depth: depth)
            case UInt8(ascii: "["): value = try array(depth: depth)
            case UInt8(ascii: "\""): value = .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                value = .null
            case .some(let byte) where byte == UInt8(ascii: "-") || Self.isDigit(byte):
                try number()
                value = .number
            default: throw error(current == nil ? "unexpected end of the document" : "expected a value")
            }
            return Node(range: start..<position, value: value)
        }

        mutating func object(depth: Int) throws(JSONSyntaxError) -> Value {
            position += 1
            skipSpace()
            var members: [Member] = []
            if current == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                guard current == UInt8(ascii: "\"") else { throw error("expected a key") }
                let keyRange = try string()
                let key = String(decoding: JSONString.decode(UnsafeRawBufferPointer(rebasing: bytes[keyRange])), as: UTF8.self)
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                members.append(Member(key: key, keyRange: keyRange, value: try value(depth: depth + 1)))
                skipSpace()
                if current == UInt8(ascii: ",") {
                    position += 1
                    skipSpace()
                    continue
                }
                try expect(UInt8(ascii: "}"))
                return .object(members)
            }
        }

        mutating func array(depth: Int) throws(JSONSyntaxError) -> Value {
            position += 1
            skipSpace()
            var elements: [Node] = []
            if current == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                elements.append(try value(depth: depth + 1))
                skipSpace()
                if current == UInt8(ascii: ",") {
                    position += 1
                    skipSpace()
                    continue
                }
                try expect(UInt8(ascii: "]"))
                return .array(elements)
            }
        }

        /// Reads a string and returns the range between its quotes.
        mutating func string() throws(JSONSyntaxError) -> Range<Int> {
            position += 1
            let start = position
            while let byte = current {
                switch byte {
                case UInt8(ascii: "\""):
                    // RFC 8259 text is UTF-8; Foundation's parser refuses anything else too.
                    guard String(validating: bytes[start..<position], as: UTF8.self) != nil else {
                        throw JSONSyntaxError(offset: start, message: "a string that is not valid UTF-8")
                    }
                    position += 1
                    return start..<(position - 1)
                case 0x5C:
                    position += 1
                    switch current {
                    case UInt8(ascii: "\""), 0x5C, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        position += 1
                    case UInt8(ascii: "u"):
                        position += 1
                        for _ in 0..<4 {
                            guard let digit = current, Self.isHex(digit) else { throw error("bad \\u escape") }
                            position += 1
                        }
                    default: throw error("bad escape")
                    }
                case ..<0x20: throw error("control character in a string")
                default: position += 1
                }
            }
            throw error("unterminated string")
        }

        mutating func literal(_ word: String) throws(JSONSyntaxError) {
            for byte in word.utf8 {
                guard current == byte else { throw error("expected \(word)") }
                position += 1
            }
        }

        mutating func number() throws(JSONSyntaxError) {
            if current == UInt8(ascii: "-") { position += 1 }
            guard let first = current, Self.isDigit(first) else { throw error("bad number") }
            position += 1
            if first != UInt8(ascii: "0") { while let byte = current, Self.isDigit(byte) { position += 1 } }
            if current == UInt8(ascii: ".") {
                position += 1
                guard let byte = current, Self.isDigit(byte) else { throw error("bad number") }
                while let byte = current, Self.isDigit(byte) { position += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard let byte = current, Self.isDigit(byte) else { throw error("bad number") }
                while let byte = current, Self.isDigit(byte) { position += 1 }
            }
        }

        static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66) }
    }
}

/// A JSON document that does not parse, with the byte offset of the problem.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}
