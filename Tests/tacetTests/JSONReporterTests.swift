import Foundation
import Testing
import TacetCore
@testable import TacetCLI

@Suite struct JSONReporterTests {
    /// The documented schema, decoded strictly.
    struct Record: Decodable, Equatable {
        var rule, entity, category, severity, path: String
        var line, column, start, end: Int
        var value, fingerprint: String
        var confidence, entropy: Double
        var description: String?
    }

    static let keys = [
        "rule", "entity", "category", "severity", "path", "line", "column", "start", "end", "value", "fingerprint",
        "confidence", "entropy", "description",
    ]

    @Test func arrayRoundTripsWithTheDocumentedKeys() throws {
        let findings = ReporterFixtures.findings()
        let out = ReporterFixtures.render(JSONReporter(lines: false, redact: false), findings)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
        #expect(objects.count == 3)
        for object in objects { #expect(Set(object.keys) == Set(Self.keys)) }

        let records = try JSONDecoder().decode([Record].self, from: Data(out.utf8))
        #expect(records.map(\.value) == findings.map(\.value))
        #expect(records[0] == Record(
            rule: "test-token", entity: "SECRET", category: "secret", severity: "critical", path: "src/config.txt",
            line: 1, column: 7, start: 6, end: 26, value: "tok_ABCDEFGHIJKLMNOP",
            fingerprint: findings[0].fingerprint, confidence: 0.75,
            entropy: (findings[0].entropy * 1000).rounded() / 1000, description: "Test token"))
        #expect(records[1].description == nil)
        // Quotes, commas, a newline, a control character and a backslash survive.
        #expect(records[2].value == "a,\"b\"\nc\u{01}\\")
    }

    @Test func linesHoldOneObjectEachWithKeysInDocumentedOrder() throws {
        let out = ReporterFixtures.render(JSONReporter(lines: true, redact: false), ReporterFixtures.findings())
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[3].isEmpty)
        for line in lines.dropLast() {
            _ = try JSONDecoder().decode(Record.self, from: Data(line.utf8))
            let positions = Self.keys.map { line.range(of: "\"\($0)\":")!.lowerBound }
            #expect(positions == positions.sorted())
        }
    }

    @Test func redactMasksValues() throws {
        let out = ReporterFixtures.render(JSONReporter(lines: true, redact: true), ReporterFixtures.findings())
        let values = try out.split(separator: "\n").map { try JSONDecoder().decode(Record.self, from: Data($0.utf8)).value }
        #expect(values == ["tok_*****", "ana@*****", "a,\"b*****"])
    }

    @Test func noFindingsIsAnEmptyArray() throws {
        let out = ReporterFixtures.render(JSONReporter(lines: false, redact: false), [])
        #expect(out == "[]\n")
        #expect(ReporterFixtures.render(JSONReporter(lines: true, redact: false), []) == "")
    }

    @Test func fileLevelFindingHasLineZero() throws {
        let out = ReporterFixtures.render(JSONReporter(lines: true, redact: false), [ReporterFixtures.fileFinding()])
        let record = try JSONDecoder().decode(Record.self, from: Data(out.utf8))
        #expect((record.line, record.column, record.value, record.path) == (0, 0, "", "certs/server.pem"))
    }
}
