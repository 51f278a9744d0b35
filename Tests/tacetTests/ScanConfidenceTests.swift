import Foundation
import Testing

/// End to end: each finding's confidence in the JSON output is its own (context words near a
/// match raise it; required context words decide whether it is reported at all).
@Suite struct ScanConfidenceTests {
    @Test func confidenceFollowsTheContextOfEachFinding() throws {
        // Filler lines keep each value more than 64 bytes (the default window) from the others.
        let filler = String(repeating: "lorem ipsum dolor sit amet ", count: 3) + "\n"
        let text = ["Tel: 020 7946 0958", "see 020 7946 0958 again", "NHS number 943 476 5919", "ref 943 476 5919"]
            .joined(separator: "\n" + filler)
        let tree = try TemporaryTree(["contacts.txt": text + "\n"])
        let result = try TacetProcess.run(["scan", "--format", "jsonl", "contacts.txt"], in: tree.url)
        #expect(result.status == 1)
        let findings = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let summary = findings.map { "\($0["line"] ?? ""):\($0["entity"] ?? ""):\($0["confidence"] ?? "")" }
        // Only the first phone has a phone word near it; the NHS number needs "NHS" near it to
        // be reported at all.
        #expect(summary == ["1:PHONE_NUMBER:0.9", "3:PHONE_NUMBER:0.6", "5:UK_NHS:0.85"])
    }
}
