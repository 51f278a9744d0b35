import Foundation

/// Record ids that sort by creation time (the UUID version 7 layout: 48 bits of Unix
/// milliseconds, then random bits), so the store's id index grows at its end instead of
/// taking a random page per insert.
public enum RecordID {
    public static func make(at date: Date = Date()) -> UUID {
        // Two draws of the system generator (one system call each) give the 80 random bits.
        var generator = SystemRandomNumberGenerator()
        let random = (generator.next() as UInt64, generator.next() as UInt16)
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 6..<14 { bytes[index] = UInt8(truncatingIfNeeded: random.0 >> (8 * (index - 6))) }
        bytes[14] = UInt8(truncatingIfNeeded: random.1)
        bytes[15] = UInt8(truncatingIfNeeded: random.1 >> 8)
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1_000))
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0f)
        bytes[8] = 0x80 | (bytes[8] & 0x3f)
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
