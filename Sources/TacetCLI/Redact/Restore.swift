import ArgumentParser
import Foundation
import TacetCore
import TacetRedact

/// `tacet restore`: puts back the values behind the placeholders of a map `tacet redact` wrote.
public struct Restore: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Put the original values back in place of placeholders, standard input to standard output.",
        discussion: """
            Reads the placeholder map written by tacet redact --map-out, decrypting it with the \
            key in TACET_MAP_KEY. Streams in constant memory; text that cannot be the start of \
            a placeholder is written at once. Only placeholders that were issued are restored, \
            each to its own value; mangled ones stay as they are unless --tolerant is given.
            """)

    @Option(help: ArgumentHelp("The encrypted placeholder map from tacet redact --map-out.", valueName: "file"))
    var map: String

    @Flag(name: .customLong("json-string"), help: "The text is inside a JSON string: JSON-escape restored values.")
    var jsonString = false

    @Flag(help: "Also restore placeholders written in another letter case (<email_address_1>).")
    var tolerant = false

    public init() {}

    public func run() throws {
        let key = try RedactEnvironment.mapKey(for: "--map")
        guard let sealed = FileManager.default.contents(atPath: map) else { throw CLIError("--map \(map): cannot read the file") }
        let placeholders: PlaceholderMap
        do {
            placeholders = try PlaceholderMap(sealed: Array(sealed), key: key)
        } catch {
            throw CLIError("--map \(map): \(error)")
        }
        var restorer = StreamingRestorer(map: placeholders, options: .init(jsonString: jsonString, tolerant: tolerant))
        var input = FileDescriptorSource(descriptor: 0)
        let output = OutputFile.standardOutput()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        do {
            while true {
                let count = try chunk.withUnsafeMutableBytes { try input.read(into: $0) }
                if count == 0 { break }
                try output.write(restorer.feed(chunk[..<count]))
            }
            try output.write(restorer.finish())
            try output.flush()
        } catch OutputFile.Failure.brokenPipe {
            return
        } catch OutputFile.Failure.failed(let message) {
            throw CLIError(message)
        } catch let error as FileDescriptorSource.ReadError {
            throw CLIError("standard input: \(error)")
        }
    }
}
