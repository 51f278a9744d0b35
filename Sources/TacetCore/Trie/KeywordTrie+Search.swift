extension KeywordTrie {
    /// Calls `body` for every keyword occurrence in `bytes`, in order of end offset.
    ///
    /// - Complexity: O(n + hits); no allocation.
    public func forEachMatch(in bytes: [UInt8], _ body: (Match) -> Void) {
        bytes.withUnsafeBytes { _ = search($0, from: .start, baseOffset: 0, body) }
    }

    /// Streaming search: feeds `bytes` starting in `state` (``State/start`` for a new stream)
    /// and returns the state to continue from with the next chunk. Match ends are
    /// `baseOffset` + the offset in `bytes`, so a caller can number a whole stream. A keyword
    /// split across chunks is reported once, in the chunk where it ends.
    ///
    /// - Complexity: O(n + hits); no allocation.
    @discardableResult
    public func search(
        _ bytes: UnsafeRawBufferPointer, from state: State, baseOffset: Int, _ body: (Match) -> Void
    ) -> State {
        transitions.withUnsafeBufferPointer { table in
            byteClasses.withUnsafeBufferPointer { classes in
                var s = state.id
                for i in 0..<bytes.count {
                    // safe: a byte indexes 256 classes; state id + class < table.count by construction.
                    s = table[Int(s & ~Self.matchFlag) &+ Int(classes[Int(bytes[i])])]
                    if s & Self.matchFlag != 0 { report(state: s, end: baseOffset + i + 1, body) }
                }
                return State(id: s)
            }
        }
    }

    /// Calls `body` for each keyword that ends in `state`.
    @inline(__always)
    func report(state: UInt32, end: Int, _ body: (Match) -> Void) {
        let index = Int(state & ~Self.matchFlag) / classCount
        for slot in Int(outputStart[index])..<Int(outputStart[index + 1]) {
            body(Match(keyword: Int(outputs[slot]), end: end))
        }
    }

    /// Finds every keyword occurrence that lies entirely in `bytes[range]`, with four independent
    /// walks over four parts of the range interleaved in one loop.
    /// Matches are reported grouped by part (each part in end order), not globally in order.
    ///
    /// A DFA step waits on the previous one; four walks keep four loads in flight. Each walk
    /// starts `maxKeywordLength - 1` bytes before its part, which is all the context an
    /// Aho-Corasick state depends on, so the parts together report exactly what one walk would.
    func searchInterleaved(_ bytes: UnsafeRawBufferPointer, range: Range<Int>, _ body: (Match) -> Void) {
        let partLength = range.count / 4
        let warmUp = Swift.max(maxKeywordLength - 1, 0)
        guard partLength > warmUp * 2 + 64, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            let start = range.lowerBound
            search(UnsafeRawBufferPointer(rebasing: bytes[range]), from: .start, baseOffset: start, body)
            return
        }
        transitions.withUnsafeBufferPointer { table in
            byteClasses.withUnsafeBufferPointer { classes in
                let flag = Self.matchFlag
                // Part k covers [starts[k], starts[k] + partLength); the walk begins warmUp earlier
                // (clamped to the range start for part 0, which has no context to need).
                let p0 = range.lowerBound
                let p1 = p0 + partLength, p2 = p1 + partLength, p3 = p2 + partLength
                var s0: UInt32 = 0, s1: UInt32 = 0, s2: UInt32 = 0, s3: UInt32 = 0
                // Warm up parts 1...3 from their context; nothing that ends before a part's start
                // belongs to it, so warm-up bytes report nothing.
                for i in (p1 - warmUp)..<p1 {
                    s1 = table[Int(s1 & ~flag) &+ Int(classes[Int(base[i])])]
                    s2 = table[Int(s2 & ~flag) &+ Int(classes[Int(base[i + partLength])])]
                    s3 = table[Int(s3 & ~flag) &+ Int(classes[Int(base[i + 2 * partLength])])]
                }
                for i in 0..<partLength {
                    // safe: p3 + partLength <= range.upperBound <= bytes.count.
                    s0 = table[Int(s0 & ~flag) &+ Int(classes[Int(base[p0 &+ i])])]
                    s1 = table[Int(s1 & ~flag) &+ Int(classes[Int(base[p1 &+ i])])]
                    s2 = table[Int(s2 & ~flag) &+ Int(classes[Int(base[p2 &+ i])])]
                    s3 = table[Int(s3 & ~flag) &+ Int(classes[Int(base[p3 &+ i])])]
                    if (s0 | s1 | s2 | s3) & flag != 0 {
                        if s0 & flag != 0 { report(state: s0, end: p0 + i + 1, body) }
                        if s1 & flag != 0 { report(state: s1, end: p1 + i + 1, body) }
                        if s2 & flag != 0 { report(state: s2, end: p2 + i + 1, body) }
                        if s3 & flag != 0 { report(state: s3, end: p3 + i + 1, body) }
                    }
                }
                // The tail after the fourth part continues the fourth walk.
                let tailStart = p3 + partLength
                var s = s3
                for i in tailStart..<range.upperBound {
                    s = table[Int(s & ~flag) &+ Int(classes[Int(base[i])])]
                    if s & flag != 0 { report(state: s, end: i + 1, body) }
                }
            }
        }
    }
}
