/// The inside of a JSON string, as RFC 8259 defines it: `"` and `\` escaped, control characters
/// as `\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`, everything else (UTF-8 included) as is. One
/// escaper for the reporters, the redactor's JSON mode and the disclosure log.
public enum JSONEscaping {
    public static func escape(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        let hex = Array("0123456789abcdef".utf8)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): output += [0x5C, byte]
            case 0x0A: output += [0x5C, UInt8(ascii: "n")]
            case 0x0D: output += [0x5C, UInt8(ascii: "r")]
            case 0x09: output += [0x5C, UInt8(ascii: "t")]
            case 0x08: output += [0x5C, UInt8(ascii: "b")]
            case 0x0C: output += [0x5C, UInt8(ascii: "f")]
            case ..<0x20: output += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: output.append(byte)
            }
        }
        return output
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
