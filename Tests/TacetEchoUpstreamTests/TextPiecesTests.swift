import Foundation
import NIOHTTP1
@testable import TacetEchoUpstream
import Testing

@Suite struct TextPiecesTests {
    @Test(arguments: [1, 2, 3, 4, 7, 64])
    func piecesReassembleAndNeverSplitACharacter(size: Int) {
        let text = "a<EMAIL_ADDRESS_1>é☕😀z"
        let pieces = textPieces(text, size: size)
        #expect(pieces.joined() == text)
        // Every piece is valid UTF-8 on its own (String(decoding:) would have inserted U+FFFD otherwise).
        #expect(!pieces.joined().contains("\u{FFFD}"))
        #expect(pieces.allSatisfy { $0.utf8.count <= size || $0.count == 1 })
    }

    @Test func emptyTextHasNoPieces() {
        #expect(textPieces("", size: 3).isEmpty)
    }
}

@Suite struct JSONValueTests {
    @Test(arguments: [
        #"{"a":[1,2.5,-3e2,true,false,null],"b":"x\"\\\/\n\u00e9\ud83d\ude00"}"#,
        #"  [ {} , [] , "" ]  "#,
        #""\u0001""#,
    ])
    func parsesAndWritesWhatFoundationReads(json: String) throws {
        let parsed = try JSONValue(parsing: Array(json.utf8))
        let written = parsed.serialized
        let reference = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let rewritten = try JSONSerialization.jsonObject(with: Data(written.utf8), options: .fragmentsAllowed)
        func canonical(_ object: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
        }
        #expect(try canonical(reference) == canonical(rewritten))
        #expect(try JSONValue(parsing: Array(written.utf8)) == parsed)
    }

    @Test(arguments: [#"{"a":}"#, #"[1,]"#, #""\ud800""#, "{} x", #"{"a" 1}"#, ""])
    func rejectsMalformedJSON(json: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: Array(json.utf8)) }
    }
}
