import Foundation
import Testing
@testable import TacetCLI

/// Big files are split across threads at line starts, and the findings stay exactly the same.
@Suite struct FileSplitterTests {
    static let size = 2 * FileSplitter.minimumPartSize + 1_000_000

    /// About `size` bytes of lines, a test token every few hundred lines.
    static func bigText() -> String {
        var text = ""
        var line = 0
        while text.utf8.count < size {
            line += 1
            text += line % 500 == 0 ? "key = tok_A1b2C3d4E5f6G7h\(line % 10) # café\n" : "let value\(line) = compute(\(line)) // ordinary code\n"
        }
        return text
    }

    @Test func boundsFallAfterNewlines() throws {
        let tree = try TemporaryTree(["big.txt": Self.bigText(), "small.txt": "x\n"])
        let bounds = try #require(FileSplitter.partBounds(of: tree.path("big.txt"), parts: 4))
        let data = try Data(contentsOf: tree.url.appendingPathComponent("big.txt"))
        #expect(bounds.first == 0 && bounds.last == data.count && bounds == bounds.sorted())
        for cut in bounds.dropFirst().dropLast() { #expect(data[cut - 1] == 0x0A) }
        #expect(FileSplitter.partBounds(of: tree.path("small.txt"), parts: 4) == nil)
    }

    @Test func binaryFilesAreNotSplit() throws {
        let tree = try TemporaryTree()
        try tree.write("blob.bin", Data([0]) + Data(Self.bigText().utf8))
        #expect(FileSplitter.partBounds(of: tree.path("blob.bin"), parts: 4) == nil)
    }

    @Test func splitScanEqualsSingleThreadScan() throws {
        let tree = try TemporaryTree(["big.txt": Self.bigText()])
        let one = try TacetProcess.scan(["--format", "jsonl", "--threads", "1", "big.txt"], in: tree.url)
        let two = try TacetProcess.scan(["--format", "jsonl", "--threads", "2", "big.txt"], in: tree.url)
        #expect(one.status == 1)
        #expect(one.stdout.split(separator: "\n").count > 100)
        #expect(two.stdout == one.stdout)
    }
}
