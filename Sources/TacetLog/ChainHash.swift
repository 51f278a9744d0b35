import Crypto

/// The hash chain: each entry's hash is SHA-256 of a version label, the previous entry's hash
/// and the entry's content columns, each length-prefixed so no two contents encode alike.
enum ChainHash {
    /// The `prev_hash` of the first entry ever written.
    static let genesis = String(repeating: "0", count: 64)

    private static let label = Array("tacet/log/chain/v1\u{0}".utf8)

    static func of(_ entry: StoredEntry) -> String {
        var bytes = label
        bytes.reserveCapacity(512)
        bytes += entry.prevHash.utf8
        for value in entry.contentValues {
            switch value {
            case .null:
                bytes.append(0)
            case .int(let int):
                bytes.append(1)
                withUnsafeBytes(of: int.bigEndian) { bytes += $0 }
            case .text(let text):
                bytes.append(2)
                withUnsafeBytes(of: UInt32(text.utf8.count).bigEndian) { bytes += $0 }
                bytes += text.utf8
            }
        }
        return Hex.string(SHA256.hash(data: bytes))
    }
}
