import Foundation

/// A baseline: the fingerprints of a report written earlier (`--baseline-out`, or any `tacet
/// scan --format json` or `jsonl` output). Findings whose fingerprint it holds are not reported.
enum Baseline {
    /// - Throws: ``CLIError`` naming the file when it cannot be read or is not such a report.
    static func fingerprints(in path: String) throws(CLIError) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("\(path): cannot read baseline")
        }
        // A JSON array, or JSON Lines.
        var objects: [Any] = []
        if let array = try? JSONSerialization.jsonObject(with: data) as? [Any] {
            objects = array
        } else {
            for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) else {
                    throw CLIError("\(path): line \(index + 1): not a tacet JSON or JSON Lines report")
                }
                objects.append(object)
            }
        }
        var fingerprints: Set<String> = []
        for (index, object) in objects.enumerated() {
            guard let fingerprint = (object as? [String: Any])?["fingerprint"] as? String else {
                throw CLIError("\(path): finding \(index + 1) has no \"fingerprint\"")
            }
            fingerprints.insert(fingerprint)
        }
        return fingerprints
    }
}
