import TacetCore
import Testing

@Suite struct HexTextTests {
    @Test func readsEitherCase() {
        #expect(HexText.bytes("00ff7Aa9") == [0x00, 0xFF, 0x7A, 0xA9])
        #expect(HexText.bytes("") == [])
    }

    @Test(arguments: ["abc", "+f", " f", "0g", "zz"])
    func refusesWhatIsNotHexDigits(_ text: String) {
        #expect(HexText.bytes(text) == nil)
    }
}
