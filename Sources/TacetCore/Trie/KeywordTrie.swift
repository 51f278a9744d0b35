/// An Aho-Corasick automaton over bytes that finds every occurrence of many keywords in one pass.
///
/// ```swift
/// let trie = KeywordTrie(["akia", "ghp_", "-----begin"])
/// trie.forEachMatch(in: Array("token = AKIAXYZ".utf8)) { match in
///     print(match.keyword, match.end)   // 0 12
/// }
/// ```
///
/// The trie is built once and is then immutable and `Sendable`; searching allocates nothing.
/// Matching is ASCII case-insensitive by default (bytes ≥ 0x80 compare exactly), which is what
/// secret keywords need and what makes the scanner never lowercase a copy of its input.
/// Every occurrence is reported, overlapping ones included, as (keyword index, end offset).
///
/// The search form is a dense DFA: bytes are first mapped to equivalence classes (every byte
/// that occurs in no keyword shares class 0), and `transitions[state + class]` gives the next
/// state, with state ids premultiplied by the class count and every state that ends a keyword
/// placed at or above `matchThreshold`. One table lookup per byte, no failure-link chasing.
///
/// - Complexity: building is O(total keyword length × classes); searching is O(n + hits).
/// - Memory: `states × classes × 4` bytes (about 40 KB for a hundred short keywords).
public struct KeywordTrie: Sendable {
    /// The keywords, as given (not case-folded).
    public let keywords: [[UInt8]]
    /// Whether `A` and `a` match each other.
    public let isASCIICaseInsensitive: Bool
    /// The length of the longest keyword, in bytes.
    public let maxKeywordLength: Int

    /// Byte → class id; 256 entries.
    let byteClasses: [UInt32]
    let classCount: Int
    /// Premultiplied next-state ids.
    let transitions: [UInt32]
    /// A power of two: states at or above it end at least one keyword, states below end none.
    let matchThreshold: UInt32
    /// For match state `i` ((id - matchThreshold) / classCount):
    /// `outputs[outputStart[i] ..< outputStart[i + 1]]` are the keyword indices ending there,
    /// longest first.
    let outputStart: [Int32]
    let outputs: [Int32]
    /// By state row (plain states first, then match states): the length of the keyword prefix
    /// the state stands for.
    let stateDepths: [Int32]
    let plainStateCount: Int

    static let startState: UInt32 = 0

    /// One occurrence of a keyword.
    public struct Match: Equatable, Sendable {
        /// Index into ``keywords``.
        public var keyword: Int
        /// Offset just past the keyword's last byte.
        public var end: Int
    }

    /// The automaton's position in a stream: feed chunks one after another, carrying it along.
    public struct State: Equatable, Sendable {
        var id: UInt32
        public static let start = State(id: KeywordTrie.startState)
    }

    /// Builds the automaton. Empty keywords are ignored; duplicates are each reported.
    public init(_ keywords: [some Collection<UInt8>], asciiCaseInsensitive: Bool = true) {
        self = KeywordTrieBuilder(keywords.map { Array($0) }, asciiCaseInsensitive: asciiCaseInsensitive).build()
    }

    public init(_ keywords: [String], asciiCaseInsensitive: Bool = true) {
        self.init(keywords.map { Array($0.utf8) }, asciiCaseInsensitive: asciiCaseInsensitive)
    }

    init(
        keywords: [[UInt8]], isASCIICaseInsensitive: Bool, byteClasses: [UInt32], classCount: Int,
        transitions: [UInt32], matchThreshold: UInt32, outputStart: [Int32], outputs: [Int32],
        plainStateCount: Int, stateDepths: [Int32]
    ) {
        self.keywords = keywords
        self.isASCIICaseInsensitive = isASCIICaseInsensitive
        self.maxKeywordLength = keywords.map(\.count).max() ?? 0
        self.byteClasses = byteClasses
        self.classCount = classCount
        self.transitions = transitions
        self.matchThreshold = matchThreshold
        self.outputStart = outputStart
        self.outputs = outputs
        self.plainStateCount = plainStateCount
        self.stateDepths = stateDepths
    }

    /// The length of the longest suffix of the bytes fed so far that is a prefix of some
    /// keyword: what a streaming caller must hold back because a keyword may still complete.
    /// A state that has just ended a keyword counts that whole keyword.
    public func prefixLength(of state: State) -> Int {
        let classes = UInt32(classCount)
        let row = state.id < matchThreshold
            ? Int(state.id / classes) : plainStateCount + Int((state.id - matchThreshold) / classes)
        return Int(stateDepths[row])
    }

}
