import Foundation
import Testing
import TacetCore
@testable import TacetCLI

@Suite struct SARIFReporterTests {
    func document(_ findings: [Finding]) throws -> [String: Any] {
        let out = ReporterFixtures.render(SARIFReporter(rules: ReporterFixtures.rules), findings)
        return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    }

    func run(_ document: [String: Any]) throws -> [String: Any] {
        let runs = try #require(document["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        return runs[0]
    }

    @Test func hasTheRequiredTopLevelFieldsAndDriver() throws {
        let document = try document(ReporterFixtures.findings())
        #expect(document["$schema"] as? String == SARIFReporter.schema)
        #expect(document["version"] as? String == "2.1.0")
        let run = try run(document)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "tacet")
        #expect(driver["version"] as? String == ToolInfo.version)
        // No project address is published yet, so none is invented.
        #expect(driver["informationUri"] == nil)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == ["test-token", "email", "odd-value", "pem-file"])
        #expect((rules[0]["shortDescription"] as? [String: Any])?["text"] as? String == "Test token")
        #expect((rules[1]["shortDescription"] as? [String: Any])?["text"] as? String == "EMAIL_ADDRESS (email)")
        #expect((rules[0]["properties"] as? [String: Any])?["tags"] as? [String] == ["secret", "test"])
    }

    @Test func resultsPointAtRulesAndRegionsWithoutValues() throws {
        let findings = ReporterFixtures.findings()
        let run = try run(try document(findings))
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 3)
        #expect(results.compactMap { $0["ruleId"] as? String } == ["test-token", "email", "odd-value"])
        #expect(results.compactMap { $0["ruleIndex"] as? Int } == [0, 1, 2])
        #expect(results.compactMap { $0["level"] as? String } == ["error", "warning", "note"])
        for (result, finding) in zip(results, findings) {
            let text = try #require((result["message"] as? [String: Any])?["text"] as? String)
            #expect(!text.contains(finding.value))
            #expect((result["partialFingerprints"] as? [String: Any])?["tacet/v1"] as? String == finding.fingerprint)
        }
        let location = try #require(
            (results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let artifact = try #require(location["artifactLocation"] as? [String: Any])
        #expect(artifact["uri"] as? String == "src/config.txt")
        #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
        let region = try #require(location["region"] as? [String: Int])
        #expect(region == [
            "startLine": 1, "startColumn": 7, "endLine": 1, "endColumn": 27, "byteOffset": 6, "byteLength": 20,
        ])
        // The odd value spans a newline: it ends on the next line.
        let oddRegion = try #require(
            ((results[2]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]
                as? [String: Int])
        #expect((oddRegion["startLine"], oddRegion["endLine"], oddRegion["endColumn"]) == (2, 3, 4))
    }

    @Test func fileLevelFindingHasNoRegion() throws {
        let run = try run(try document([ReporterFixtures.fileFinding()]))
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        let location = try #require(
            (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect(location["region"] == nil)
        #expect(result["ruleIndex"] as? Int == 3)
    }

    @Test func pathsBecomeURIs() throws {
        let findings = ReporterFixtures.findings(path: "./my dir/ü.txt") + ReporterFixtures.findings(path: "/abs/x.txt")
        let results = try #require(try run(try document(findings))["results"] as? [[String: Any]])
        let artifacts = results.compactMap {
            (($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"]
                as? [String: String]
        }
        #expect(artifacts[0] == ["uri": "my%20dir/%C3%BC.txt", "uriBaseId": "%SRCROOT%"])
        #expect(artifacts[3] == ["uri": "file:///abs/x.txt"])
    }

    @Test func noFindingsIsAValidEmptyRun() throws {
        let run = try run(try document([]))
        #expect((run["results"] as? [Any])?.isEmpty == true)
    }
}
