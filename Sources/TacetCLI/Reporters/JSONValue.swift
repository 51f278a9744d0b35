import TacetCore

/// A JSON document with keys kept in the order written, so reports read the same every run and
/// match their documented schema field for field.
enum JSONValue {
    case string(String)
    case int(Int)
    /// Written with the shortest text that reads back the same; non-finite numbers become `null`.
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// One line, no spaces.
    var compact: String {
        var out = ""
        write(to: &out, indent: nil)
        return out
    }

    /// Two spaces per level, starting at `level`; the first line is not indented.
    func pretty(level: Int = 0) -> String {
        var out = ""
        write(to: &out, indent: level)
        return out
    }

    private func write(to out: inout String, indent: Int?) {
        switch self {
        case .string(let string): JSONEscaping.appendQuoted(string, to: &out)
        case .int(let value): out += String(value)
        case .double(let value): out += value.isFinite ? String(value) : "null"
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            writeContainer(items, open: "[", close: "]", to: &out, indent: indent) { item, out, indent in
                item.write(to: &out, indent: indent)
            }
        case .object(let members):
            writeContainer(members, open: "{", close: "}", to: &out, indent: indent) { member, out, indent in
                JSONEscaping.appendQuoted(member.0, to: &out)
                out += indent == nil ? ":" : ": "
                member.1.write(to: &out, indent: indent)
            }
        }
    }

    private func writeContainer<Element>(
        _ elements: [Element], open: String, close: String, to out: inout String, indent: Int?,
        writeElement: (Element, inout String, Int?) -> Void
    ) {
        out += open
        guard !elements.isEmpty else {
            out += close
            return
        }
        let inner = indent.map { $0 + 1 }
        for (position, element) in elements.enumerated() {
            if position > 0 { out += "," }
            if let inner { out += "\n" + String(repeating: "  ", count: inner) }
            writeElement(element, &out, inner)
        }
        if let indent { out += "\n" + String(repeating: "  ", count: indent) }
        out += close
    }
}
