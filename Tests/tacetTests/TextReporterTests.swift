import Testing
import TacetCore
@testable import TacetCLI

@Suite struct TextReporterTests {
    @Test func printsLocationRuleEntityAndMaskedPreview() {
        let out = ReporterFixtures.render(TextReporter(color: false), ReporterFixtures.findings())
        #expect(out == """
            src/config.txt:1:7  test-token  SECRET  tok_*****
            src/config.txt:2:6  email  EMAIL_ADDRESS  ana@*****
            src/config.txt:2:30  odd-value  NOTE  a,"b*****

            """)
    }

    @Test func neverPrintsTheValue() {
        let out = ReporterFixtures.render(TextReporter(color: true), ReporterFixtures.findings())
        #expect(!out.contains("tok_ABCDEFGHIJKLMNOP"))
        #expect(!out.contains("ana@example.org"))
    }

    @Test(arguments: [
        ("plain", "plain"), ("a\nb\tc\r", #"a\nb\tc\r"#), ("\u{1B}[31m", #"\u{1b}[31m"#), ("\u{7F}\u{85}", #"\u{7f}\u{85}"#),
        ("café", "café"),
    ])
    func escapesControlCharacters(text: String, printed: String) {
        #expect(TextReporter.printable(text) == printed)
    }

    @Test func colorsWithANSIWhenAsked() {
        let finding = ReporterFixtures.findings()[0]
        let out = TextReporter(color: true).report(finding)
        #expect(out.hasPrefix("\u{1B}[35msrc/config.txt\u{1B}[0m:\u{1B}[32m1:7\u{1B}[0m"))
        #expect(out.contains("\u{1B}[31mSECRET\u{1B}[0m"))
        #expect(!TextReporter(color: false).report(finding).contains("\u{1B}"))
    }

    @Test func fileLevelFindingShowsThePathAlone() {
        #expect(TextReporter(color: false).report(ReporterFixtures.fileFinding()) == "certs/server.pem  pem-file  SECRET\n")
    }
}
