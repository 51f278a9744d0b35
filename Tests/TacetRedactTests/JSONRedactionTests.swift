import Foundation
import Testing
import TacetCore
import TacetRedact

@Suite struct JSONRedactionTests {
    /// A random document whose string values come in a known order: arrays, and objects of
    /// one key (Foundation's dictionaries do not keep key order).
    static func document(depth: Int, using rng: inout SplitMix) -> Any {
        switch rng.next() % (depth > 3 ? 3 : 5) {
        case 0: return Fixtures.text(words: Int(rng.next() % 12), using: &rng)
        case 1: return Double(rng.next() % 10_000) / 8
        case 2: return rng.next() % 2 == 0 ? NSNull() : true
        case 3: return (0..<Int(rng.next() % 4)).map { _ in document(depth: depth + 1, using: &rng) }
        default: return [Fixtures.text(words: 1, using: &rng): document(depth: depth + 1, using: &rng)]
        }
    }

    static func strings(_ value: Any, keys: inout [String], values: inout [String]) {
        if let string = value as? String { values.append(string) }
        if let array = value as? [Any] { for element in array { strings(element, keys: &keys, values: &values) } }
        if let object = value as? [String: Any] {
            for (key, element) in object {
                keys.append(key)
                strings(element, keys: &keys, values: &values)
            }
        }
    }

    @Test(arguments: 1...30)
    func outputParsesAndEqualsTextRedactionOfTheDecodedStrings(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let tree = [Self.document(depth: 0, using: &rng), Fixtures.text(words: 40, using: &rng)] as [Any]
        let options: JSONSerialization.WritingOptions = seed % 2 == 0 ? [.prettyPrinted] : []
        let input = Array(try JSONSerialization.data(withJSONObject: tree, options: options))
        let scanner = TacetCore.Scanner(rules: Fixtures.rules)
        let session = Redactor().makeSession()
        let result = try Redactor().redactJSON(input, scanner: scanner, in: session)

        let parsed = try JSONSerialization.jsonObject(with: Data(result.bytes))
        var inKeys: [String] = [], inValues: [String] = [], outKeys: [String] = [], outValues: [String] = []
        Self.strings(tree, keys: &inKeys, values: &inValues)
        Self.strings(parsed, keys: &outKeys, values: &outValues)
        #expect(outKeys == inKeys)
        // The text path, on the decoded strings, every string reserved first.
        let textSession = Redactor().makeSession()
        (inKeys + inValues).forEach(textSession.reserve)
        let expected = try inValues.map { try Redactor().redact($0, findings: scanner.scan($0), in: textSession).text }
        #expect(outValues == expected)
        #expect(outValues.map { StreamingRestorer.restore($0, with: session.map) } == inValues)
    }

    @Test func everyByteOutsideARedactedStringStays() throws {
        let input = #"{ "to" :"caf\u00e9 \/ jane.doe@acme-corp.com\n",  "n": 1.50e+3, "note": "caf\u00e9 \/ ok", "cc": "x\u0040y.com"}"#
        let scanner = TacetCore.Scanner(rules: Fixtures.rules)
        let result = try Redactor().redactJSON(Array(input.utf8), scanner: scanner, in: Redactor().makeSession())
        // The escapes around a value stay as written; one inside a value goes with it.
        #expect(String(decoding: result.bytes, as: UTF8.self)
            == #"{ "to" :"caf\u00e9 \/ <EMAIL_ADDRESS_1>\n",  "n": 1.50e+3, "note": "caf\u00e9 \/ ok", "cc": "<EMAIL_ADDRESS_2>"}"#)
        #expect(result.detections.map(\.path) == ["$.to", "$.cc"])
    }

    @Test(arguments: [
        (#"{"a": }"#, "invalid JSON at byte 6: expected a value"),
        (#"{"a": "x\q"}"#, "invalid JSON at byte 9: bad escape"),
        (#"["a" "b"]"#, "invalid JSON at byte 5: expected \"]\""),
        (#"{"a": 01}"#, "invalid JSON at byte 7: expected \"}\""),
        ("[1] x", "invalid JSON at byte 4: unexpected text after the document"),
        (#"{"a": "b"#, "invalid JSON at byte 8: unterminated string"),
    ])
    func invalidDocumentsSayWhere(input: String, message: String) {
        let scanner = TacetCore.Scanner(rules: Fixtures.rules)
        #expect(throws: JSONSyntaxError.self) {
            try Redactor().redactJSON(Array(input.utf8), scanner: scanner, in: Redactor().makeSession())
        }
        do {
            _ = try Redactor().redactJSON(Array(input.utf8), scanner: scanner, in: Redactor().makeSession())
        } catch {
            #expect("\(error)" == message)
        }
    }
}

/// The JSON reader accepts exactly what Foundation's parser accepts, on documents damaged at
/// random (a byte replaced, dropped or repeated), and never changes a document it accepts
/// outside the strings it redacts.
@Suite struct JSONSyntaxAgreementTests {
    @Test(arguments: 1...8)
    func acceptsWhatFoundationAccepts(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let scanner = TacetCore.Scanner(rules: Fixtures.rules)
        let pieces = Array("{}[]\":,\\ 0-1.5e+truefalsenull\\u00e9\n".utf8)
        for _ in 0..<300 {
            let tree = [JSONRedactionTests.document(depth: 0, using: &rng)] as [Any]
            var bytes = Array(try JSONSerialization.data(withJSONObject: tree))
            for _ in 0..<Int(rng.next() % 3) where !bytes.isEmpty {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[at] = pieces[Int(rng.next() % UInt64(pieces.count))]
                case 1: bytes.remove(at: at)
                default: bytes.insert(bytes[at], at: at)
                }
            }
            let foundation = (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil
            let ours = (try? Redactor().redactJSON(bytes, scanner: scanner, in: Redactor().makeSession())) != nil
            // Foundation also refuses numbers beyond Double's range (`1245e875`), which RFC 8259
            // allows and which redaction copies as they are.
            let text = String(decoding: bytes, as: UTF8.self)
            if ours && !foundation && text.range(of: #"[0-9][eE][+]?[0-9]{3}"#, options: .regularExpression) != nil { continue }
            #expect(ours == foundation, "\(text)")
        }
    }
}
