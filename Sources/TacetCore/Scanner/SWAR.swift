/// Byte tests on eight bytes at once in a `UInt64` ("SIMD within a register"), for the loops
/// that touch every byte of the input. Words are loaded little-endian: byte k is bits 8k...8k+7.
enum SWAR {
    // Computed, not stored: a stored static would be read through a lazy-initialisation check.
    @inline(__always) static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @inline(__always) static var low7: UInt64 { 0x7F7F_7F7F_7F7F_7F7F }

    /// The high bit of each byte of `word` that equals `byte`, and no other bit. Exact for every
    /// byte: adding 0x7F to each byte's low seven bits never carries into the next byte.
    @inline(__always)
    static func equalBytes(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let v = word ^ (ones &* UInt64(byte))
        return ~(((v & low7) &+ low7) | v | low7)
    }

    /// How many bytes `equalBytes` (or any mask of high bits) flags: one multiply adds the eight
    /// flags into the top byte (baseline x86-64 has no `popcnt`).
    @inline(__always)
    static func countFlags(_ mask: UInt64) -> Int {
        Int(truncatingIfNeeded: ((mask >> 7) &* ones) >> 56)
    }
}
