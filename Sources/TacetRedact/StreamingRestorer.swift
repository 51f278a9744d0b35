import TacetCore

/// Puts the original values back in place of the placeholders of a ``PlaceholderMap``, in text
/// that arrives in chunks of any size, down to one byte.
///
/// Bytes that cannot be the start of a placeholder are given back at once; only the longest
/// suffix of what was fed that is a prefix of some issued placeholder is held back (so never
/// more than the longest placeholder, and nothing at all in text without a placeholder's first
/// byte). The output is the same whatever the chunking. A keyword trie over the issued
/// placeholders (case-sensitive) finds them in one pass.
///
/// Only placeholders that were issued are restored, each to its own value: a placeholder of
/// another type or number, or a mangled one (`<EMAIL_ADDRESS 1>`), stays as it is. The
/// off-by-default ``Options/tolerant`` mode also restores placeholders written in another
/// ASCII case (`<email_address_1>`), which some models do; nothing else.
public struct StreamingRestorer: Sendable {
    public struct Options: Sendable {
        /// Restored values are written inside a JSON string: escape them (`"` → `\"`, control
        /// characters → `\n` or `\u001f`). For tool-call arguments, which arrive as fragments of
        /// a JSON document.
        public var jsonString = false
        /// Also restore placeholders whose ASCII letters are in another case.
        public var tolerant = false
        public init(jsonString: Bool = false, tolerant: Bool = false) {
            self.jsonString = jsonString
            self.tolerant = tolerant
        }
    }

    private let trie: KeywordTrie
    /// By keyword index: the value of that placeholder, and the bytes written in its place.
    private let values: [[UInt8]]
    private let replacements: [[UInt8]]
    /// Bytes a placeholder can start with.
    private let isFirstByte: [Bool]
    private var state = KeywordTrie.State.start
    /// Fed bytes not yet given back: a possible start of a placeholder.
    private var held: [UInt8] = []
    private var matches: [KeywordTrie.Match] = []

    public init(map: PlaceholderMap, options: Options = Options()) {
        let trie = KeywordTrie(map.entries.map(\.placeholder), asciiCaseInsensitive: options.tolerant)
        var isFirstByte = [Bool](repeating: false, count: 256)
        for entry in map.entries {
            guard let first = entry.placeholder.first else { continue }
            isFirstByte[Int(first)] = true
            if options.tolerant, (0x61...0x7A).contains(first | 0x20) {
                isFirstByte[Int(first | 0x20)] = true
                isFirstByte[Int(first & ~0x20)] = true
            }
        }
        self.init(trie: trie, values: map.entries.map(\.value), isFirstByte: isFirstByte, jsonString: options.jsonString)
    }

    private init(trie: KeywordTrie, values: [[UInt8]], isFirstByte: [Bool], jsonString: Bool) {
        self.trie = trie
        self.values = values
        self.isFirstByte = isFirstByte
        replacements = jsonString ? values.map { JSONEscaping.escape($0) } : values
    }

    /// A restorer for the same placeholders, in a fresh state, that writes values JSON-escaped
    /// (`jsonString` true) or as they are: no second keyword trie is built.
    public func writingValues(jsonEscaped jsonString: Bool) -> StreamingRestorer {
        StreamingRestorer(trie: trie, values: values, isFirstByte: isFirstByte, jsonString: jsonString)
    }

    /// Whether `bytes` hold a byte a placeholder starts with: without one there is nothing to
    /// restore in them.
    public func mayHoldPlaceholder(_ bytes: some Sequence<UInt8>) -> Bool {
        bytes.contains { isFirstByte[Int($0)] }
    }

    /// How many bytes are held back now.
    public var heldBackCount: Int { held.count }

    /// The longest placeholder: what ``heldBackCount`` never exceeds.
    public var longestPlaceholder: Int { trie.maxKeywordLength }

    /// Feeds the next chunk; returns what can be given back now.
    public mutating func feed(_ chunk: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        let chunk = Array(chunk)
        guard !replacements.isEmpty else { return chunk }
        matches.removeAll(keepingCapacity: true)
        // Offsets count from the start of `held`, so a placeholder that began in an earlier
        // chunk is located in held + chunk.
        let heldCount = held.count
        chunk.withUnsafeBytes { bytes in
            state = trie.search(bytes, from: state, baseOffset: heldCount) { matches.append($0) }
        }
        let pending = held + chunk
        var position = 0
        for match in matches {
            let start = match.end - trie.keywords[match.keyword].count
            // Issued placeholders cannot overlap (see PlaceholderFormat); skip any that would.
            guard start >= position else { continue }
            output += pending[position..<start]
            output += replacements[match.keyword]
            position = match.end
        }
        let keep = min(trie.prefixLength(of: state), pending.count - position)
        output += pending[position..<(pending.count - keep)]
        held = Array(pending[(pending.count - keep)...])
        return output
    }

    public mutating func feed(_ text: String) -> String {
        String(decoding: feed(Array(text.utf8)), as: UTF8.self)
    }

    /// Ends the stream: gives back what was held (it was not a placeholder).
    public mutating func finish() -> [UInt8] {
        defer {
            held.removeAll()
            state = .start
        }
        return held
    }

    /// Restores a whole text at once.
    public static func restore(_ text: String, with map: PlaceholderMap, options: Options = Options()) -> String {
        var restorer = StreamingRestorer(map: map, options: options)
        return String(decoding: restorer.feed(Array(text.utf8)) + restorer.finish(), as: UTF8.self)
    }

    public static func restore(_ bytes: [UInt8], with map: PlaceholderMap, options: Options = Options()) -> [UInt8] {
        var restorer = StreamingRestorer(map: map, options: options)
        return restorer.feed(bytes) + restorer.finish()
    }
}
