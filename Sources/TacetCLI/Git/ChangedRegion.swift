import Glibc

/// The parts of a new version of a file worth scanning: its lines that are not lines of the old
/// version, widened by a margin to whole lines. What lies outside them is lines the old version
/// had, whose values were found when it was scanned.
///
/// A value that spans lines (a PEM key) and changes only more than `margin` bytes past its
/// start is not in any part: the margin is the price of not scanning whole files again.
enum ChangedRegion {
    /// Disjoint, ascending ranges of `new`, each whole lines.
    ///
    /// - Complexity: O(old + new) bytes hashed; memory, a hash per line of `old`.
    static func parts(old: [UInt8], new: [UInt8], margin: Int) -> [Range<Int>] {
        parts(oldLines: lineHashes(old), new: new, margin: margin).parts
    }

    /// The same from the old version's ``lineHashes(_:)``; also returns the new one's.
    static func parts(oldLines known: Set<Int>, new: [UInt8], margin: Int) -> (parts: [Range<Int>], newLines: Set<Int>) {
        var newLines = Set<Int>()
        var changed: [Range<Int>] = []
        forEachLine(new) { line in
            let lineHash = hash(new, line)
            newLines.insert(lineHash)
            guard !known.contains(lineHash) else { return }
            if let last = changed.last, last.upperBound == line.lowerBound {
                changed[changed.count - 1] = last.lowerBound..<line.upperBound
            } else {
                changed.append(line)
            }
        }
        var parts: [Range<Int>] = []
        for range in changed {
            var lower = max(0, range.lowerBound - margin)
            while lower > 0 && new[lower - 1] != 0x0A { lower -= 1 }
            var upper = min(new.count, range.upperBound + margin)
            while upper < new.count && new[upper - 1] != 0x0A { upper += 1 }
            if let last = parts.last, last.upperBound >= lower {
                parts[parts.count - 1] = last.lowerBound..<max(last.upperBound, upper)
            } else {
                parts.append(lower..<upper)
            }
        }
        return (parts, newLines)
    }

    /// A hash of each line of `bytes`.
    static func lineHashes(_ bytes: [UInt8]) -> Set<Int> {
        var hashes = Set<Int>()
        forEachLine(bytes) { hashes.insert(hash(bytes, $0)) }
        return hashes
    }

    /// Each line's range, with its line end.
    private static func forEachLine(_ bytes: [UInt8], _ body: (Range<Int>) -> Void) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var start = 0
            while start < raw.count {
                let end = memchr(base + start, 0x0A, raw.count - start).map { UnsafeRawPointer($0) - base + 1 } ?? raw.count
                body(start..<end)
                start = end
            }
        }
    }

    /// A multiply-xorshift hash of the line, eight bytes a step (a collision only makes a
    /// changed line look unchanged, with odds of about 2^-64 per pair).
    private static func hash(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
        bytes.withUnsafeBytes { raw in
            var hash = UInt64(truncatingIfNeeded: range.count) &* 0x9E37_79B9_7F4A_7C15
            var index = range.lowerBound
            func mix(_ word: UInt64) {
                hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
                hash ^= hash >> 31
            }
            while index + 8 <= range.upperBound {
                mix(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                index += 8
            }
            var tail: UInt64 = 0
            for offset in index..<range.upperBound { tail = tail << 8 | UInt64(raw[offset]) }
            mix(tail)
            return Int(bitPattern: UInt(hash))
        }
    }
}
