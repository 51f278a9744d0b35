import ArgumentParser
import Foundation
import TacetLog

struct LogQuery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "List records by subject, client key, provider, entity and time range.")

    @OptionGroup var store: LogStoreOptions
    @Option(help: "Only this subject's records.") var subject: String?
    @Option(name: .customLong("client-key"), help: "Only this client key id's records.") var clientKey: String?
    @Option(help: "Only records sent to this provider kind (openai, anthropic, …).") var provider: String?
    @Option(help: "Only records with a detection of this entity (EMAIL_ADDRESS, …).") var entity: String?
    @Option(help: ArgumentHelp("From this date or time (inclusive).", valueName: "time")) var since: String?
    @Option(help: ArgumentHelp("Up to this date or time (exclusive).", valueName: "time")) var until: String?
    @Option(help: "At most this many records.") var limit: Int?
    @Option(help: "table or json.") var format: LogOutputFormat = .table

    func run() throws {
        let filter = LogFilter(
            subject: subject, clientKeyID: clientKey, provider: provider, entity: entity,
            since: try since.map { try parseTime($0, option: "--since") }, until: try until.map { try parseTime($0, option: "--until") },
            limit: limit)
        try printRecords(try store.withLog { log, _ in try await log.query(filter) }, format: format)
    }
}

struct LogLookup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup", abstract: "Was this value ever sent to a provider? When, and to which?",
        discussion: """
            Computes the value's keyed digest (after the same normalisation the proxy applies: \
            emails lowercased and trimmed; phone, card and SSN numbers digits only; IBANs \
            without spaces, uppercased; MAC addresses hex digits only) and lists the records \
            with a detection of that digest. Without --entity every entity's normalisation is \
            tried. The value is never printed or stored.
            """)

    @OptionGroup var store: LogStoreOptions
    @Option(help: "The value to look for.") var value: String
    @Option(help: "Only as this entity (EMAIL_ADDRESS, PHONE_NUMBER, …).") var entity: String?
    @Option(help: "table or json.") var format: LogOutputFormat = .table

    func run() throws {
        let configuration = try store.configuration()
        let digester: ValueDigester
        do { digester = try configuration.digestKey.load(createIfMissing: false) } catch let error as LogError {
            throw CLIError(error.description)
        }
        let value = value, entity = entity
        let records = try store.withLog { log, _ in
            try await log.checkDigestKey(digester)
            return try await log.lookup(value: value, entity: entity, digester: digester)
        }
        if format == .table && records.isEmpty {
            print("not found: no record has a detection of this value")
            return
        }
        try printRecords(records, format: format)
    }
}

struct LogExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Every record of one subject as JSON (for a data-portability request).")

    @OptionGroup var store: LogStoreOptions
    @Option(help: "The subject (end-user id).") var subject: String

    struct Export: Encodable {
        var subject: String
        var exportedAt: Date
        var records: [LoggedDisclosure]
    }

    func run() throws {
        let subject = subject
        let records = try store.withLog { log, _ in try await log.query(LogFilter(subject: subject)) }
        try printJSON(Export(subject: subject, exportedAt: Date(), records: records))
    }
}

struct LogStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts by day, provider, decision and entity.")

    @OptionGroup var store: LogStoreOptions
    @Option(help: ArgumentHelp("From this date or time (inclusive).", valueName: "time")) var since: String?
    @Option(help: ArgumentHelp("Up to this date or time (exclusive).", valueName: "time")) var until: String?
    @Option(help: "table or json.") var format: LogOutputFormat = .table

    func run() throws {
        let since = try since.map { try parseTime($0, option: "--since") }, until = try until.map { try parseTime($0, option: "--until") }
        let stats = try store.withLog { log, _ in try await log.stats(since: since, until: until) }
        switch format {
        case .json:
            try printJSON(stats)
        case .table:
            print("Requests")
            printTable(["day", "provider", "decision", "count"], stats.disclosures.map { [$0.day, $0.provider, $0.decision, String($0.count)] })
            print("\nDetections")
            printTable(["day", "provider", "entity", "count"], stats.detections.map { [$0.day, $0.provider, $0.entity, String($0.count)] })
        }
    }
}

struct LogVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check the hash chain; name the first broken record.",
        discussion: "EXIT STATUS: 0 when the chain verifies, 1 when it is broken, 2 on other errors.")

    @OptionGroup var store: LogStoreOptions

    func run() throws {
        let report = try store.withLog { log, _ in try await log.verify() }
        if let problem = report.problem {
            print("chain broken at \(problem)")
            throw ExitCode(1)
        }
        print("chain intact: \(report.entriesChecked) entries verified")
    }
}
