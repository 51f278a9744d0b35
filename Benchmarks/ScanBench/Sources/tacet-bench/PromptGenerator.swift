/// Deterministic ~1 KiB chat prompts: prose and a little code, with a personal value or a key
/// in about one prompt in four.
struct PromptGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }

    static let sentences = [
        "Can you refactor this function so it handles the empty case without crashing?",
        "The build fails on Linux with an undefined symbol when linking the test target.",
        "Please summarise the meeting notes below and list the action items by owner.",
        "Here is the stack trace from production, the request id was 8f2c in the logs.",
        "We deploy version 2.14.3 to the staging cluster every Tuesday at 10:30.",
        "func total(_ items: [Item]) -> Int { items.reduce(0) { $0 + $1.price } }",
        "SELECT id, name FROM customers WHERE created_at > now() - interval '7 days';",
        "The latency went from 120 ms to 340 ms after the cache change on 2024-03-18.",
        "Write a unit test that covers the retry logic and the backoff of 250 ms.",
        "I think the bug is in the parser: it stops at the first quote inside a string.",
    ]

    static let plants = [
        "Contact me at jane.doe@example.com if anything is unclear.",
        "export OPENAI_API_KEY=sk-proj-Ab3dEf5hIj7kLm9nOp1qRs3tUv5wXy7zAb9cDe1fGh3iJk5lMn7o",
        "My card 4111 1111 1111 1111 was charged twice.",
        "Call +1 415 555 0132 after five.",
        "const token = \"ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\";",
    ]

    mutating func make(count: Int) -> [String] {
        (0..<count).map { _ in
            var prompt = ""
            while prompt.utf8.count < 1024 {
                prompt += Self.sentences[next(Self.sentences.count)] + " "
                if next(16) == 0 { prompt += Self.plants[next(Self.plants.count)] + " " }
            }
            return prompt
        }
    }
}
