import Foundation
import TacetCore

/// The rules of a scan, in this order: the embedded default pack (unless `useDefaults` is
/// false or a file says `[extend] useDefault = false`), then `configFile` or, without one,
/// `.tacet.toml` in `discoveryFolder` or, when there is none, `.gitleaks.toml` there, then each
/// of `ruleFiles` in the order given. Warnings from the files (unknown keys, say) go to stderr.
///
/// - Throws: `RuleLoadError` or `RuleSetError` naming the file, rule and problem; ``CLIError``
///   for a file that cannot be read.
func loadRuleSet(
    ruleFiles: [String], useDefaults: Bool, discoveryFolder: String, configFile: String? = nil
) throws -> RuleSet {
    let discovered = configFile ?? [".tacet.toml", ".gitleaks.toml"]
        .map { (discoveryFolder as NSString).appendingPathComponent($0) }
        .first { FileManager.default.fileExists(atPath: $0) }
    let sources = try ([discovered].compactMap { $0 } + ruleFiles).map { path in
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError("\(path): cannot read rule file")
        }
        return RuleSource(name: path, text: text, folder: (path as NSString).deletingLastPathComponent)
    }
    let config = try RuleLoader.load(sources, defaults: DefaultRulePack.sources, useDefaults: useDefaults)
    for warning in config.warnings { StandardError.write("warning: \(warning)\n") }
    return try RuleSet(config)
}

/// The entries of `.tacetignore` and `.gitleaksignore` in `folder`, those that exist.
///
/// - Throws: ``CLIError`` naming the file and line of an entry that cannot be read.
func loadIgnoreList(folder: String) throws(CLIError) -> IgnoreList {
    var list = IgnoreList()
    for name in [".tacetignore", ".gitleaksignore"] {
        let path = (folder as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: path) else { continue }
        try list.add(String(decoding: data, as: UTF8.self), file: path)
    }
    return list
}
