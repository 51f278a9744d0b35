import ArgumentParser
import Dispatch
import Foundation
import TacetLog

extension LogStoreOptions {
    func configuration() throws -> LogConfiguration {
        let file = configFile ?? (FileManager.default.fileExists(atPath: "tacet.toml") ? "tacet.toml" : nil)
        do {
            return try LogConfiguration.load(file: file, dataDirectory: LogConfiguration.dataDirectory(option: dataDirectory))
        } catch let error as LogError {
            throw CLIError(error.description)
        }
    }

    /// Opens the store and runs `body` with it; log errors become command errors.
    func withLog<T: Sendable>(
        _ body: @escaping @Sendable (DisclosureLog, LogConfiguration) async throws -> T
    ) throws -> T {
        let configuration = try configuration()
        if case .sqlite(let path) = configuration.store, !FileManager.default.fileExists(atPath: path) {
            throw CLIError("no disclosure log at \(path) (set --data-dir, TACET_DATA_DIR or [log] store)")
        }
        return try runBlocking {
            let log = try await DisclosureLog.open(configuration)
            do {
                let result = try await body(log, configuration)
                await log.close()
                return result
            } catch {
                await log.close()
                throw error
            }
        }
    }
}

/// Runs async work from a synchronous command (the command line's main thread is outside
/// the concurrency pool, so waiting here blocks nothing the work needs).
func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    do {
        return try box.result!.get()
    } catch let error as LogError {
        throw CLIError(error.description)
    }
}

/// Written once by the task, read after the semaphore says it is done.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// Parses `2026-11-29` (midnight UTC) or a full ISO 8601 time such as `2026-11-29T10:00:00Z`.
func parseTime(_ text: String, option: String) throws -> Date {
    let full = ISO8601DateFormatter()
    if let date = full.date(from: text) { return date }
    let day = ISO8601DateFormatter()
    day.formatOptions = [.withFullDate]
    if let date = day.date(from: text) { return date }
    throw CLIError("\(option): \(text) is not a date (2026-11-29) or ISO 8601 time (2026-11-29T10:00:00Z)")
}

func formatTime(_ date: Date) -> String {
    ISO8601DateFormatter().string(from: date)
}

let logJSONEncoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
}()

func printJSON(_ value: some Encodable) throws {
    print(String(decoding: try logJSONEncoder.encode(value), as: UTF8.self))
}

/// Fixed-width columns, each as wide as its widest cell.
func printTable(_ header: [String], _ rows: [[String]]) {
    var widths = header.map(\.count)
    for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    for row in [header] + rows {
        print(row.enumerated().map { index, cell in
            index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
        }.joined(separator: "  "))
    }
}

enum LogOutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json
}

/// One line per record, for people.
func printRecords(_ records: [LoggedDisclosure], format: LogOutputFormat) throws {
    switch format {
    case .json:
        try printJSON(records)
    case .table:
        printTable(
            ["time", "id", "client", "subject", "upstream", "provider", "model", "decision", "status", "entities"],
            records.map { logged in
                let record = logged.record
                var counts: [String: Int] = [:]
                for detection in record.detections { counts[detection.entity, default: 0] += 1 }
                return [
                    formatTime(record.time), record.id.uuidString.lowercased(), record.clientKeyID, record.subject ?? "-",
                    record.upstream, record.provider, record.model ?? "-", record.decision.rawValue,
                    record.upstreamStatus.map(String.init) ?? "-",
                    counts.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ","),
                ]
            })
    }
}
