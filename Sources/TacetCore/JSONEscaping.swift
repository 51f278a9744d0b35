/// The inside of a JSON string, as RFC 8259 defines it: `"` and `\` escaped, control characters
/// as `\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`, everything else (UTF-8 included) as is. One
/// escaper for the reporters, the redactor's JSON mode, the proxy and the disclosure log.
public enum JSONEscaping {
    public static func escape(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if let escaped = bytes.withContiguousStorageIfAvailable({ escape(UnsafeRawBufferPointer($0)) }) { return escaped }
        return Array(bytes).withUnsafeBytes { escape($0) }
    }

    /// Runs of bytes that need no escape (nearly all of any text) are copied whole.
    public static func escape(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 8)
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            output += UnsafeRawBufferPointer(rebasing: bytes[runStart..<index])
            appendEscape(of: byte, to: &output)
            runStart = index + 1
        }
        output += UnsafeRawBufferPointer(rebasing: bytes[runStart...])
        return output
    }

    private static func appendEscape(of byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output += [0x5C, byte]
        case 0x0A: output += [0x5C, UInt8(ascii: "n")]
        case 0x0D: output += [0x5C, UInt8(ascii: "r")]
        case 0x09: output += [0x5C, UInt8(ascii: "t")]
        case 0x08: output += [0x5C, UInt8(ascii: "b")]
        case 0x0C: output += [0x5C, UInt8(ascii: "f")]
        default:
            let hex = Array("0123456789abcdef".utf8)
            output += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
        }
    }

    /// Appends `string` to `out` as a quoted JSON string. Ids, paths and digests rarely need
    /// escaping, so such a string is appended whole.
    public static func appendQuoted(_ string: String, to out: inout String) {
        out += "\""
        if string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += String(decoding: escape(string.utf8), as: UTF8.self)
        } else {
            out += string
        }
        out += "\""
    }
}
