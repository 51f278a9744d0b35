/// Finds the strings of a JSON document (RFC 8259), checking its syntax on the way, without
/// building a tree: for each string, its bytes between the quotes, whether it is an object key,
/// and the path of the value (`$.messages[0].content`).
enum JSONLeaves {
    struct Leaf {
        /// The string's raw contents, between its quotes.
        var contents: Range<Int>
        var isKey: Bool
        /// The value's JSON path; for a key, the path of the object holding it.
        var path: String
    }

    /// Containers nest at most this deep, so no document can exhaust the stack.
    static let maxDepth = 512

    /// - Throws: ``JSONSyntaxError`` with the byte offset of the first problem.
    static func strings(in bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> [Leaf] {
        var parser = Parser(bytes: bytes)
        parser.skipSpace()
        try parser.value(path: "$", depth: 0)
        parser.skipSpace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the document") }
        return parser.leaves
    }

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        var position = 0
        var leaves: [Leaf] = []

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

        mutating func value(path: String, depth: Int) throws(JSONSyntaxError) {
            guard depth < JSONLeaves.maxDepth else { throw error("nested deeper than \(JSONLeaves.maxDepth)") }
            switch current {
            case UInt8(ascii: "{"): try object(path: path, depth: depth)
            case UInt8(ascii: "["): try array(path: path, depth: depth)
            case UInt8(ascii: "\""):
                let contents = try string()
                leaves.append(Leaf(contents: contents, isKey: false, path: path))
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case .some(let byte) where byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39): try number()
            default: throw error(current == nil ? "unexpected end of the document" : "expected a value")
            }
        }

        mutating func object(path: String, depth: Int) throws(JSONSyntaxError) {
            position += 1
            skipSpace()
            if current == UInt8(ascii: "}") {
                position += 1
                return
            }
            while true {
                guard current == UInt8(ascii: "\"") else { throw error("expected a key") }
                let key = try string()
                leaves.append(Leaf(contents: key, isKey: true, path: path))
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                try value(path: path + Self.member(UnsafeRawBufferPointer(rebasing: bytes[key])), depth: depth + 1)
                skipSpace()
                if current == UInt8(ascii: ",") {
                    position += 1
                    skipSpace()
                    continue
                }
                try expect(UInt8(ascii: "}"))
                return
            }
        }

        mutating func array(path: String, depth: Int) throws(JSONSyntaxError) {
            position += 1
            skipSpace()
            if current == UInt8(ascii: "]") {
                position += 1
                return
            }
            var index = 0
            while true {
                try value(path: path + "[\(index)]", depth: depth + 1)
                index += 1
                skipSpace()
                if current == UInt8(ascii: ",") {
                    position += 1
                    skipSpace()
                    continue
                }
                try expect(UInt8(ascii: "]"))
                return
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

        /// `.name` for a key made of letters, digits and `_`, else `["…"]` with the key as written.
        static func member(_ raw: UnsafeRawBufferPointer) -> String {
            let key = String(decoding: raw, as: UTF8.self)
            if !raw.isEmpty, raw.allSatisfy(PlaceholderFormat.isNameByte), !isDigit(raw[0]) { return "." + key }
            return "[\"\(key)\"]"
        }
    }
}

/// A JSON document that does not parse, with the byte offset of the problem.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}
