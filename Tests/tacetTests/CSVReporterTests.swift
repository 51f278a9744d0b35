import Testing
import TacetCore
@testable import TacetCLI

@Suite struct CSVReporterTests {
    @Test func headerAndQuoting() throws {
        let findings = ReporterFixtures.findings()
        let out = ReporterFixtures.render(CSVReporter(redact: false), findings)
        let records = Self.parse(out)
        #expect(records.count == 4)
        #expect(records[0] == CSVReporter.columns)
        #expect(records[0].joined(separator: ",") == "rule,entity,category,severity,path,line,column,start,end,value,fingerprint,confidence")
        #expect(records[1] == [
            "test-token", "SECRET", "secret", "critical", "src/config.txt", "1", "7", "6", "26",
            "tok_ABCDEFGHIJKLMNOP", findings[0].fingerprint, "0.75",
        ])
        #expect(records[3][9] == "a,\"b\"\nc\u{01}\\")
        #expect(out.contains(#","a,""b""\#nc\#u{01}\","#))
        #expect(out.hasSuffix("\r\n"))
    }

    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("cr\r", "\"cr\r\""), ("", ""),
    ])
    func quotesOnlyWhenNeeded(field: String, quoted: String) {
        #expect(CSVReporter.quoted(field) == quoted)
    }

    @Test func redactMasksValues() {
        let records = Self.parse(ReporterFixtures.render(CSVReporter(redact: true), ReporterFixtures.findings()))
        #expect(records.dropFirst().map { $0[9] } == ["tok_*****", "ana@*****", "a,\"b*****"])
    }

    /// A strict RFC 4180 reader: CRLF between records, quoted fields with doubled quotes.
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.unicodeScalars.append(chars.removeFirst())
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\r" && chars.first == "\n" {
                chars.removeFirst()
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        return records
    }
}
