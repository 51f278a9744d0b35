import TacetCore
import TacetRedact

/// A seeded generator, so a failing random case can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Fixtures {
    /// The embedded default pack, compiled once for every test.
    static let rules = try! RuleSet.defaultRules()

    /// Values the default pack finds, one or more per entity (the rules' own examples).
    static let planted = [
        "jane.doe@acme-corp.com", "r.ivanov+billing@mail.co.uk", "4111 1111 1111 1111", "5555-5555-5555-4444",
        "DE89 3704 0044 0532 0130 00", "536-22-8147", "+14155552671", "203.0.113.42", "00:1A:2B:3C:4D:5E",
        "AKIAVQJXXVBOTHD2WTFL", "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",
        "https://admin:S3cr3tPassw0rdX9@db.example.com/app",
    ]

    /// Filler: words, punctuation JSON and code are full of, non-ASCII text, and text shaped
    /// like placeholders, which redaction must not confuse with its own.
    static let filler = [
        "the", "report", "of", "é", "日本", "\n", "  ", "\"", "\\", "<", ">", "<T>", "x<y", "a_b", "1234",
        "<EMAIL_ADDRESS_1>", "<EMAIL_ADDRESS_", "<SECRET_2>", "<email_address_2>", "{", "}", ":", ",", "<<", "_1>",
    ]

    /// A random text of about `words` pieces, with planted values among the filler.
    static func text(words: Int, using rng: inout SplitMix) -> String {
        var pieces: [String] = []
        for _ in 0..<words {
            if rng.next() % 5 == 0 {
                pieces.append(planted[Int(rng.next() % UInt64(planted.count))])
            } else {
                pieces.append(filler[Int(rng.next() % UInt64(filler.count))])
            }
        }
        return pieces.joined(separator: " ")
    }

    /// Redacts `text` with a fresh session of `redactor`.
    static func redact(_ text: String, _ redactor: Redactor = Redactor()) throws -> (Redactor.Result, RedactionSession) {
        let scanner = TacetCore.Scanner(rules: rules)
        let session = redactor.makeSession()
        return (try redactor.redact(text, findings: scanner.scan(text), in: session), session)
    }
}
