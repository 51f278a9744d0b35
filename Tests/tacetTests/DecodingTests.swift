import Foundation
import Testing
@testable import TacetCLI

/// Secrets inside base64, hex and percent-encoded segments.
@Suite struct DecodingTests {
    static let token = "tok_ABCDEFGHIJKLMNOP"
    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
    static func hex(_ text: String) -> String { text.utf8.map { String(format: "%02x", $0) }.joined() }

    static func decode(_ run: String) -> [(Range<Int>, SegmentDecoder.Encoding, String)] {
        Array(run.utf8).withUnsafeBytes { bytes in
            SegmentDecoder.decode(run: bytes, offset: 100).map { ($0.0, $0.1, String(decoding: $0.2, as: UTF8.self)) }
        }
    }

    @Test(arguments: [
        ("base64", base64("key = \(token)"), SegmentDecoder.Encoding.base64, "key = \(token)"),
        ("base64 without padding", String(base64("key: \(token)!").prefix { $0 != "=" }), .base64, "key: \(token)!"),
        ("URL-safe base64", "Pz8_Pz8_Pz8-Pj4-Pj4-", .base64, "????????>>>>>>>"),
        ("hex", hex(token), .hex, token),
        ("percent-encoding", "secret%3D\(token)%26x", .percent, "secret=\(token)&x"),
    ])
    func decodesPrintableSegments(_ name: String, _ run: String, _ encoding: SegmentDecoder.Encoding, _ expected: String) {
        let decoded = Self.decode(run)
        #expect(decoded.count == 1, "\(name)")
        #expect(decoded.first?.1 == encoding, "\(name)")
        #expect(decoded.first?.2 == expected, "\(name)")
        #expect(decoded.first?.0 == 100..<100 + run.utf8.count, "\(name)")
    }

    @Test(arguments: [
        "NIOAsyncSequenceProducerDelegate", "0123456789abcdef0123456789abcdef01234567", "short", "a2V5",
    ])
    func leavesIdentifiersAndHashesAlone(_ run: String) {
        #expect(Self.decode(run).isEmpty)
    }

    @Test func aJWTLikeRunIsCutAtDots() {
        let run = Self.base64("{\"alg\":\"none\"}") + "." + Self.base64("password = \(Self.token)")
        let decoded = Self.decode(run)
        #expect(decoded.map(\.2) == ["{\"alg\":\"none\"}", "password = \(Self.token)"])
        #expect(decoded.last?.0.lowerBound == 100 + Self.base64("{\"alg\":\"none\"}").utf8.count + 1)
    }

    @Test func runsAcrossReadsAreJoined() {
        let text = "héllo wörld\nx = " + Self.base64("key = \(Self.token)") + "\nnext line " + Self.hex("password=hunter22") + "\n"
        var runs: [(String, EncodedRunFinder.Position)] = []
        for slice in [1, 3, 7, 4096] {
            runs.removeAll()
            var finder = EncodedRunFinder()
            let bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + slice, bytes.count)
                bytes[offset..<end].withUnsafeBytes { chunk in
                    finder.consume(chunk, base: offset) { runs.append((String(decoding: $0, as: UTF8.self), $1)) }
                }
                offset = end
            }
            finder.finish { runs.append((String(decoding: $0, as: UTF8.self), $1)) }
            #expect(runs.map(\.0) == [Self.base64("key = \(Self.token)"), Self.hex("password=hunter22")], "slices of \(slice)")
            #expect(runs.map { [$0.1.line, $0.1.column] } == [[2, 5], [3, 11]], "slices of \(slice)")
            #expect(runs.first?.1.offset == "héllo wörld\nx = ".utf8.count, "slices of \(slice)")
        }
    }

    @Test func scanReportsTheSegmentAndHowItWasDecoded() throws {
        let nested = Self.base64(Self.hex("tok_QRSTUVWXYZABCDEF"))
        let tree = try TemporaryTree([
            "a.txt": "héllo\nconfig: \(Self.base64("key = \(Self.token)"))\nnested: \"\(nested)\"\nplain tok_PLAINPLAINPLAIN1\n",
        ])
        let result = try TacetProcess.scan(["a.txt"], in: tree.url)
        #expect(result.stdout.split(separator: "\n") == [
            "a.txt:2:9  test-token  SECRET  tok_*****  decoded from base64",
            "a.txt:3:10  test-token  SECRET  tok_*****  decoded from base64 > hex",
            "a.txt:4:7  test-token  SECRET  tok_*****",
        ])
        let json = try TacetProcess.scan(["a.txt", "--format", "jsonl"], in: tree.url)
        let first = try #require(try JSONSerialization.jsonObject(
            with: Data(json.stdout.split(separator: "\n")[0].utf8)) as? [String: Any])
        #expect(first["value"] as? String == Self.token)
        #expect(first["decoded"] as? String == "base64")
        #expect(first["start"] as? Int == "héllo\nconfig: ".utf8.count)
        let off = try TacetProcess.scan(["a.txt", "--decode-depth", "0"], in: tree.url)
        #expect(off.stdout == "a.txt:4:7  test-token  SECRET  tok_*****\n")
        let shallow = try TacetProcess.scan(["a.txt", "--decode-depth", "1"], in: tree.url)
        #expect(shallow.stdout.split(separator: "\n").count == 2)
    }
}
