import Foundation
import Testing

/// End to end: `tacet eval` on corpora written to disk.
@Suite struct EvalCommandTests {
    /// One record with a token and an email found exactly, one with an email the test rule
    /// misses (no TLD), and a hard negative the test rule flags.
    static let corpus = """
        {"id":"a","text":"key tok_ABCDEFGHIJKLMNOP for ana@example.org","spans":[{"start":4,"end":24,"entity":"SECRET"},{"start":29,"end":44,"entity":"EMAIL_ADDRESS"}]}
        {"id":"b","text":"write to é ops@localhost","spans":[{"start":12,"end":25,"entity":"EMAIL_ADDRESS"}]}

        {"id":"n","text":"tok_ZZZZZZZZZZZZZZZZ is a sample","spans":[],"negative":"placeholder"}
        """

    static func evaluate(_ arguments: [String], corpus: String = corpus) throws -> TacetProcess.Result {
        let tree = try TemporaryTree(["corpus.jsonl": corpus])
        return try TacetProcess.run(["eval"] + TacetProcess.ruleArguments + arguments + ["corpus.jsonl"], in: tree.url)
    }

    @Test func jsonReportCountsWhatTheRulesFind() throws {
        let result = try Self.evaluate(["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let entities = report["entities"] as! [String: [String: Any]]
        let email = entities["EMAIL_ADDRESS"]!, secret = entities["SECRET"]!
        #expect(email["labelled"] as? Int == 2)
        #expect(email["predicted"] as? Int == 1)
        #expect((email["exact"] as! [String: Double])["recall"] == 0.5)
        #expect(secret["predicted"] as? Int == 2)
        #expect((secret["exact"] as! [String: Double])["precision"] == 0.5)
        let negatives = (report["negatives"] as! [String: Any])["overall"] as! [String: Any]
        #expect(negatives["records"] as? Int == 1)
        #expect(negatives["flagged"] as? Int == 1)
    }

    @Test func textReportAndMissesNameRecordsNotValues() throws {
        let result = try Self.evaluate(["--misses"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("missed EMAIL_ADDRESS b 12..<25\n"))
        #expect(result.stdout.contains("spurious SECRET n 0..<20\n"))
        #expect(result.stdout.contains("hard negatives flagged: 1 of 1 (100.00%)"))
        #expect(!result.stdout.contains("ops@localhost"))
        #expect(!result.stdout.contains("tok_ZZZZ"))
    }

    @Test func predictionsFileIsScoredTheSameWay() throws {
        let tree = try TemporaryTree([
            "corpus.jsonl": Self.corpus,
            "other.jsonl": #"{"id":"b","spans":[{"start":12,"end":25,"entity":"EMAIL_ADDRESS"}]}"# + "\n",
        ])
        let result = try TacetProcess.run(["eval", "--format", "json", "--predictions", "other.jsonl", "corpus.jsonl"], in: tree.url)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let email = (report["entities"] as! [String: [String: Any]])["EMAIL_ADDRESS"]!
        #expect((email["exact"] as! [String: Double])["precision"] == 1)
        #expect((email["exact"] as! [String: Double])["recall"] == 0.5)
    }

    @Test(arguments: [
        (#"{"id":"x","text":"abc"}"#, "corpus.jsonl:1: not a valid record: missing spans"),
        ("{\"id\":\"x\",\"text\":\"abc\",\"spans\":[]}\nnot json", "corpus.jsonl:2: not a valid record: malformed JSON"),
        (#"{"id":"x","text":"abc","spans":[{"start":1,"end":9,"entity":"E"}]}"#, "corpus.jsonl: record x: span 0 (1..<9) is not a character range of its text"),
        (#"{"id":"x","text":"é","spans":[{"start":1,"end":2,"entity":"E"}]}"#, "corpus.jsonl: record x: span 0 (1..<2) is not a character range of its text"),
    ])
    func badCorpusNamesFileLineAndProblem(_ corpus: String, _ message: String) throws {
        let result = try Self.evaluate([], corpus: corpus)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
