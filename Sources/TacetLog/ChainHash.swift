import Crypto

/// The hash chain: each entry's hash is SHA-256 of a version label, the previous entry's hash
/// and the entry's content columns, each length-prefixed so no two contents encode alike.
enum ChainHash {
    /// The `prev_hash` of the first entry ever written.
    static let genesis = String(repeating: "0", count: 64)

    static func of(_ entry: StoredEntry) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("tacet/log/chain/v1\u{0}".utf8))
        hasher.update(data: Array(entry.prevHash.utf8))
        for value in entry.contentValues {
            switch value {
            case .null:
                hasher.update(data: [0])
            case .int(let int):
                hasher.update(data: [1] + withUnsafeBytes(of: int.bigEndian, Array.init))
            case .text(let text):
                let bytes = Array(text.utf8)
                hasher.update(data: [2] + withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes)
            }
        }
        return hasher.finalize().map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
        }.joined()
    }
}
