import Foundation
import Testing

/// zip, tar and gzip files scanned inside, end to end. tar and gzip are the real tools; the
/// zip is written here (one stored member, one deflated by gzip), as `zip` may be missing.
@Suite struct ArchiveScanTests {
    static let first = "tok_ARCHIVEARCHIVE12"
    static let second = "tok_ARCHIVEARCHIVE34"

    @discardableResult
    static func run(_ arguments: [String], in folder: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(arguments)")
        return data
    }

    /// Little-endian bytes of `value`, `count` of them.
    static func le(_ value: Int, _ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    /// A zip file of `members` (name, method 0 or 8, stored bytes, uncompressed size); CRCs are
    /// left 0, which Tacet does not check.
    static func zip(_ members: [(String, Int, [UInt8], Int)]) -> Data {
        var body: [UInt8] = [], directory: [UInt8] = []
        for (name, method, data, size) in members {
            let offset = body.count, nameBytes = Array(name.utf8)
            let common = le(20, 2) + le(0, 2) + le(method, 2) + le(0, 4) + le(0, 4) + le(data.count, 4) + le(size, 4)
                + le(nameBytes.count, 2) + le(0, 2)
            body += [0x50, 0x4B, 0x03, 0x04] + common + nameBytes + data
            directory += [0x50, 0x4B, 0x01, 0x02] + le(20, 2) + common + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4)
                + le(offset, 4) + nameBytes
        }
        let end: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + le(0, 4) + le(members.count, 2) + le(members.count, 2)
            + le(directory.count, 4) + le(body.count, 4) + le(0, 2)
        return Data(body + directory + end)
    }

    @Test func membersOfZipTarAndGzipAreScanned() throws {
        let tree = try TemporaryTree([
            "src/a.txt": "key = \(Self.first)\n", "src/deep/b.txt": "one\nkey = \(Self.second)\n",
        ])
        try Self.run(["tar", "cf", "../y.tar", "a.txt", "deep/b.txt"], in: tree.url.appendingPathComponent("src"))
        try Self.run(["tar", "czf", "../z.tar.gz", "deep/b.txt"], in: tree.url.appendingPathComponent("src"))
        try tree.write("c.txt.gz", Self.run(["gzip", "-n", "-c", "src/a.txt"], in: tree.url))
        // gzip -n: a 10-byte header, raw deflate, an 8-byte trailer.
        let deflated = Array(try Self.run(["gzip", "-n", "-c", "src/deep/b.txt"], in: tree.url).dropFirst(10).dropLast(8))
        let stored = Array("key = \(Self.first)\n".utf8)
        try tree.write("x.zip", Self.zip([
            ("a.txt", 0, stored, stored.count), ("deep/b.txt", 8, deflated, "one\nkey = \(Self.second)\n".utf8.count),
        ]))
        try tree.write("nested.zip", Self.zip([("inner.tar", 0, Array(try Data(contentsOf: tree.url.appendingPathComponent("y.tar"))), 10240)]))
        try FileManager.default.removeItem(at: tree.url.appendingPathComponent("src"))
        let result = try TacetProcess.scan([], in: tree.url)
        #expect(result.status == 1)
        #expect(result.stdout.split(separator: "\n") == [
            "c.txt.gz!c.txt:1:7  test-token  SECRET  tok_*****",
            "nested.zip!inner.tar!a.txt:1:7  test-token  SECRET  tok_*****",
            "nested.zip!inner.tar!deep/b.txt:2:7  test-token  SECRET  tok_*****",
            "x.zip!a.txt:1:7  test-token  SECRET  tok_*****",
            "x.zip!deep/b.txt:2:7  test-token  SECRET  tok_*****",
            "y.tar!a.txt:1:7  test-token  SECRET  tok_*****",
            "y.tar!deep/b.txt:2:7  test-token  SECRET  tok_*****",
            "z.tar.gz!deep/b.txt:2:7  test-token  SECRET  tok_*****",
        ])
    }

    @Test func aDamagedArchiveIsAWarningNamingIt() throws {
        let tree = try TemporaryTree(["ok.txt": "key = \(Self.first)\n"])
        try tree.write("bad.zip", Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]))
        let result = try TacetProcess.scan([], in: tree.url)
        #expect(result.stdout == "ok.txt:1:7  test-token  SECRET  tok_*****\n")
        #expect(result.stderr.contains("bad.zip: zip: no central directory"))
    }

    @Test func membersOverTheSizeLimitAreNamed() throws {
        let tree = try TemporaryTree(["big.txt": String(repeating: "x", count: 30000)])
        let deflated = Array(try Self.run(["gzip", "-n", "-c", "big.txt"], in: tree.url).dropFirst(10).dropLast(8))
        try tree.write("big.zip", Self.zip([("big.txt", 8, deflated, 30000)]))
        let result = try TacetProcess.scan(["--max-file-size", "2K", "big.zip"], in: tree.url)
        #expect(result.stderr.contains("big.zip!big.txt: not scanned: bigger than the size limit"))
    }
}
