/// The lines of a new file that a diff adds, as sorted, disjoint 1-based ranges.
struct AddedLines: Sendable, Equatable {
    private(set) var ranges: [Range<Int>] = []

    init(_ ranges: [Range<Int>] = []) {
        for range in ranges { add(range) }
    }

    /// Adds `range`; hunks come in order, so this appends or merges with the last range.
    mutating func add(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        if let last = ranges.last, range.lowerBound <= last.upperBound {
            ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
        } else {
            ranges.append(range)
            ranges.sort { $0.lowerBound < $1.lowerBound }
        }
    }

    func contains(line: Int) -> Bool {
        // Binary search for the last range starting at or before `line`.
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].lowerBound <= line { low = middle + 1 } else { high = middle }
        }
        return low > 0 && ranges[low - 1].contains(line)
    }
}
