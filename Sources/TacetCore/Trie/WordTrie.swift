import Glibc

/// A compact trie of word lists (names, customer ids, host names), walked only from word
/// boundaries: the organisation dictionaries of a rule set.
///
/// The keyword trie is a dense Aho-Corasick automaton, right for a few hundred keywords that
/// may start anywhere; a dictionary holds up to millions of entries, and an entry only counts
/// on word boundaries, so no failure links are needed: the scan starts a walk at each boundary
/// and stops at the first byte no entry continues with. Nodes are numbered breadth first, so a
/// node's children are one sorted run of `edgeBytes` (binary-searched), and the root's are a
/// 256-entry table. Memory is 13 bytes per distinct entry prefix (edge byte, child id,
/// child-list start, value).
struct WordTrie: Sendable {
    /// `true`: entries and text compare with ASCII letters folded to lower case.
    let foldsCase: Bool
    /// Node `n`'s children are `edgeBytes[childStart[n] ..< childStart[n + 1]]`, sorted, with
    /// the child node ids at the same positions of `edgeTargets`.
    private let childStart: [UInt32]
    private let edgeBytes: [UInt8]
    private let edgeTargets: [UInt32]
    /// By node: the value of the entry ending there, or -1.
    private let values: [Int32]
    /// The root's child for each byte; 0 (the root itself) for none.
    private let rootChildren: [UInt32]

    /// Builds the trie of `entries`, each with a value (a rule index); an entry given twice
    /// keeps its first value. Empty entries are skipped.
    ///
    /// Entries are copied into one byte store and sorted by offset, so building a million of
    /// them allocates a handful of arrays rather than one per entry.
    init(_ entries: [(word: String, value: Int32)], foldsCase: Bool) {
        self.foldsCase = foldsCase
        let fold = foldsCase ? WordTrie.lowercase : WordTrie.identity
        var store: [UInt8] = [], starts: [Int] = [0], entryValues: [Int32] = []
        store.reserveCapacity(entries.reduce(0) { $0 + $1.word.utf8.count })
        for (word, value) in entries where !word.isEmpty {
            store.append(contentsOf: word.utf8.lazy.map { fold[Int($0)] })
            starts.append(store.count)
            entryValues.append(value)
        }
        let count = entryValues.count
        var order = Array(0..<count)
        store.withUnsafeBufferPointer { store in
            // Byte order, then input order, so the first of equal entries comes first.
            order.sort { a, b in
                let lengthA = starts[a + 1] - starts[a], lengthB = starts[b + 1] - starts[b]
                let common = memcmp(store.baseAddress! + starts[a], store.baseAddress! + starts[b], min(lengthA, lengthB))
                return common != 0 ? common < 0 : lengthA != lengthB ? lengthA < lengthB : a < b
            }
        }
        // The entries again, in sorted order: the walk below reads them level by level, and
        // sequential reads keep it in cache.
        var sorted: [UInt8] = [], sortedStarts: [Int] = [0], sortedValues: [Int32] = []
        sorted.reserveCapacity(store.count)
        sortedStarts.reserveCapacity(count + 1)
        sortedValues.reserveCapacity(count)
        for key in order {
            sorted.append(contentsOf: store[starts[key]..<starts[key + 1]])
            sortedStarts.append(sorted.count)
            sortedValues.append(entryValues[key])
        }
        store = []

        // Breadth first over runs of the sorted entries: a node is the run sharing its prefix of
        // `depth` bytes; its children are the sub-runs by the byte at `depth`.
        var childStart: [UInt32] = [], edgeBytes: [UInt8] = [], edgeTargets: [UInt32] = [], values: [Int32] = []
        var queue: [(range: Range<Int>, depth: Int)] = [(0..<count, 0)]
        var head = 0
        let length = { (key: Int) in sortedStarts[key + 1] - sortedStarts[key] }
        let byte = { (key: Int, depth: Int) in sorted[sortedStarts[key] + depth] }
        while head < queue.count {
            var (range, depth) = queue[head]
            head += 1
            // Sorted order puts the entries that end here first, before their extensions.
            var value: Int32 = -1
            while !range.isEmpty && length(range.lowerBound) == depth {
                if value < 0 { value = sortedValues[range.lowerBound] }
                range = range.lowerBound + 1..<range.upperBound
            }
            values.append(value)
            childStart.append(UInt32(edgeBytes.count))
            var start = range.lowerBound
            while start < range.upperBound {
                let first = byte(start, depth)
                var end = start + 1
                while end < range.upperBound && byte(end, depth) == first { end += 1 }
                edgeBytes.append(first)
                edgeTargets.append(UInt32(queue.count))
                queue.append((start..<end, depth + 1))
                start = end
            }
        }
        childStart.append(UInt32(edgeBytes.count))
        var rootChildren = [UInt32](repeating: 0, count: 256)
        for position in Int(childStart[0])..<Int(childStart[1]) {
            rootChildren[Int(edgeBytes[position])] = edgeTargets[position]
            if foldsCase, let upper = WordTrie.uppercase(edgeBytes[position]) {
                rootChildren[Int(upper)] = edgeTargets[position]
            }
        }
        self.childStart = childStart
        self.edgeBytes = edgeBytes
        self.edgeTargets = edgeTargets
        self.values = values
        self.rootChildren = rootChildren
    }

    /// Calls `body(span, value)` for the longest entry starting at each word boundary of `range`
    /// that also ends on one; scanning resumes after it, so an entry inside a longer one is not
    /// reported again. Bytes of `buffer` outside `range` are context for the boundaries, and a
    /// match may run past `range`'s end.
    func forEachMatch(in buffer: UnsafeRawBufferPointer, range: Range<Int>, _ body: (Range<Int>, Int32) -> Void) {
        // Raw pointers for the hot loop: no bounds checks, no reference counting per byte.
        let fold = foldsCase ? WordTrie.lowercase : WordTrie.identity, isWord = WordTrie.wordBytes
        fold.withUnsafeBufferPointer { fold in
        isWord.withUnsafeBufferPointer { isWord in
        rootChildren.withUnsafeBufferPointer { rootChildren in
        childStart.withUnsafeBufferPointer { childStart in
        edgeBytes.withUnsafeBufferPointer { edgeBytes in
        edgeTargets.withUnsafeBufferPointer { edgeTargets in
        values.withUnsafeBufferPointer { values in
            /// The longest entry from `start` whose first byte led to `node`, ending on a boundary.
            func longestMatch(from start: Int, node first: UInt32) -> (end: Int, value: Int32)? {
                var node = Int(first), position = start + 1
                var best: (end: Int, value: Int32)?
                while true {
                    if values[node] >= 0
                        && (position == buffer.count || !(isWord[Int(buffer[position - 1])] && isWord[Int(buffer[position])])) {
                        best = (position, values[node])
                    }
                    guard position < buffer.count else { return best }
                    let wanted = fold[Int(buffer[position])]
                    var low = Int(childStart[node]), high = Int(childStart[node + 1])
                    let end = high
                    while low < high {
                        let middle = (low &+ high) >> 1
                        if edgeBytes[middle] < wanted { low = middle &+ 1 } else { high = middle }
                    }
                    guard low < end && edgeBytes[low] == wanted else { return best }
                    node = Int(edgeTargets[low])
                    position += 1
                }
            }

            var position = range.lowerBound
            var previousIsWord = position > 0 && isWord[Int(buffer[position - 1])]
            while position < range.upperBound {
                let byte = buffer[position]
                let byteIsWord = isWord[Int(byte)]
                // A boundary: not between two word bytes.
                if !(previousIsWord && byteIsWord), rootChildren[Int(byte)] != 0,
                   let match = longestMatch(from: position, node: rootChildren[Int(byte)]) {
                    body(position..<match.end, match.value)
                    position = match.end
                    previousIsWord = isWord[Int(buffer[position - 1])]
                    continue
                }
                previousIsWord = byteIsWord
                position += 1
            }
        }}}}}}}
    }

    /// Letters, digits, `_`, and every byte of a multi-byte UTF-8 character (so an entry never
    /// ends inside a word such as "Müller").
    static func isWordByte(_ byte: UInt8) -> Bool { wordBytes[Int(byte)] }

    private static let wordBytes: [Bool] = (0...255).map { (byte: Int) -> Bool in
        let lower = byte | 0x20
        return byte >= 0x80 || (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }

    private static let identity: [UInt8] = (0...255).map { UInt8($0) }
    private static let lowercase: [UInt8] = (0...255).map { (byte: Int) -> UInt8 in
        UInt8(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
    }

    private static func uppercase(_ byte: UInt8) -> UInt8? {
        byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : nil
    }
}
