// tacet-log-stress: appends disclosure records as fast as the store acknowledges them, from
// several concurrent writers. The crash test reads the acknowledged ids it prints and kills it;
// the benchmark reads its closing figures.
import Foundation
import Glibc
import Synchronization
import TacetLog

struct Options: Sendable {
    var store = ""
    var writers = 8
    /// Appends each writer keeps waiting at once (a proxy with that many requests in flight).
    var window = 1
    var records: Int?
    var seconds: Double?
    var printAcks = false

    static let usage = """
        usage: tacet-log-stress --store sqlite:PATH|postgres://… [--writers N] [--window N]
                                (--records N | --seconds S) [--print-acks]
        """

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let next = rest.popFirst() else { throw LogError("\(flag) needs a value\n\(Self.usage)") }
            return next
        }
        func number(_ flag: String) throws -> Int {
            let text = try value(flag)
            guard let number = Int(text), number > 0 else { throw LogError("\(flag) must be a positive whole number, not \(text)") }
            return number
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--store": store = try value(flag)
            case "--writers": writers = try number(flag)
            case "--window": window = try number(flag)
            case "--records": records = try number(flag)
            case "--seconds":
                let text = try value(flag)
                guard let seconds = Double(text), seconds > 0 else { throw LogError("--seconds must be a positive number, not \(text)") }
                self.seconds = seconds
            case "--print-acks": printAcks = true
            default: throw LogError("unknown argument \(flag)\n\(Self.usage)")
            }
        }
        guard !store.isEmpty, (records == nil) != (seconds == nil) else { throw LogError(Self.usage) }
    }

    var location: StoreLocation {
        store.hasPrefix("sqlite:") ? .sqlite(path: String(store.dropFirst(7))) : .postgres(url: store)
    }
}

/// A record like the proxy's: two or three detections, a subject, an outcome-less forward.
func makeRecord(_ number: Int, digester: ValueDigester) -> DisclosureRecord {
    let email = "person\(number)@example.org"
    var detections = [
        Detection(entity: "EMAIL_ADDRESS", ruleID: "email-address", action: "placeholder",
                  jsonPath: "$.messages[1].content", value: email, digester: digester),
        Detection(entity: "PHONE_NUMBER", ruleID: "phone-number", action: "mask",
                  jsonPath: "$.messages[1].content", value: "+1 555 01\(number % 100)", digester: digester),
    ]
    if number % 3 == 0 {
        detections.append(Detection(entity: "SECRET", ruleID: "github-pat", action: "block",
                                    jsonPath: "$.messages[0].content", value: "ghp_stress\(number)", digester: digester))
    }
    return DisclosureRecord(
        clientKeyID: "client-\(number % 4)", subject: "user-\(number % 1000)", upstream: "openai-main",
        provider: number % 2 == 0 ? "openai" : "anthropic", model: "gpt-test", endpoint: "/v1/chat/completions",
        decision: detections.count == 3 ? .blocked : .redacted, detections: detections, requestBytes: 1_000 + number % 500)
}

/// Standard output, one whole line per write, shared by every writer.
let stdoutLock = Mutex(())
func printLine(_ line: String) {
    stdoutLock.withLock { _ in
        var text = line + "\n"
        text.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }
}

final class Counters: Sendable {
    /// The number of the next record to make.
    let next = Atomic<Int>(0)
    let acknowledged = Atomic<Int>(0)
}

func run(_ options: Options) async throws {
    let log = try await DisclosureLog.open(options.location)
    let digester = ValueDigester(key: Array(repeating: 7, count: 32))
    let counters = Counters()
    let deadline = options.seconds.map { Date().addingTimeInterval($0) }
    let start = Date()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<(options.writers * options.window) {
            group.addTask {
                while true {
                    let number = counters.next.add(1, ordering: .relaxed).newValue
                    if let limit = options.records, number > limit { return }
                    if let deadline, Date() >= deadline { return }
                    let record = makeRecord(number, digester: digester)
                    try await log.append(record)
                    counters.acknowledged.add(1, ordering: .relaxed)
                    if options.printAcks { printLine(record.id.uuidString.lowercased()) }
                }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = Date().timeIntervalSince(start)
    let written = counters.acknowledged.load(ordering: .relaxed)
    await log.close()
    FileHandle.standardError.write(Data(String(format: "records %d seconds %.3f per_second %.0f writers %d window %d\n",
                                               written, elapsed, Double(written) / elapsed, options.writers, options.window).utf8))
}

do {
    try await run(try Options(Array(CommandLine.arguments.dropFirst())))
} catch {
    FileHandle.standardError.write(Data("tacet-log-stress: \(error)\n".utf8))
    exit(2)
}
