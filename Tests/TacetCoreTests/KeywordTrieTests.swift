import Testing
@testable import TacetCore

@Suite struct KeywordTrieTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var keywords: [String]
        var haystack: String
        /// (keyword index, end offset), in end order.
        var expected: [[Int]]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "single", keywords: ["akia"], haystack: "x AKIA y", expected: [[0, 6]]),
        Case(name: "overlapping", keywords: ["he", "she", "his", "hers"], haystack: "ushers",
             expected: [[1, 4], [0, 4], [3, 6]]),
        Case(name: "suffix of another", keywords: ["token", "ken"], haystack: "TOKEN", expected: [[0, 5], [1, 5]]),
        Case(name: "repeated", keywords: ["aa"], haystack: "aaaa", expected: [[0, 2], [0, 3], [0, 4]]),
        Case(name: "none", keywords: ["ghp_"], haystack: "gh p_ ghp", expected: []),
        Case(name: "non-ascii exact", keywords: ["é"], haystack: "É é", expected: [[0, 5]]),
        Case(name: "punctuation", keywords: ["-----begin", "://"], haystack: "https://x -----BEGIN",
             expected: [[1, 8], [0, 20]]),
        Case(name: "empty keyword ignored", keywords: ["", "ab"], haystack: "ab", expected: [[1, 2]]),
    ]

    @Test(arguments: cases)
    func findsEveryOccurrence(_ c: Case) {
        let trie = KeywordTrie(c.keywords)
        var found: [[Int]] = []
        trie.forEachMatch(in: Array(c.haystack.utf8)) { found.append([$0.keyword, $0.end]) }
        #expect(found == c.expected)
    }

    @Test(arguments: cases)
    func streamingOneByteAtATimeFindsTheSame(_ c: Case) {
        let trie = KeywordTrie(c.keywords)
        var found: [[Int]] = []
        var state = KeywordTrie.State.start
        for (offset, byte) in Array(c.haystack.utf8).enumerated() {
            state = [byte].withUnsafeBytes { trie.search($0, from: state, baseOffset: offset) { found.append([$0.keyword, $0.end]) } }
        }
        #expect(found == c.expected)
    }

    @Test func caseSensitiveWhenAsked() {
        let trie = KeywordTrie(["<EMAIL_1>"], asciiCaseInsensitive: false)
        var ends: [Int] = []
        trie.forEachMatch(in: Array("<email_1> <EMAIL_1>".utf8)) { ends.append($0.end) }
        #expect(ends == [19])
    }

    /// The interleaved search must report exactly what the naive search finds.
    @Test(arguments: [1, 2, 3, 4, 5])
    func interleavedAgreesWithNaive(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        let alphabet = Array("abcAB_-01 \n".utf8)
        let keywords = (0..<20).map { _ in String(decoding: (0..<Int(rng.next() % 6 + 1)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }, as: UTF8.self) }
        let haystack = (0..<5000).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
        let trie = KeywordTrie(keywords)
        var fast: [[Int]] = []
        haystack.withUnsafeBytes { trie.searchInterleaved($0, range: 100..<4900) { fast.append([$0.keyword, $0.end]) } }
        var naive: [[Int]] = []
        let folded = haystack.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        for (k, keyword) in keywords.enumerated() {
            let needle = Array(keyword.lowercased().utf8)
            for start in 100...(4900 - needle.count) where Array(folded[start..<start + needle.count]) == needle {
                naive.append([k, start + needle.count])
            }
        }
        #expect(fast.sorted { ($0[1], $0[0]) < ($1[1], $1[0]) } == naive.sorted { ($0[1], $0[0]) < ($1[1], $1[0]) })
    }

    @Test func isSendable() {
        func requireSendable(_: some Sendable) {}
        requireSendable(KeywordTrie(["a"]))
    }
}

/// A small deterministic generator for reproducible random tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
