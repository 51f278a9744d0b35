import TacetCore

/// The detections column: a JSON array of objects with sorted keys, written by hand because
/// this runs for every record on the append path and `JSONEncoder` costs more than the rest of
/// the record. `JSONDecoder` reads it back (``Detection``'s coding keys).
enum DetectionJSON {
    static func encode(_ detections: [Detection]) -> String {
        var out = "["
        for (index, detection) in detections.enumerated() {
            if index > 0 { out += "," }
            out += "{\"action\":"
            JSONEscaping.appendQuoted(detection.action, to: &out)
            out += ",\"digest\":"
            JSONEscaping.appendQuoted(detection.digest, to: &out)
            out += ",\"entity\":"
            JSONEscaping.appendQuoted(detection.entity, to: &out)
            out += ",\"path\":"
            JSONEscaping.appendQuoted(detection.jsonPath, to: &out)
            out += ",\"rule\":"
            JSONEscaping.appendQuoted(detection.ruleID, to: &out)
            out += "}"
        }
        return out + "]"
    }
}
