/// The detections column: a JSON array of objects with sorted keys, written by hand because
/// this runs for every record on the append path and `JSONEncoder` costs more than the rest of
/// the record. `JSONDecoder` reads it back (``Detection``'s coding keys).
enum DetectionJSON {
    static func encode(_ detections: [Detection]) -> String {
        var out = "["
        for (index, detection) in detections.enumerated() {
            if index > 0 { out += "," }
            out += "{\"action\":"
            string(detection.action, into: &out)
            out += ",\"digest\":"
            string(detection.digest, into: &out)
            out += ",\"entity\":"
            string(detection.entity, into: &out)
            out += ",\"path\":"
            string(detection.jsonPath, into: &out)
            out += ",\"rule\":"
            string(detection.ruleID, into: &out)
            out += "}"
        }
        return out + "]"
    }

    private static func string(_ value: String, into out: inout String) {
        out += "\""
        // Ids, paths and hex digests rarely need escaping: append them whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
