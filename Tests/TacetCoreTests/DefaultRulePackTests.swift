import Foundation
import Testing
@testable import TacetCore

@Suite struct DefaultRulePackTests {
    /// `rules/` of this repository, found from this file's path.
    static let rulesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("rules")

    @Test func embeddedPackMatchesRulesFolder() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.rulesFolder.path)
            .filter { $0.hasSuffix(".toml") }.sorted()
        let stale: Comment = "Sources/TacetCore/Rules/DefaultRulePack.swift is stale: run scripts/embed-rules"
        #expect(DefaultRulePack.sources.map(\.name) == names.map { "rules/\($0)" }, stale)
        for (source, name) in zip(DefaultRulePack.sources, names) {
            let text = try String(contentsOf: Self.rulesFolder.appendingPathComponent(name), encoding: .utf8)
            let same = source.text == text
            #expect(same, "rules/\(name) differs from its embedded copy. \(stale)")
            #expect(source.folder == nil)
        }
    }

    @Test func defaultPackLoadsWithoutWarnings() throws {
        let config = try RuleLoader.load([], defaults: DefaultRulePack.sources)
        #expect(!config.rules.isEmpty)
        #expect(config.warnings == [])
    }
}
