import Crypto

/// Checksums of cryptocurrency addresses.
///
/// Ethereum's EIP-55 mixed-case checksum needs Keccak-256, which swift-crypto does not offer;
/// rather than carry our own Keccak, the Ethereum rule checks shape only (0x and 40 hex digits,
/// not all one digit) and relies on context words for confidence.
enum CryptoAddresses {
    /// Bitcoin legacy and script addresses: base58 decoding to a version byte (0x00 or 0x05),
    /// a 20-byte hash and a 4-byte checksum equal to the start of SHA-256(SHA-256(payload)).
    static func bitcoinBase58Check(_ value: UnsafeRawBufferPointer) -> Bool {
        guard (26...35).contains(value.count), let decoded = base58(value), decoded.count == 25,
            decoded[0] == 0x00 || decoded[0] == 0x05
        else { return false }
        let payload = Array(decoded[..<21])
        let digest = SHA256.hash(data: Array(SHA256.hash(data: payload)))
        return Array(digest.prefix(4)) == Array(decoded[21...])
    }

    /// Base58 (Bitcoin alphabet) to bytes; each leading `1` is a zero byte.
    private static func base58(_ value: UnsafeRawBufferPointer) -> [UInt8]? {
        var bytes: [UInt8] = []  // big-endian, without the leading zeros
        for character in value {
            guard let digit = base58Digits[Int(character)] else { return nil }
            var carry = Int(digit)
            for index in bytes.indices.reversed() {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                bytes.insert(UInt8(carry & 0xFF), at: 0)
                carry >>= 8
            }
        }
        let zeros = value.prefix { $0 == 0x31 }.count
        return [UInt8](repeating: 0, count: zeros) + bytes
    }

    private static let base58Digits: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 256)
        for (value, character) in "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()

    /// Bitcoin SegWit addresses (BIP-173 and BIP-350): human part `bc` or `tb`, `1`, data in
    /// the bech32 alphabet, one case only; witness version 0 uses the bech32 constant and
    /// versions 1–16 the bech32m one; the program is 2–40 bytes (20 or 32 for version 0).
    static func bech32(_ value: UnsafeRawBufferPointer) -> Bool {
        guard (14...90).contains(value.count) else { return false }
        let lower = value.allSatisfy { !($0 >= 0x41 && $0 <= 0x5A) }
        let upper = value.allSatisfy { !($0 >= 0x61 && $0 <= 0x7A) }
        guard lower || upper else { return false }
        let text = value.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        guard let separator = text.lastIndex(of: 0x31), separator >= 1, text.count - separator - 1 >= 7 else { return false }
        let human = text[..<separator]
        guard human.elementsEqual("bc".utf8) || human.elementsEqual("tb".utf8) else { return false }
        var data: [UInt8] = []
        for character in text[(separator + 1)...] {
            guard let digit = bech32Digits[Int(character)] else { return false }
            data.append(digit)
        }
        let version = data[0]
        guard version <= 16 else { return false }
        var values = human.map { $0 >> 5 } + [0] + human.map { $0 & 31 }
        values += data
        let constant: UInt32 = version == 0 ? 1 : 0x2BC8_30A3
        guard polymod(values) == constant else { return false }
        // The program: 5-bit groups between the version and the checksum, as bytes.
        let groups = data.count - 7
        let programBytes = groups * 5 / 8
        guard groups * 5 % 8 < 5, (2...40).contains(programBytes) else { return false }
        return version != 0 || programBytes == 20 || programBytes == 32
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3B6A_57B2, 0x2650_8E6D, 0x1EA1_19FA, 0x3D42_33DD, 0x2A14_62B3]
        var check: UInt32 = 1
        for value in values {
            let top = check >> 25
            check = (check & 0x1FF_FFFF) << 5 ^ UInt32(value)
            for bit in 0..<5 where (top >> bit) & 1 == 1 { check ^= generator[bit] }
        }
        return check
    }

    private static let bech32Digits: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 256)
        for (value, character) in "qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()
}
