import Glibc

/// Shannon entropy of a byte string, in bits per byte (0 for empty input, at most 8).
public func shannonEntropy(_ bytes: UnsafeRawBufferPointer) -> Double {
    guard !bytes.isEmpty else { return 0 }
    // On the stack: this runs for every candidate secret, and a heap array showed in profiles.
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
        counts.initialize(repeating: 0)
        for byte in bytes { counts[Int(byte)] += 1 }
        let total = Double(bytes.count)
        var entropy = 0.0
        for count in counts where count > 0 {
            let p = Double(count) / total
            entropy -= p * log2(p)
        }
        return entropy
    }
}
