import Foundation
import Testing

/// `tacet redact` and `tacet restore` as processes, with real files and the environment keys.
@Suite struct RedactCommandTests {
    static let key = ["TACET_MAP_KEY": String(repeating: "3c", count: 32)]
    static let text = "mail jane.doe@example.org, token tok_ABCDEFGH12345678 and <EMAIL_ADDRESS_1>\nbye jane.doe@example.org\n"

    @Test func redactThenRestoreGivesTheInputBack() throws {
        let tree = try TemporaryTree()
        let redacted = try TacetProcess.run(
            ["redact", "--map-out", "map.bin"] + TacetProcess.ruleArguments, in: tree.url, input: Self.text,
            environment: Self.key)
        #expect(redacted.status == 0)
        #expect(redacted.stdout == "mail <EMAIL_ADDRESS_2>, token <SECRET_1> and <EMAIL_ADDRESS_1>\nbye <EMAIL_ADDRESS_2>\n")
        #expect(redacted.stderr == "redacted 3 values: 2 EMAIL_ADDRESS (redact), 1 SECRET (redact)\n")
        let map = try Data(contentsOf: tree.url.appendingPathComponent("map.bin"))
        #expect(!String(decoding: map, as: UTF8.self).contains("jane.doe"))
        let restored = try TacetProcess.run(["restore", "--map", "map.bin"], in: tree.url, input: redacted.stdout, environment: Self.key)
        #expect(restored.status == 0)
        #expect(restored.stdout == Self.text)
        let wrongKey = try TacetProcess.run(
            ["restore", "--map", "map.bin"], in: tree.url, input: redacted.stdout,
            environment: ["TACET_MAP_KEY": String(repeating: "4d", count: 32)])
        #expect(wrongKey.status == 2)
        #expect(wrongKey.stderr.contains("--map map.bin: cannot open the placeholder map: wrong key or damaged file"))
    }

    @Test func jsonModeRedactsStringValuesOnly() throws {
        let tree = try TemporaryTree()
        let input = "{\"to\": \"jane.doe@example.org\",\n  \"n\": 1.0e2, \"jane.doe@example.org\": [true, null]}"
        let result = try TacetProcess.run(["redact", "--json", "-q"] + TacetProcess.ruleArguments, in: tree.url, input: input)
        #expect(result.status == 0)
        #expect(result.stdout == "{\"to\": \"<EMAIL_ADDRESS_1>\",\n  \"n\": 1.0e2, \"jane.doe@example.org\": [true, null]}")
        let bad = try TacetProcess.run(["redact", "--json"] + TacetProcess.ruleArguments, in: tree.url, input: "[1,]")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("standard input: invalid JSON at byte 3: expected a value"))
    }

    @Test func blockEndsWithStatus3AndNamesThePlace() throws {
        let tree = try TemporaryTree(["policy.toml": "[actions]\ntest-token = \"block\"\n"])
        let text = try TacetProcess.run(
            ["redact", "--policy", "policy.toml"] + TacetProcess.ruleArguments, in: tree.url, input: Self.text)
        #expect(text.status == 3)
        #expect(text.stdout == "mail <EMAIL_ADDRESS_2>, token ")
        #expect(text.stderr.contains("blocked: SECRET (rule test-token) at byte 33"))
        #expect(!text.stderr.contains("tok_"))
        let json = try TacetProcess.run(
            ["redact", "--json", "--policy", "policy.toml"] + TacetProcess.ruleArguments, in: tree.url,
            input: "{\"m\": [\"x tok_ABCDEFGH12345678\"]}")
        #expect(json.status == 3)
        #expect(json.stdout.isEmpty)
        #expect(json.stderr.contains("blocked: SECRET (rule test-token) at $.m[0]; nothing was written"))
    }

    @Test func missingKeysAndBadPoliciesAreClearErrors() throws {
        let tree = try TemporaryTree(["policy.toml": "[actions]\nEMAIL_ADDRESS = \"hash\"\n", "bad.toml": "[actions]\nX = \"shred\"\n"])
        let noMapKey = try TacetProcess.run(["redact", "--map-out", "m"] + TacetProcess.ruleArguments, in: tree.url, input: "x")
        #expect(noMapKey.status == 2)
        #expect(noMapKey.stderr.contains("--map-out needs a key in TACET_MAP_KEY"))
        let noHashKey = try TacetProcess.run(["redact", "--policy", "policy.toml"] + TacetProcess.ruleArguments, in: tree.url, input: "x")
        #expect(noHashKey.status == 2)
        #expect(noHashKey.stderr.contains("the policy hashes EMAIL_ADDRESS (rule email): set TACET_HASH_KEY"))
        let bad = try TacetProcess.run(["redact", "--policy", "bad.toml"] + TacetProcess.ruleArguments, in: tree.url, input: "x")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.toml: actions.X: unknown action \"shred\""))
    }

    @Test func hashedPseudonymsAreTheSameInEveryRun() throws {
        let tree = try TemporaryTree(["policy.toml": "[actions]\nEMAIL_ADDRESS = \"hash\"\n"])
        let environment = ["TACET_HASH_KEY": "sixteen bytes or more of key"]
        let runs = try (0..<2).map { _ in
            try TacetProcess.run(
                ["redact", "-q", "--policy", "policy.toml"] + TacetProcess.ruleArguments, in: tree.url,
                input: "a jane.doe@example.org", environment: environment)
        }
        #expect(runs[0].status == 0)
        #expect(runs[0].stdout == runs[1].stdout)
        #expect(runs[0].stdout.hasPrefix("a <EMAIL_ADDRESS_") && !runs[0].stdout.contains("jane"))
    }

    /// Constant memory: 64 MiB through standard input, with 150,000 values, on every core;
    /// the peak stays well under the input's size (the memory is about a batch per thread plus
    /// the binary and its rules).
    @Test func aBigStreamRedactsInBoundedMemory() throws {
        let tree = try TemporaryTree()
        let line = String(repeating: "let value = compute(index) + 12345 // ordinary code\n", count: 19)
            + "mail jane.doe@example.org key tok_ABCDEFGH12345678\n"
        try tree.write("big.txt", Data(String(repeating: line, count: (64 << 20) / line.utf8.count).utf8))
        let (status, peakKiB) = try TacetProcess.peakMemory(["redact", "-q"] + TacetProcess.ruleArguments, stdin: tree.path("big.txt"))
        #expect(status == 0)
        #expect(peakKiB < 48 * 1024, "peak RSS \(peakKiB) KiB")
    }
}
