/// Builds a ``KeywordTrie``: a byte-class trie, failure links by breadth-first search, then the
/// dense transition table with failure transitions folded in.
struct KeywordTrieBuilder {
    let keywords: [[UInt8]]
    let caseInsensitive: Bool

    init(_ keywords: [[UInt8]], asciiCaseInsensitive: Bool) {
        self.keywords = keywords
        self.caseInsensitive = asciiCaseInsensitive
    }

    private func fold(_ byte: UInt8) -> UInt8 {
        caseInsensitive && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    func build() -> KeywordTrie {
        // Byte classes: one per distinct (folded) keyword byte, class 0 for all other bytes.
        var classOfFolded = [UInt32](repeating: 0, count: 256)
        var classCount = 1
        for keyword in keywords {
            for byte in keyword where classOfFolded[Int(fold(byte))] == 0 {
                classOfFolded[Int(fold(byte))] = UInt32(classCount)
                classCount += 1
            }
        }
        let byteClasses = (0..<256).map { classOfFolded[Int(fold(UInt8($0)))] }

        // The trie, as a sparse goto table (-1 = no edge), with each node's own outputs.
        var goto: [[Int32]] = [Array(repeating: -1, count: classCount)]
        var own: [[Int32]] = [[]]
        var depth: [Int32] = [0]
        for (index, keyword) in keywords.enumerated() where !keyword.isEmpty {
            var node = 0
            for byte in keyword {
                let c = Int(byteClasses[Int(byte)])
                if goto[node][c] < 0 {
                    goto[node][c] = Int32(goto.count)
                    goto.append(Array(repeating: -1, count: classCount))
                    own.append([])
                    depth.append(depth[node] + 1)
                }
                node = Int(goto[node][c])
            }
            own[node].append(Int32(index))
        }

        // Breadth-first: failure links, inherited outputs and the full transition function.
        let nodeCount = goto.count
        var delta = [Int32](repeating: 0, count: nodeCount * classCount)
        var failure = [Int](repeating: 0, count: nodeCount)
        var outputs = own
        var queue: [Int] = []
        for c in 0..<classCount {
            let child = goto[0][c]
            if child >= 0 {
                delta[c] = child
                queue.append(Int(child))
            }
        }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            outputs[node] += outputs[failure[node]]
            for c in 0..<classCount {
                let child = goto[node][c]
                let fallback = delta[failure[node] * classCount + c]
                if child >= 0 {
                    failure[Int(child)] = Int(fallback)
                    delta[node * classCount + c] = child
                    queue.append(Int(child))
                } else {
                    delta[node * classCount + c] = fallback
                }
            }
        }

        // Freeze. Ids are premultiplied by the class count. States that end a keyword get ids
        // at or above `matchThreshold`, a power of two above every other id, so a search tells
        // "some walk is in a match state" from an OR of the states with no masking step.
        let matchNodes = (0..<nodeCount).filter { !outputs[$0].isEmpty }
        let plainNodes = (0..<nodeCount).filter { outputs[$0].isEmpty }  // the start state (0) first
        var matchThreshold = 1
        while matchThreshold < max(1, plainNodes.count * classCount) { matchThreshold <<= 1 }
        var id = [Int](repeating: 0, count: nodeCount)
        for (row, node) in plainNodes.enumerated() { id[node] = row * classCount }
        for (row, node) in matchNodes.enumerated() { id[node] = matchThreshold + row * classCount }
        var transitions = [UInt32](repeating: 0, count: matchThreshold + matchNodes.count * classCount)
        for node in 0..<nodeCount {
            for c in 0..<classCount {
                transitions[id[node] + c] = UInt32(id[Int(delta[node * classCount + c])])
            }
        }
        var stateDepths = [Int32](repeating: 0, count: plainNodes.count + matchNodes.count)
        for (row, node) in (plainNodes + matchNodes).enumerated() { stateDepths[row] = depth[node] }
        var outputStart: [Int32] = [0]
        var flatOutputs: [Int32] = []
        for node in matchNodes {
            flatOutputs += outputs[node].sorted { keywords[Int($0)].count > keywords[Int($1)].count }
            outputStart.append(Int32(flatOutputs.count))
        }
        return KeywordTrie(
            keywords: keywords, isASCIICaseInsensitive: caseInsensitive, byteClasses: byteClasses,
            classCount: classCount, transitions: transitions, matchThreshold: UInt32(matchThreshold),
            outputStart: outputStart, outputs: flatOutputs, plainStateCount: plainNodes.count, stateDepths: stateDepths)
    }
}
