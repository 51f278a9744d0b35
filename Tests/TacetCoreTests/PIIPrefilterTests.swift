import Testing
@testable import TacetCore

@Suite struct PIIPrefilterTests {
    /// The SWAR test finds the first trigger byte of every word exactly, and misses none.
    @Test func wordTestFindsTheFirstTriggerByte() {
        var rng = SplitMix(seed: 7)
        let interesting: [UInt8] = [0x2D, 0x2E, 0x2F, 0x30, 0x39, 0x3A, 0x3B, 0x3F, 0x40, 0x41, 0x00, 0x7F, 0x80, 0xAD, 0xB0, 0xC0, 0xFF, 0x20]
        func isTrigger(_ b: UInt8) -> Bool { (0x30...0x3A).contains(b) || b == 0x40 || b == 0x2D }
        for _ in 0..<100_000 {
            let bytes = (0..<8).map { _ in rng.next() % 2 == 0 ? interesting[Int(rng.next() % UInt64(interesting.count))] : UInt8(truncatingIfNeeded: rng.next()) }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian
            let mask = PIIPrefilter.mayTrigger(word)
            if let first = bytes.firstIndex(where: isTrigger) {
                #expect(mask != 0 && mask.trailingZeroBitCount >> 3 == first, "\(bytes)")
            } else {
                #expect(mask == 0, "\(bytes)")
            }
        }
    }
}

@Suite struct LineCounterTests {
    @Test(arguments: [0, 1, 7, 8, 9, 63, 64, 200])
    func countsNewlines(length: Int) {
        var rng = SplitMix(seed: UInt64(length))
        for _ in 0..<200 {
            let bytes = (0..<length).map { _ in [0x0A, 0x0B, 0x8A, 0x09, 0x41][Int(rng.next() % 5)] as UInt8 }
            let count = bytes.withUnsafeBytes { LineCounter.countNewlines($0.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, 0..<length) }
            #expect(count == bytes.filter { $0 == 0x0A }.count)
        }
    }
}

@Suite struct ByteSearchTests {
    @Test(arguments: [0, 1, 7, 8, 9, 17, 64, 100])
    func firstAndLastIndexAgreeWithNaive(length: Int) {
        var rng = SplitMix(seed: UInt64(length) + 99)
        for _ in 0..<200 {
            let bytes = (0..<length).map { _ in [0x0A, 0x8A, 0x0B, 0x41][Int(rng.next() % 4)] as UInt8 }
            let lower = length == 0 ? 0 : Int(rng.next() % UInt64(length))
            let range = lower..<length
            bytes.withUnsafeBytes { buffer in
                #expect(buffer.lastIndex(of: 0x0A, in: range) == bytes[range].lastIndex(of: 0x0A))
                #expect(buffer.firstIndex(of: 0x0A, in: range) == bytes[range].firstIndex(of: 0x0A))
            }
        }
    }

    @Test func allowMarkers() {
        for (text, marked) in [("x # tacet:allow", true), ("gitleaks:allow", true), (":allow", false), ("tacet: allow", false), ("tacet:allo", false)] {
            #expect(Array(text.utf8).withUnsafeBytes { $0.containsAllowMarker() } == marked, "\(text)")
        }
    }
}
