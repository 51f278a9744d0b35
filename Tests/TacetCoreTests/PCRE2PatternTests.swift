import Testing
@testable import TacetCore

@Suite struct PCRE2PatternTests {
    @Test func compileErrorCarriesMessageAndOffset() {
        #expect(throws: PCRE2CompileError.self) { try PCRE2Pattern("ab(c") }
        do {
            _ = try PCRE2Pattern("ab(c")
        } catch {
            #expect(error.offset == 4)
            #expect(error.message.contains("missing closing parenthesis"))
        }
    }

    @Test func capturesAreExposed() throws {
        let pattern = try PCRE2Pattern("key=([a-z]+)")
        #expect(pattern.isJITCompiled)
        #expect(pattern.captureCount == 1)
        let scratch = PCRE2MatchScratch(groups: 1)
        let subject = Array("xx key=abc yy".utf8)
        let result = subject.withUnsafeBytes { pattern.firstMatch(in: $0, from: 0, scratch: scratch) }
        #expect(result == .match)
        #expect(scratch.span(ofGroup: 0) == 3..<10)
        #expect(scratch.span(ofGroup: 1) == 7..<10)
    }

    @Test func invalidUTF8IsScannedAsBytes() throws {
        let pattern = try PCRE2Pattern("AKIA[A-Z0-9]{4}")
        let scratch = PCRE2MatchScratch(groups: 0)
        let subject: [UInt8] = [0xFF, 0xC3] + Array("AKIAABCD".utf8) + [0x80]
        let result = subject.withUnsafeBytes { pattern.firstMatch(in: $0, from: 0, scratch: scratch) }
        #expect(result == .match)
        #expect(scratch.span(ofGroup: 0) == 2..<10)
    }

    @Test func catastrophicBacktrackingHitsTheLimit() throws {
        let pattern = try PCRE2Pattern(#"^(\w+\s?)*$"#)
        let scratch = PCRE2MatchScratch(groups: 1)
        let subject = Array((String(repeating: "a", count: 64) + "!").utf8)
        let result = subject.withUnsafeBytes { pattern.firstMatch(in: $0, from: 0, scratch: scratch) }
        guard case .limitExceeded = result else {
            Issue.record("expected a limit, got \(result)")
            return
        }
    }
}
