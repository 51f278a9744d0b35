import Testing
@testable import TacetCLI

@Suite struct ValueMaskTests {
    @Test(arguments: [
        ("", ""),
        ("a", "*****"),
        ("12345678", "*****"),
        ("123456789", "1234*****"),
        ("tok_ABCDEFGHIJKLMNOP", "tok_*****"),
        ("ünïcödé-välue", "ünïc*****"),
    ])
    func masksAllButAShortPrefix(value: String, masked: String) {
        #expect(ValueMask.mask(value) == masked)
    }
}
