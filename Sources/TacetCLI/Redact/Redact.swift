import ArgumentParser
import Crypto
import Foundation
import TacetCore
import TacetRedact

/// `tacet redact`: standard input to standard output with secrets and personal data replaced.
public struct Redact: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Replace secrets and personal data in standard input; write the result to standard output.",
        discussion: """
            Text is streamed in constant memory: output is written as soon as no later value \
            can touch it. With --json, standard input is one JSON document, held in memory; \
            only its string values are redacted and every other byte is copied as it was.

            POLICY: by default every value becomes a numbered placeholder such as \
            <EMAIL_ADDRESS_1>. --policy FILE sets an action per entity or rule id (redact, \
            mask, hash, remove, block, allow); see the README.

            KEYS come from the environment: TACET_MAP_KEY (32 bytes, 64 hex digits or \
            base64) encrypts --map-out; TACET_HASH_KEY (16 bytes or more) keys the hash action.

            EXIT STATUS: 0 when the input was written out redacted; 3 when a value's action is \
            block (text: the output stops before the value; --json: nothing is written), with \
            the entity, rule and place on stderr; 2 when something went wrong.
            """)

    @Option(help: ArgumentHelp("A TOML policy file: an action per entity or rule id.", valueName: "file"))
    var policy: String?

    @Option(name: .customLong("map-out"), help: ArgumentHelp(
        "Write the placeholder map, encrypted with TACET_MAP_KEY, to <file> (for tacet restore).", valueName: "file"))
    var mapOut: String?

    @Flag(help: "Standard input is a JSON document: redact its string values only.")
    var json = false

    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "Add the rules of a TOML rule file (gitleaks format accepted); repeatable.", valueName: "file"))
    var ruleFiles: [String] = []

    @Flag(name: .customLong("no-default-rules"), help: "Leave out the built-in rule pack.")
    var noDefaultRules = false

    @Option(name: [.customShort("j"), .long], help: ArgumentHelp(
        "Scan with <n> threads. (default: one per online core)", valueName: "n"))
    var threads: Int?

    @Flag(name: [.short, .long], help: "No summary on stderr.")
    var quiet = false

    public init() {}

    public func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
    }

    public func run() throws {
        let rules = try loadRuleSet(ruleFiles: ruleFiles, useDefaults: !noDefaultRules, discoveryFolder: ".")
        let policy = try loadPolicy()
        let hashKey = try RedactEnvironment.hashKey()
        if hashKey == nil, let rule = rules.rules.first(where: { policy.action(for: $0) == .hash }) {
            throw CLIError("the policy hashes \(rule.entity) (rule \(rule.id)): set \(RedactEnvironment.hashKeyVariable) to a key of 16 bytes or more")
        }
        let mapKey = try mapOut.map { _ in try RedactEnvironment.mapKey(for: "--map-out") }
        let redactor = Redactor(policy: policy, hashKey: hashKey)
        let session = redactor.makeSession()
        let threadCount = threads ?? max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let scanners = (0..<(json ? 1 : threadCount)).map { _ in TacetCore.Scanner(rules: rules) }
        let output = OutputFile.standardOutput()
        var summary = RedactSummary()
        do {
            if json {
                try redactDocument(redactor, scanners[0], session, output).forEach { summary.add($0) }
            } else {
                var input = FileDescriptorSource(descriptor: 0)
                try StreamRedactor(redactor: redactor, scanners: scanners).redact(
                    &input, in: session, onDetection: { summary.add($0) }, to: { try output.write($0) })
            }
            try output.flush()
        } catch let blocked as StreamBlocked {
            try? output.flush()
            StandardError.write("tacet redact: \(blocked)\n")
            throw ExitCode(3)
        } catch let blocked as JSONBlocked {
            StandardError.write("tacet redact: \(blocked)\n")
            throw ExitCode(3)
        } catch OutputFile.Failure.brokenPipe {
            return
        } catch OutputFile.Failure.failed(let message) {
            throw CLIError(message)
        } catch let error as JSONSyntaxError {
            throw CLIError("standard input: \(error)")
        }
        if let mapOut, let mapKey {
            try writeMap(session.map, key: mapKey, to: mapOut)
        }
        if !quiet { StandardError.write(summary.line) }
    }

    private func loadPolicy() throws -> RedactionPolicy {
        guard let path = policy else { return .standard }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError("\(path): cannot read policy file")
        }
        return try RedactionPolicy(toml: text, file: path)
    }

    private func redactDocument(
        _ redactor: Redactor, _ scanner: TacetCore.Scanner, _ session: RedactionSession, _ output: OutputFile
    ) throws -> [Detection] {
        let document = try readAll(descriptor: 0, name: "standard input")
        let result = try redactor.redactJSON(document, scanner: scanner, in: session)
        if result.isBlocked {
            throw JSONBlocked(places: result.detections.filter { $0.detection.action == .block }
                .map { "\($0.detection.entity) (rule \($0.detection.ruleID)) at \($0.path)" })
        }
        try output.write(result.bytes)
        return result.detections.map(\.detection)
    }

    private func writeMap(_ map: PlaceholderMap, key: SymmetricKey, to path: String) throws {
        let sealed = try map.sealed(with: key)
        guard FileManager.default.createFile(atPath: path, contents: Data(sealed), attributes: [.posixPermissions: 0o600]) else {
            throw CLIError("--map-out \(path): cannot write the file")
        }
    }
}

/// Counts of what was done, by entity and action, for the stderr line
/// `redacted 3 values: 2 EMAIL_ADDRESS (redact), 1 SECRET (redact)`.
struct RedactSummary {
    private var counts: [String: Int] = [:]
    private var total = 0

    mutating func add(_ detection: Detection) {
        counts["\(detection.entity) (\(detection.action.rawValue))", default: 0] += 1
        total += 1
    }

    var line: String {
        let parts = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        return "redacted \(total) value\(total == 1 ? "" : "s")" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")) + "\n"
    }
}

/// A JSON document with a value whose action is `block`: nothing was written.
struct JSONBlocked: Error, CustomStringConvertible {
    var places: [String]
    var description: String { "blocked: " + places.joined(separator: ", ") + "; nothing was written" }
}
