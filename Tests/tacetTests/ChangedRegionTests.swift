import Testing
@testable import TacetCLI

/// Which parts of a file's new version history scans.
@Suite struct ChangedRegionTests {
    static func lines(_ count: Int, _ change: [Int: String] = [:]) -> [UInt8] {
        Array((0..<count).map { change[$0] ?? "line \($0) of the file" }.map { $0 + "\n" }.joined().utf8)
    }

    /// The line numbers (0-based) a part covers.
    static func lineNumbers(_ bytes: [UInt8], _ parts: [Range<Int>]) -> [ClosedRange<Int>] {
        parts.map { part in
            let first = bytes[..<part.lowerBound].filter { $0 == 0x0A }.count
            let last = first + bytes[part].filter { $0 == 0x0A }.count - 1
            return first...last
        }
    }

    @Test func newLinesWithAMarginOfWholeLines() {
        let old = Self.lines(100), new = Self.lines(100, [10: "changed", 60: "also changed"])
        let parts = ChangedRegion.parts(old: old, new: new, margin: 30)
        // Lines are 19 or 20 bytes: 30 bytes reach into the second line on each side.
        #expect(Self.lineNumbers(new, parts) == [8...12, 58...62])
        #expect(parts.allSatisfy { $0.lowerBound == 0 || new[$0.lowerBound - 1] == 0x0A })
    }

    @Test func nearbyChangesMergeAndMovedLinesAreNotScanned() {
        let old = Self.lines(50)
        var new = Self.lines(50, [20: "new one", 22: "new two"])
        // Line 40 moved to the top: it was in the old file.
        new = Array("line 40 of the file\n".utf8) + new
        #expect(Self.lineNumbers(new, ChangedRegion.parts(old: old, new: new, margin: 10)) == [20...24])
    }

    @Test func anUnchangedOrEmptiedFileHasNothingToScan() {
        #expect(ChangedRegion.parts(old: Self.lines(5), new: Self.lines(3), margin: 100).isEmpty)
        #expect(ChangedRegion.parts(old: Self.lines(5), new: [], margin: 100).isEmpty)
        let added = Self.lines(2)
        #expect(ChangedRegion.parts(old: [], new: added, margin: 0) == [0..<added.count])
    }
}
