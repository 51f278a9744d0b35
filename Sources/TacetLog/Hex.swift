import Foundation

/// Lowercase hex, the form every digest and hash in the log is stored in.
enum Hex {
    /// Written straight into the string's storage: this runs for every digest on the append path.
    static func string(_ bytes: some ContiguousBytes) -> String {
        bytes.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { out in
                let digits: StaticString = "0123456789abcdef"
                let table = digits.utf8Start
                for (index, byte) in bytes.enumerated() {
                    out[2 * index] = table[Int(byte >> 4)]
                    out[2 * index + 1] = table[Int(byte & 15)]
                }
                return bytes.count * 2
            }
        }
    }
}
