import Testing
import TacetCore
import TacetRedact

/// The bar of the redaction layer: what is redacted comes back exactly, whatever the chunking.
@Suite struct RoundTripTests {
    @Test(arguments: 1...40)
    func restoreOfRedactIsTheOriginal(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let text = Fixtures.text(words: Int(rng.next() % 200) + 1, using: &rng)
        let (result, session) = try Fixtures.redact(text)
        for value in Fixtures.planted where text.contains(value) && !value.hasPrefix("https") {
            #expect(!result.text.contains(value), "a planted value survived redaction")
        }
        #expect(StreamingRestorer.restore(result.text, with: session.map) == text)
    }

    @Test(arguments: 1...12)
    func streamingRestoreIsTheSameUnderEveryChunking(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let text = Fixtures.text(words: 120, using: &rng)
        let (result, session) = try Fixtures.redact(text)
        let redacted = result.bytes
        let expected = Array(text.utf8)
        // Every fixed chunk size from 1 byte (each byte its own chunk) up, then random cuts.
        var chunkings: [[Int]] = (1...40).map { size in Array(repeating: size, count: redacted.count / size + 1) }
        for _ in 0..<20 { chunkings.append((0..<redacted.count).map { _ in Int(rng.next() % 23) }) }
        for sizes in chunkings {
            var restorer = StreamingRestorer(map: session.map)
            var output: [UInt8] = []
            var position = 0
            for size in sizes where position < redacted.count {
                let end = min(redacted.count, position + size)
                output += restorer.feed(redacted[position..<end])
                #expect(restorer.heldBackCount <= restorer.longestPlaceholder)
                position = end
            }
            output += restorer.feed(redacted[position...])
            output += restorer.finish()
            #expect(output == expected)
        }
    }

    @Test func holdBackIsOnlyAPossiblePlaceholderStart() throws {
        let (result, session) = try Fixtures.redact("mail jane.doe@acme-corp.com and ana@example.org")
        #expect(result.text == "mail <EMAIL_ADDRESS_1> and <EMAIL_ADDRESS_2>")
        var restorer = StreamingRestorer(map: session.map)
        // Text without the first byte of a placeholder comes back at once.
        #expect(restorer.feed("plain text, no delimiter") == "plain text, no delimiter")
        #expect(restorer.heldBackCount == 0)
        #expect(restorer.feed("a <EMAIL_ADD") == "a ")
        #expect(restorer.heldBackCount == "<EMAIL_ADD".utf8.count)
        // Not a placeholder after all: given back as soon as that is certain.
        #expect(restorer.feed("X>") == "<EMAIL_ADDX>")
        #expect(restorer.heldBackCount == 0)
        #expect(restorer.feed("<EMAIL_ADDRESS_2") == "")
        #expect(restorer.feed(">!") == "ana@example.org!")
        #expect(restorer.feed("<") == "")
        #expect(restorer.finish() == Array("<".utf8))
    }

    @Test func neverRestoresAcrossTypesOrGuessesAtMangledPlaceholders() throws {
        let (result, session) = try Fixtures.redact("mail jane.doe@acme-corp.com")
        #expect(result.text == "mail <EMAIL_ADDRESS_1>")
        let answer = "<PHONE_NUMBER_1> <EMAIL_ADDRESS_2> <EMAIL_ADDRESS 1> <email_address_1> EMAIL_ADDRESS_1 <EMAIL_ADDRESS_1>"
        #expect(StreamingRestorer.restore(answer, with: session.map)
            == "<PHONE_NUMBER_1> <EMAIL_ADDRESS_2> <EMAIL_ADDRESS 1> <email_address_1> EMAIL_ADDRESS_1 jane.doe@acme-corp.com")
        let tolerant = StreamingRestorer.Options(tolerant: true)
        #expect(StreamingRestorer.restore("<email_address_1> <Email_Address_1> <PHONE_NUMBER_1>", with: session.map, options: tolerant)
            == "jane.doe@acme-corp.com jane.doe@acme-corp.com <PHONE_NUMBER_1>")
    }

    @Test func jsonStringModeEscapesRestoredValues() throws {
        let text = "token \"AKIAVQJXXVBOTHD2WTFL\""
        let session = Redactor().makeSession()
        let scanner = TacetCore.Scanner(rules: Fixtures.rules)
        _ = try Redactor().redact(text, findings: scanner.scan(text), in: session)
        // A value with a quote and a newline, as a tool-call argument would carry it.
        var entries = session.map.entries
        entries[0].value = Array("a\"b\\c\nd\u{1}".utf8)
        let map = PlaceholderMap(entries: entries)
        let fragment = "{\"key\": \"\(String(decoding: entries[0].placeholder, as: UTF8.self))\"}"
        let restored = StreamingRestorer.restore(fragment, with: map, options: .init(jsonString: true))
        #expect(restored == #"{"key": "a\"b\\c\nd\u0001"}"#)
        let parsed = try JSONSerializationHelper.object(restored)
        #expect(parsed["key"] as? String == "a\"b\\c\nd\u{1}")
    }
}
