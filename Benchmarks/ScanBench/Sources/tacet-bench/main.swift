import Foundation
import TacetCore

/// Measures the scanner through its library API, as the proxy and other embedders use it:
///
///     tacet-bench file CORPUS [RUNS]   single-thread streaming throughput, MB/s (median of RUNS)
///     tacet-bench prompts [COUNT]      scans per second of 1 KiB prompt-like strings
///
/// Both use the embedded default rule pack, or only the files in `TACET_BENCH_RULES` (colon
/// separated) when set, and print the findings count, so a faster run that finds less shows.
let arguments = CommandLine.arguments.dropFirst()
let ruleFiles = (ProcessInfo.processInfo.environment["TACET_BENCH_RULES"] ?? "").split(separator: ":").map {
    RuleSource(name: String($0), text: try! String(contentsOfFile: String($0), encoding: .utf8))
}
let rules = try RuleSet(RuleLoader.load(ruleFiles, defaults: DefaultRulePack.sources, useDefaults: ruleFiles.isEmpty))

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

switch arguments.first {
case "file":
    guard let path = arguments.dropFirst().first else { fatalError("usage: tacet-bench file CORPUS [RUNS]") }
    let runs = Int(arguments.dropFirst(2).first ?? "3") ?? 3
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let scanner = TacetCore.Scanner(rules: rules)
    var findings = 0
    let times = try (0..<runs).map { _ in
        findings = 0
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        var source = FileDescriptorSource(descriptor: descriptor)
        return try seconds { try scanner.scan(&source, path: path) { _ in findings += 1 } }
    }
    let mbps = Double(size) / 1e6 / median(times)
    print("file \(path): \(size) bytes, \(findings) findings, median \(String(format: "%.3f", median(times))) s, \(String(format: "%.0f", mbps)) MB/s")
case "prompts":
    let count = Int(arguments.dropFirst().first ?? "20000") ?? 20000
    var generator = PromptGenerator(seed: 42)
    let prompts = generator.make(count: 1000)
    let scanner = TacetCore.Scanner(rules: rules)
    var findings = 0
    let times = (0..<5).map { _ in
        seconds {
            findings = 0
            for i in 0..<count { findings += scanner.scan(prompts[i % prompts.count]).count }
        }
    }
    let perSecond = Double(count) / median(times)
    print("prompts: \(count) scans of ~1 KiB, \(findings) findings, \(String(format: "%.0f", perSecond)) scans/s, \(String(format: "%.1f", 1e6 / perSecond)) µs/scan")
default:
    print("usage: tacet-bench file CORPUS [RUNS] | tacet-bench prompts [COUNT]")
}
