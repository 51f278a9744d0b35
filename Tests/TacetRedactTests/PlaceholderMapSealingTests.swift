import Crypto
import Testing
import TacetRedact

@Suite struct PlaceholderMapSealingTests {
    @Test func sealedMapsOpenWithTheirKeyOnly() throws {
        let (_, session) = try Fixtures.redact("a jane.doe@acme-corp.com b AKIAVQJXXVBOTHD2WTFL")
        let key = try PlaceholderMap.key(fromText: String(repeating: "0f", count: 32))
        let sealed = try session.map.sealed(with: key)
        #expect(sealed.starts(with: Array("TACETMAP1\n".utf8)))
        #expect(!String(decoding: sealed, as: UTF8.self).contains("acme-corp"))
        let opened = try PlaceholderMap(sealed: sealed, key: key)
        #expect(opened == session.map)
        #expect(opened.value(for: "<EMAIL_ADDRESS_1>".utf8) == Array("jane.doe@acme-corp.com".utf8))
        #expect(opened.value(for: "<EMAIL_ADDRESS_2>".utf8) == nil)
        let other = try PlaceholderMap.key(fromText: String(repeating: "1e", count: 32))
        #expect(throws: SealError.self) { try PlaceholderMap(sealed: sealed, key: other) }
        var damaged = sealed
        damaged[damaged.count - 1] ^= 1
        #expect(throws: SealError.self) { try PlaceholderMap(sealed: damaged, key: key) }
    }

    @Test func keysAreHexOrBase64Of32Bytes() throws {
        _ = try PlaceholderMap.key(fromText: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n")
        #expect(throws: SealError.self) { try PlaceholderMap.key(fromText: "short") }
        #expect(throws: SealError.self) { try PlaceholderMap.key(fromText: String(repeating: "zz", count: 32)) }
    }
}
