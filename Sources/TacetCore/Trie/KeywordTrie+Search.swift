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
        withTables { table, classes in
            var s = state.id
            for i in 0..<bytes.count {
                // safe: a byte indexes 256 classes; state id + class < table.count by construction.
                s = table[Int(s &+ classes[Int(bytes[i])])]
                if s >= matchThreshold { report(state: s, end: baseOffset + i + 1, body) }
            }
            return State(id: s)
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
        withTables { table, classes in
            let threshold = matchThreshold
            let p0 = range.lowerBound
            let p1 = p0 + partLength, p2 = p1 + partLength, p3 = p2 + partLength
            var s0: UInt32 = 0, s1: UInt32 = 0, s2: UInt32 = 0, s3: UInt32 = 0
            // Warm parts 1...3 up on their context; nothing that ends before a part's start
            // belongs to it, so warm-up bytes report nothing.
            for i in (p1 - warmUp)..<p1 {
                s1 = table[Int(s1 &+ classes[Int(base[i])])]
                s2 = table[Int(s2 &+ classes[Int(base[i &+ partLength])])]
                s3 = table[Int(s3 &+ classes[Int(base[i &+ 2 &* partLength])])]
            }
            // safe: every read is below p3 + partLength <= range.upperBound <= bytes.count.
            var c0 = base + p0, c1 = base + p1, c2 = base + p2, c3 = base + p3
            let end0 = base + p1
            while c0 < end0 {
                s0 = table[Int(s0 &+ classes[Int(c0.pointee)])]
                s1 = table[Int(s1 &+ classes[Int(c1.pointee)])]
                s2 = table[Int(s2 &+ classes[Int(c2.pointee)])]
                s3 = table[Int(s3 &+ classes[Int(c3.pointee)])]
                c0 += 1
                c1 += 1
                c2 += 1
                c3 += 1
                // Match states are the ids at or above a power of two: one OR tests all four.
                if s0 | s1 | s2 | s3 >= threshold {
                    if s0 >= threshold { report(state: s0, end: c0 - base, body) }
                    if s1 >= threshold { report(state: s1, end: c1 - base, body) }
                    if s2 >= threshold { report(state: s2, end: c2 - base, body) }
                    if s3 >= threshold { report(state: s3, end: c3 - base, body) }
                }
            }
            // The tail after the fourth part continues the fourth walk.
            var s = s3
            for i in (p3 + partLength)..<range.upperBound {
                s = table[Int(s &+ classes[Int(base[i])])]
                if s >= threshold { report(state: s, end: i + 1, body) }
            }
        }
    }

    /// Calls `body` for each keyword that ends in match state `state`.
    @inline(__always)
    func report(state: UInt32, end: Int, _ body: (Match) -> Void) {
        let index = Int(state &- matchThreshold) / classCount
        for slot in Int(outputStart[index])..<Int(outputStart[index + 1]) {
            body(Match(keyword: Int(outputs[slot]), end: end))
        }
    }

    /// The transition and class tables as raw pointers, for loops without bounds checks.
    @inline(__always)
    private func withTables<R>(_ body: (UnsafePointer<UInt32>, UnsafePointer<UInt32>) -> R) -> R {
        transitions.withUnsafeBufferPointer { table in
            byteClasses.withUnsafeBufferPointer { classes in body(table.baseAddress!, classes.baseAddress!) }
        }
    }
}
