import Testing
@testable import TacetCore

@Suite struct ValidatorsTests {
    static func length(_ kind: ValidatorKind, _ text: String) -> Int? {
        Array(text.utf8).withUnsafeBytes { Validators.validLength(kind, $0) }
    }

    @Test(arguments: [
        ("4111111111111111", true), ("4111 1111 1111 1111", true), ("4111-1111-1111-1111", true),
        ("4111111111111112", false), ("4111x1111111111111", false), ("0", false), ("79927398713", true),
    ])
    func luhn(_ text: String, _ valid: Bool) {
        #expect((Self.length(.luhn, text) != nil) == valid)
    }

    @Test(arguments: [
        ("GB82WEST12345698765432", 22), ("GB82 WEST 1234 5698 7654 32", 27), ("gb82west12345698765432", 22),
        ("DE89 3704 0044 0532 0130 00 EUR", 27), ("IT53 F864 5280 2379 EIU1 D4ME MCK", 33),
        ("GB82WEST12345698765431", nil), ("XX82WEST12345698765432", nil), ("DE8937040044053201300", nil),
        ("DE89 3704 0044 0532 0130 0", nil),
    ] as [(String, Int?)])
    func iban(_ text: String, _ length: Int?) {
        #expect(Self.length(.iban, text) == length)
    }

    @Test(arguments: [
        ("536-22-8147", true), ("536 22 8147", true), ("536228147", true), ("000-12-3456", false),
        ("666-12-3456", false), ("912-34-5678", false), ("123-00-4567", false), ("536-22-0000", false), ("536-22-814", false),
    ])
    func usSSN(_ text: String, _ valid: Bool) {
        #expect((Self.length(.usSSN, text) != nil) == valid)
    }

    @Test(arguments: [
        ("192.168.1.1", true), ("0.0.0.0", true), ("255.255.255.255", true), ("256.1.1.1", false),
        ("01.2.3.4", false), ("1.2.3", false), ("1.2.3.4.5", false), ("1..3.4", false), ("a.b.c.d", false),
    ])
    func ipv4(_ text: String, _ valid: Bool) {
        #expect((Self.length(.ipv4, text) != nil) == valid)
    }

    @Test(arguments: [
        ("2001:0db8:85a3:0000:0000:8a2e:0370:7334", true), ("2001:db8::1", true), ("::1", true), ("::", true),
        ("fe80::", true), ("::ffff:192.0.2.1", true), ("1:2:3:4:5:6:7::", true), ("2001:db8:::1", false),
        ("2001:db8::1::2", false), ("1:2:3:4:5:6:7:8:9", false), ("12345::1", false), ("1:2:3:4:5:6:7", false),
        (":1:2:3:4:5:6:7", false), ("::ffff:999.0.2.1", false), ("g::1", false),
    ])
    func ipv6(_ text: String, _ valid: Bool) {
        #expect((Self.length(.ipv6, text) != nil) == valid)
    }

    /// Tokens made by an independent implementation (Python's zlib.crc32 and base 62), and
    /// edits of them: one character changed, the checksum's case swapped, a character missing.
    @Test(arguments: [
        ("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", true), ("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", true),
        ("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", true), ("ghs_ugM1yTMAd7V3DnI8lFPPwtV5ASPZHu0FecsX", true),
        ("ghp_Ky9Pf34qY6Nb3wWD25RQ4F5ZR3qa7y3gm1IM", false), ("ghp_Ly9Pf34qY6Nb3wWD25RQ4F5ZR3qa7y3gm1IL", false),
        ("gho_Eeeby3abP3E2Zs8IQ9Y7aJZqhB6bae2dTJZX", false), ("npm_CN6Zj4a3dDVhYRnKTbxTNJFoBinF5a42GyM", false),
        ("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false), ("ghp_", false), ("Ky9Pf34qY6Nb3wWD25RQ", false),
        ("ghp_Ky9Pf34qY6Nb3wWD25RQ4F5ZR3qa7y3g-1IL", false),
    ])
    func base62CRC32(_ text: String, _ valid: Bool) {
        #expect((Self.length(.base62CRC32, text) != nil) == valid)
    }

    @Test func crc32OfTheStandardCheckInput() {
        #expect(Array("123456789".utf8).withUnsafeBytes { Base62Checksum.crc32($0) } == 0xCBF4_3926)
        #expect(Array("".utf8).withUnsafeBytes { Base62Checksum.crc32($0) } == 0)
    }

    @Test func entropy() {
        #expect(Array("".utf8).withUnsafeBytes { shannonEntropy($0) } == 0)
        #expect(Array("aaaa".utf8).withUnsafeBytes { shannonEntropy($0) } == 0)
        #expect(Array("abcd".utf8).withUnsafeBytes { shannonEntropy($0) } == 2)
        #expect(Array((0...255).map { UInt8($0) }).withUnsafeBytes { shannonEntropy($0) } == 8)
    }
}
