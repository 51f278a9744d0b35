import Testing
@testable import TacetCore

/// The national-id and crypto-address validators, on published sample numbers and numbers
/// generated with their check digits, and on the same numbers with one character changed.
@Suite struct IdentifierValidatorsTests {
    static func valid(_ kind: ValidatorKind, _ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { Validators.validLength(kind, $0) } == text.utf8.count
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let kind: ValidatorKind
        let good: [String]
        let bad: [String]
        var testDescription: String { kind.rawValue }
    }

    static let cases: [Case] = [
        Case(
            kind: .ukNHS, good: ["943 476 5919", "9434765919", "169-099-9039", "6807849095"],
            bad: ["943 476 5918", "9434765991", "94347659", "1234567890"]),  // 1234567890 gives check 10
        Case(
            kind: .caSIN, good: ["108 265 919", "744-400-458", "330875725", "737334169"],
            bad: ["108 265 918", "046 454 286", "846454286", "10826591"]),  // 0 and 8 are not issued
        Case(
            kind: .deTaxID, good: ["86095742719", "16980573143", "82 274 069 357", "54563259878"],
            bad: ["86095742718", "06095742719", "12345678903", "11111111116"]),
        Case(
            kind: .deIDCard, good: ["T220001293", "TVXGMP7H79", "G5TFGL0XW1", "LM03YM78N4"],
            bad: ["T220001294", "TVXGMP7H7A", "T22000129", "T2200012933"]),
        Case(
            kind: .frNIR, good: ["118082B04510271", "2 70 04 01 059 592 62", "209120119228677", "1 84 05 76 451 089 31"],
            bad: ["118082B04510272", "270040105959263", "1180A2B04510271", "20912011922867"]),
        Case(
            kind: .esNIF, good: ["12345678Z", "46127685N", "Z7613068G", "Y-4426739-N"],
            bad: ["12345678A", "46127685M", "X7613068G", "1234567Z"]),
        Case(
            kind: .itFiscalCode, good: ["RSSMRA85T10A562S", "BTGLSM70H03M647C", "FDRDNH76T48E635T", "rssmra85t10a562s"],
            bad: ["RSSMRA85T10A562T", "RSSMRA85T10A56S2", "RSSMRA85T10A562", "RSSMRA85T10A562-"]),
        Case(
            kind: .nlBSN, good: ["111222333", "123456782", "776815842", "8293.29.948"],
            bad: ["111222334", "123456783", "000000000", "12345678"]),
        Case(
            kind: .inAadhaar, good: ["9550 3385 2344", "439263264943", "2420-3420-5326", "501906768664"],
            bad: ["9550 3385 2345", "1550 3385 2344", "9550 3358 2344", "95503385234"]),
        Case(
            kind: .auTFN, good: ["123 456 782", "638806815", "815 813 289", "788979317"],
            bad: ["123 456 783", "638806851", "12345678", "1234567890"]),
        Case(
            kind: .auMedicare, good: ["2123 45670 1", "3352874846", "6539 14954 4", "41356612271"],
            bad: ["2123 45671 1", "7352874846", "3352874806", "335287484"]),
        Case(
            kind: .brCPF, good: ["529.982.247-25", "40153612371", "475.542.672-30", "99949582830"],
            bad: ["529.982.247-26", "111.111.111-11", "40153612317", "4015361237"]),
        Case(
            kind: .brCNPJ, good: ["11.222.333/0001-81", "76099594000100", "04.813.787/0001-61", "96196945000108"],
            bad: ["11.222.333/0001-82", "00.000.000/0000-00", "76099594000101", "7609959400010"]),
        Case(
            kind: .bitcoinBase58,
            good: [
                "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "1PdAQQJQe7xcPH2P53jzFxye9m2G4n6o8H",
                "3GSEu85A38Ej7ZpSRHDZi1xtaxb2VoEu5x", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
            ],
            bad: [
                "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "1PdAQQJQe7xcPH2P53jzFxye9m2G4n608H",
                "3GSEu85A38Ej7ZpSRHDZi1xtaxb2VoEu5", "2GSEu85A38Ej7ZpSRHDZi1xtaxb2VoEu5x",
            ]),
        Case(
            kind: .bech32,
            good: [
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
                "bc1qj8wv9ghacxkgnfd83xcjpc2sm037t2uk47dyd3n6s372nlht58ls2c3dvf",
                "bc1pv9slgpydw34h73znppujpmx8ulcjtku4pj5yq93v6h27znzzx25sz7sfr3",
            ],
            bad: [
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "bc1Qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                // version 1 with the bech32 (not bech32m) constant, from BIP-350's invalid list
                "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
                "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            ]),
    ]

    @Test(arguments: cases)
    func goodNumbersPassAndChangedOnesFail(_ c: Case) {
        for text in c.good { #expect(Self.valid(c.kind, text), "should pass: \(text)") }
        for text in c.bad { #expect(!Self.valid(c.kind, text), "should fail: \(text)") }
    }

    @Test func checksumPrimitives() {
        #expect(Checksums.verhoeff([2, 3, 6, 3]))
        #expect(!Checksums.verhoeff([2, 3, 6, 4]))
        #expect(Checksums.iso7064Mod11_10([8, 6, 0, 9, 5, 7, 4, 2, 7, 1]) == 9)
        #expect(Checksums.icaoCheckDigit([29, 2, 2, 0, 0, 0, 1, 2, 9]) == 3)
        #expect(Checksums.luhn([7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 3]))
    }
}
