/// A compact trie of word lists (names, customer ids, host names), walked only from word
/// boundaries: the organisation dictionaries of a rule set.
///
/// The keyword trie is a dense Aho-Corasick automaton, right for a few hundred keywords that
/// may start anywhere; a dictionary holds up to millions of entries, and an entry only counts
/// on word boundaries, so no failure links are needed: the scan starts a walk at each boundary
/// and stops at the first byte no entry continues with. Nodes are numbered breadth first, so a
/// node's children are one sorted run of `edgeBytes` (binary-searched), and the root's are a
/// 256-entry table. Memory is about 5 bytes per distinct entry prefix.
struct WordTrie: Sendable {
    /// `true`: entries and text compare with ASCII letters folded to lower case.
    let foldsCase: Bool
    /// The longest entry, in bytes.
    let maxLength: Int
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
    init(_ entries: [(bytes: [UInt8], value: Int32)], foldsCase: Bool) {
        self.foldsCase = foldsCase
        let fold = foldsCase ? WordTrie.lowercase : WordTrie.identity
        var keys = entries.enumerated().filter { !$0.element.bytes.isEmpty }.map { position, entry in
            (bytes: entry.bytes.map { fold[Int($0)] }, value: entry.value, position: position)
        }
        keys.sort { $0.bytes.lexicographicallyPrecedes($1.bytes) || ($0.bytes == $1.bytes && $0.position < $1.position) }
        maxLength = keys.map(\.bytes.count).max() ?? 0

        // Breadth first over ranges of the sorted keys: a node is the run of keys sharing its
        // prefix of `depth` bytes; its children are the sub-runs by the byte at `depth`.
        var childStart: [UInt32] = [], edgeBytes: [UInt8] = [], edgeTargets: [UInt32] = [], values: [Int32] = []
        var queue: [(range: Range<Int>, depth: Int)] = [(0..<keys.count, 0)]
        var head = 0
        while head < queue.count {
            var (range, depth) = queue[head]
            head += 1
            // Sorted order puts the key that ends here (if any) first, before its extensions.
            var value: Int32 = -1
            while !range.isEmpty && keys[range.lowerBound].bytes.count == depth {
                if value < 0 { value = keys[range.lowerBound].value }
                range = range.lowerBound + 1..<range.upperBound
            }
            values.append(value)
            childStart.append(UInt32(edgeBytes.count))
            var start = range.lowerBound
            while start < range.upperBound {
                let byte = keys[start].bytes[depth]
                var end = start + 1
                while end < range.upperBound && keys[end].bytes[depth] == byte { end += 1 }
                edgeBytes.append(byte)
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

    var isEmpty: Bool { childStart[0] == childStart[1] }

    /// Calls `body(span, value)` for the longest entry starting at each word boundary of `range`
    /// that also ends on one; scanning resumes after it, so an entry inside a longer one is not
    /// reported again. Bytes of `buffer` outside `range` are context for the boundaries, and a
    /// match may run past `range`'s end.
    func forEachMatch(in buffer: UnsafeRawBufferPointer, range: Range<Int>, _ body: (Range<Int>, Int32) -> Void) {
        let fold = foldsCase ? WordTrie.lowercase : WordTrie.identity
        fold.withUnsafeBufferPointer { fold in
            rootChildren.withUnsafeBufferPointer { rootChildren in
                var position = range.lowerBound
                var previousIsWord = position > 0 && WordTrie.isWordByte(buffer[position - 1])
                while position < range.upperBound {
                    let byte = buffer[position]
                    let isWord = WordTrie.isWordByte(byte)
                    // A boundary: not between two word bytes.
                    if !(previousIsWord && isWord), rootChildren[Int(byte)] != 0,
                       let match = longestMatch(buffer, from: position, firstNode: rootChildren[Int(byte)], fold: fold) {
                        body(position..<match.end, match.value)
                        position = match.end
                        previousIsWord = WordTrie.isWordByte(buffer[position - 1])
                        continue
                    }
                    previousIsWord = isWord
                    position += 1
                }
            }
        }
    }

    private func longestMatch(
        _ buffer: UnsafeRawBufferPointer, from start: Int, firstNode: UInt32, fold: UnsafeBufferPointer<UInt8>
    ) -> (end: Int, value: Int32)? {
        var node = Int(firstNode), position = start + 1
        var best: (end: Int, value: Int32)?
        while true {
            if values[node] >= 0 && WordTrie.endsOnBoundary(buffer, position) {
                best = (position, values[node])
            }
            guard position < buffer.count, let next = child(of: node, fold[Int(buffer[position])]) else { return best }
            node = next
            position += 1
        }
    }

    private func child(of node: Int, _ byte: UInt8) -> Int? {
        var low = Int(childStart[node]), high = Int(childStart[node + 1])
        while low < high {
            let middle = (low + high) / 2
            if edgeBytes[middle] < byte { low = middle + 1 } else { high = middle }
        }
        return low < Int(childStart[node + 1]) && edgeBytes[low] == byte ? Int(edgeTargets[low]) : nil
    }

    /// An entry ending before `end` ends on a boundary when the bytes either side of `end` are
    /// not both word bytes.
    private static func endsOnBoundary(_ buffer: UnsafeRawBufferPointer, _ end: Int) -> Bool {
        end >= buffer.count || !(isWordByte(buffer[end - 1]) && isWordByte(buffer[end]))
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
