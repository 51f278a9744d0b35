import Testing
import TacetCore
import TacetRedact

@Suite struct StreamRedactorTests {
    static func stream(_ text: String, chunkSize: Int, sliceSize: Int, threads: Int = 1, redactor: Redactor = Redactor()) throws
        -> (output: String, session: RedactionSession, detections: [Detection])
    {
        let scanners = (0..<threads).map { _ in TacetCore.Scanner(rules: Fixtures.rules) }
        var streamer = StreamRedactor(redactor: redactor, scanners: scanners)
        streamer.batchSize = chunkSize
        let session = redactor.makeSession()
        var source = ArraySource(Array(text.utf8), sliceSize: sliceSize)
        var output: [UInt8] = []
        var detections: [Detection] = []
        try streamer.redact(&source, in: session, onDetection: { detections.append($0) }, to: { output += $0 })
        return (String(decoding: output, as: UTF8.self), session, detections)
    }

    /// Chunks far smaller than the text (the overlap is the pack's longest match, 16 KiB),
    /// so values fall across chunk boundaries.
    @Test(arguments: 1...8)
    func streamedEqualsWholeAndRestores(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let text = Fixtures.text(words: 8000, using: &rng)
        let (whole, _) = try Fixtures.redact(text)
        for (chunkSize, sliceSize, threads) in [(1 << 20, Int.max, 1), (4096, 977, 1), (1000, 1, 1), (4096, 977, 3), (1 << 20, 5000, 2)]
        where sliceSize > 1 || seed <= 2 {
            let streamed = try Self.stream(text, chunkSize: chunkSize, sliceSize: sliceSize, threads: threads)
            #expect(StreamingRestorer.restore(streamed.output, with: streamed.session.map) == text)
            #expect(streamed.detections == whole.detections)
            if !text.contains("<EMAIL_ADDRESS_1>") || chunkSize == 1 << 20 {
                #expect(streamed.output == whole.text)
            }
        }
    }

    /// Text equal to a placeholder issued in an earlier batch is handled the same way whatever
    /// the number of threads, so the output never depends on it.
    @Test(arguments: 1...4)
    func theOutputDoesNotDependOnTheThreads(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        // Values first, and text equal to their placeholders far after the first batch.
        let text = "203.0.113.42 4111 1111 1111 1111 " + Fixtures.text(words: 8000, using: &rng) + " <IP_ADDRESS_1> <CREDIT_CARD_1>"
        let outputs = try [1, 2, 3].map { try Self.stream(text, chunkSize: 5000, sliceSize: 4096, threads: $0).output }
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
        #expect(outputs[0].contains("<PLACEHOLDER_"), "the text repeats an issued placeholder in a later batch")
    }

    @Test func aBlockStopsTheStreamBeforeTheValue() throws {
        let redactor = Redactor(policy: try RedactionPolicy(toml: "[actions]\nSECRET = \"block\"", file: "p"))
        var streamer = StreamRedactor(redactor: redactor, scanner: TacetCore.Scanner(rules: Fixtures.rules))
        streamer.batchSize = 4096
        var source = ArraySource(Array("mail jane.doe@acme-corp.com key AKIAVQJXXVBOTHD2WTFL tail".utf8))
        var output: [UInt8] = []
        do {
            try streamer.redact(&source, in: redactor.makeSession()) { output += $0 }
            Issue.record("not blocked")
        } catch let blocked as StreamBlocked {
            #expect(blocked.detection.entity == "SECRET")
            #expect(blocked.detection.ruleID == "aws-access-key-id")
            #expect(blocked.description == "blocked: SECRET (rule aws-access-key-id) at byte 32; the output stops before it")
        }
        #expect(String(decoding: output, as: UTF8.self) == "mail <EMAIL_ADDRESS_1> key ")
    }
}
