import ArgumentParser
import Foundation
import TacetLog

struct LogDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Erase every record of one subject (right to erasure).",
        discussion: """
            Each record becomes a stub holding only its id, time and chain links; an erasure \
            checkpoint names the stubs, so `tacet log verify` still passes.
            """)

    @OptionGroup var store: LogStoreOptions
    @Option(help: "The subject (end-user id).") var subject: String

    func run() throws {
        let subject = subject
        let erased = try store.withLog { log, _ in try await log.erase(subject: subject) }
        print("erased \(erased) record\(erased == 1 ? "" : "s")")
    }
}

struct LogPurge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Remove records older than the retention period.",
        discussion: """
            Removes the oldest part of the chain and appends a purge checkpoint so what is left \
            still verifies. The period is --older-than-days, else [log] retention_days.
            """)

    @OptionGroup var store: LogStoreOptions
    @Option(name: .customLong("older-than-days"), help: "Remove records older than this many days.") var days: Int?

    func validate() throws {
        if let days, days < 0 { throw ValidationError("--older-than-days must be 0 or more.") }
    }

    func run() throws {
        let configuration = try store.configuration()
        guard let days = days ?? configuration.retentionDays else {
            throw CLIError("no retention period: pass --older-than-days or set [log] retention_days")
        }
        let removed = try store.withLog { log, _ in try await log.applyRetention(days: days) }
        print("removed \(removed) entr\(removed == 1 ? "y" : "ies") older than \(days) day\(days == 1 ? "" : "s")")
    }
}
