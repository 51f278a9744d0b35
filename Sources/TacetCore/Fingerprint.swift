import Crypto

/// Finding fingerprints: HMAC-SHA256 under a fixed, public, versioned key of
/// `ruleID ‖ 0x00 ‖ value`, first 16 bytes in hex.
///
/// The key is public so that every machine computes the same fingerprint (baselines and ignore
/// files are shared by teams). The HMAC does not make a low-entropy value secret; it only gives
/// a stable id that does not print the value.
public enum Fingerprint {
    static let key = Array("tacet/fingerprint/v1".utf8)

    public static func make(ruleID: String, value: String) -> String {
        var message = Array(ruleID.utf8)
        message.append(0)
        message += value.utf8
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return mac.prefix(16).map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
        }.joined()
    }
}
