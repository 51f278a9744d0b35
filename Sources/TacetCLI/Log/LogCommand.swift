import ArgumentParser

/// `tacet log`: read, check and maintain the disclosure log.
public struct Log: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Read, verify and maintain the disclosure log.",
        discussion: """
            The log holds one record per request the proxy handled: who sent it, to which \
            provider, what was detected (entity, rule, action, JSON path and a keyed digest: \
            never the value) and what was done. Every command takes --data-dir and --config.

            STORE: the [log] table of tacet.toml (--config, default ./tacet.toml when present) \
            names it: "sqlite" (the default, <data dir>/disclosures.sqlite) or a postgres:// \
            URL; TACET_LOG_STORE overrides it. The data directory is --data-dir, else \
            TACET_DATA_DIR, else ./tacet-data.
            """,
        subcommands: [
            LogQuery.self, LogLookup.self, LogExport.self, LogDelete.self, LogPurge.self, LogStatsCommand.self,
            LogVerify.self,
        ])

    public init() {}
}

/// The options every `tacet log` command shares.
struct LogStoreOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("The configuration file. (default: ./tacet.toml when present)", valueName: "file"))
    var configFile: String?

    @Option(name: .customLong("data-dir"), help: ArgumentHelp(
        "The data directory. (default: $TACET_DATA_DIR, else ./tacet-data)", valueName: "dir"))
    var dataDirectory: String?
}
