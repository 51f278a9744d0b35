import Testing
import TacetCore

/// `prefixLength(of:)` is what a streaming caller holds back: it must be the longest suffix of
/// the bytes fed so far that is a prefix of some keyword, checked here against the definition.
@Suite struct KeywordTriePrefixLengthTests {
    static func naive(_ fed: [UInt8], _ keywords: [[UInt8]], caseInsensitive: Bool) -> Int {
        let fold = { (byte: UInt8) in caseInsensitive && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        var best = 0
        for keyword in keywords {
            for length in stride(from: min(keyword.count, fed.count), to: best, by: -1)
            where zip(fed.suffix(length), keyword.prefix(length)).allSatisfy({ fold($0) == fold($1) }) {
                best = length
                break
            }
        }
        return best
    }

    @Test(arguments: [false, true])
    func agreesWithTheDefinitionOnRandomText(caseInsensitive: Bool) {
        var rng = SplitMix(seed: caseInsensitive ? 7 : 3)
        let alphabet = Array("<>EMAIL_12em ".utf8)
        let keywords = ["<EMAIL_1>", "<EMAIL_12>", "<E_2>", "MAIL"].map { Array($0.utf8) }
        let trie = KeywordTrie(keywords, asciiCaseInsensitive: caseInsensitive)
        var state = KeywordTrie.State.start
        var fed: [UInt8] = []
        for _ in 0..<5000 {
            let byte = alphabet[Int(rng.next() % UInt64(alphabet.count))]
            fed.append(byte)
            state = [byte].withUnsafeBytes { trie.search($0, from: state, baseOffset: 0) { _ in } }
            #expect(trie.prefixLength(of: state) == Self.naive(fed, keywords, caseInsensitive: caseInsensitive))
        }
    }

    @Test func startIsZeroAndAWholeKeywordCountsWhole() {
        let trie = KeywordTrie(["<A_1>"], asciiCaseInsensitive: false)
        #expect(trie.prefixLength(of: .start) == 0)
        let state = Array("x <A_1>".utf8).withUnsafeBytes { trie.search($0, from: .start, baseOffset: 0) { _ in } }
        #expect(trie.prefixLength(of: state) == 5)
    }
}
