import Foundation

/// One rule file to load.
public struct RuleSource: Sendable, Equatable {
    /// How errors and warnings name the file: the path the user gave, or `rules/pii.toml` for
    /// the embedded pack.
    public var name: String
    /// The TOML text.
    public var text: String
    /// The folder holding the file, against which a relative `[extend] path` resolves; `nil`
    /// resolves it against the current directory.
    public var folder: String?

    public init(name: String, text: String, folder: String? = nil) {
        self.name = name
        self.text = text
        self.folder = folder
    }
}

/// Resolves rule files, with their `[extend]` tables, into the final rule definitions.
///
/// The result is built in layers, each applied onto the ones below it:
/// 1. the defaults (Tacet's pack, ``DefaultRulePack/sources``), unless `useDefaults` is false
///    (`--no-default-rules`) or any loaded file says `[extend] useDefault = false`;
/// 2. each of `files` in order, each preceded by the file its `[extend] path` names (resolved
///    against its folder, recursively, at most ``maxExtendDepth`` deep, cycles refused).
///
/// **Unlike gitleaks**, a file without `[extend]` *adds* to Tacet's defaults (gitleaks would use
/// that file alone): Tacet never drops its defaults silently. To replace them, write
/// `[extend] useDefault = false`. `useDefault = true` is therefore the default, and
/// `[extend] path` and `useDefault` may be combined.
///
/// Applying a file:
/// - `disabledRules` removes rules of the layers below by id;
/// - a rule whose id exists below overrides it key by key: each key the file writes replaces
///   the base's value (even an empty or zero one); `keywords` and `tags` are added to the base's
///   and `allowlists` appended, as gitleaks does (and `context` and `contextVeto` are added to
///   like keywords); unwritten keys keep the base's values;
/// - other rules are added; global allowlists are concatenated.
///
/// Two default files defining the same rule id are an error; so is a rule id repeated within
/// one file. A rule left with neither `regex` nor `path` can match nothing: it is dropped with
/// a warning (typically a gitleaks default rule's id that Tacet's pack lacks, overridden to add
/// an allowlist), as are `disabledRules` and `targetRules` naming rules that do not exist.
public enum RuleLoader {
    /// How many `[extend] path` links a chain may follow from the file first named.
    public static let maxExtendDepth = 4

    /// Loads `files` on top of `defaults`.
    ///
    /// - Parameters:
    ///   - files: the user's rule files, lowest precedence first.
    ///   - defaults: the default pack, usually ``DefaultRulePack/sources``.
    ///   - useDefaults: `false` leaves the defaults out whatever the files say.
    ///   - readFile: reads the file an `[extend] path` names (a parameter so tests need no disk).
    /// - Returns: the resolved rules, global allowlists and warnings; its `extend` is `nil` and
    ///   its `title` and `description` are the last ones given.
    /// - Throws: ``RuleLoadError`` from parsing any file, an unreadable, cyclic or too deep
    ///   `[extend] path`, or a rule id defined by two default files.
    public static func load(
        _ files: [RuleSource], defaults: [RuleSource], useDefaults: Bool = true,
        readFile: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(RuleLoadError) -> RuleConfig {
        var userFiles: [RuleFile] = []
        for source in files {
            try expand(source, chain: [], into: &userFiles, readFile: readFile)
        }
        var stack = RuleStack()
        if useDefaults && !userFiles.contains(where: { $0.config.extend?.useDefault == false }) {
            var defaultFiles: [RuleFile] = []
            for source in defaults {
                try expand(source, chain: [], into: &defaultFiles, readFile: readFile)
            }
            for file in defaultFiles {
                try stack.apply(file, overriding: false)
            }
        }
        for file in userFiles {
            try stack.apply(file, overriding: true)
        }
        return stack.finish()
    }

    /// Appends `source` to `files`, preceded by the chain of files its `[extend] path` names.
    /// `chain` holds the files followed to reach `source`: standardized path and name.
    private static func expand(
        _ source: RuleSource, chain: [(identity: String, name: String)], into files: inout [RuleFile],
        readFile: (String) throws -> String
    ) throws(RuleLoadError) {
        var file = try RuleFile(toml: source.text, file: source.name)
        for index in file.config.dictionaries.indices {
            guard let path = file.config.dictionaries[index].path else { continue }
            let resolved = resolve(path, in: source.folder)
            do {
                file.config.dictionaries[index].words += DictionaryDefinition.entries(inWordList: try readFile(resolved))
            } catch {
                throw RuleLoadError(
                    file: source.name, location: "dictionary \"\(file.config.dictionaries[index].id)\"", key: "path",
                    message: "names \"\(resolved)\", which cannot be read: \(error.localizedDescription)")
            }
            file.config.dictionaries[index].path = nil
        }
        if let path = file.config.extend?.path {
            func failure(_ message: String) -> RuleLoadError {
                RuleLoadError(file: source.name, location: "[extend]", key: "path", message: message)
            }
            let resolved = resolve(path, in: source.folder)
            let identity = URL(fileURLWithPath: resolved).standardizedFileURL.path
            if chain.contains(where: { $0.identity == identity }) {
                throw failure("makes a cycle: " + (chain.map(\.name) + [resolved]).joined(separator: " → "))
            }
            guard chain.count < maxExtendDepth else {
                throw failure("goes more than \(maxExtendDepth) files deep")
            }
            let text: String
            do {
                text = try readFile(resolved)
            } catch {
                throw failure("names \"\(resolved)\", which cannot be read: \(error.localizedDescription)")
            }
            let folder = (resolved as NSString).deletingLastPathComponent
            try expand(
                RuleSource(name: resolved, text: text, folder: folder.isEmpty ? nil : folder),
                chain: chain + [(identity, resolved)], into: &files, readFile: readFile)
        }
        files.append(file)
    }

    /// `path` relative to a rule file's folder, unless it is absolute.
    private static func resolve(_ path: String, in folder: String?) -> String {
        guard let folder, !path.hasPrefix("/") else { return path }
        return folder.hasSuffix("/") ? folder + path : folder + "/" + path
    }
}

/// The rules and global allowlists of the layers applied so far.
private struct RuleStack {
    struct Entry {
        var rule: RuleDefinition
        /// Every key written for this rule by the layers so far.
        var writtenKeys: Set<RuleKey>
        /// The file that first defined the rule.
        let file: String
    }

    var entries: [Entry] = []
    var allowlists: [(allowlist: Allowlist, file: String)] = []
    /// A later layer's dictionary replaces an earlier one of the same id whole.
    var dictionaries: [DictionaryDefinition] = []
    var config = RuleConfig()

    /// Applies `file` onto the layers so far; without `overriding`, a rule id already present
    /// is an error (the default pack's files must not collide).
    mutating func apply(_ file: RuleFile, overriding: Bool) throws(RuleLoadError) {
        for id in file.config.extend?.disabledRules ?? [] {
            if entries.contains(where: { $0.rule.id == id }) || dictionaries.contains(where: { $0.id == id }) {
                entries.removeAll { $0.rule.id == id }
                dictionaries.removeAll { $0.id == id }
            } else {
                config.warnings.append(
                    RuleLoadError.place(file: file.name, location: "[extend]")
                        + "disabledRules names \"\(id)\", which no rule below has (ignored)")
            }
        }
        for rule in file.config.rules {
            let keys = file.writtenKeys[rule.id] ?? []
            if let index = entries.firstIndex(where: { $0.rule.id == rule.id }) {
                guard overriding else {
                    throw RuleLoadError(
                        file: file.name, location: "rule \"\(rule.id)\"", key: "id",
                        message: "is also defined in \(entries[index].file)")
                }
                entries[index].override(with: rule, keys: keys)
            } else {
                entries.append(Entry(rule: rule, writtenKeys: keys, file: file.name))
            }
        }
        allowlists += file.config.allowlists.map { ($0, file.name) }
        for dictionary in file.config.dictionaries {
            if let index = dictionaries.firstIndex(where: { $0.id == dictionary.id }) {
                dictionaries[index] = dictionary
            } else {
                dictionaries.append(dictionary)
            }
        }
        config.warnings += file.config.warnings
        config.title = file.config.title ?? config.title
        config.description = file.config.description ?? config.description
    }

    /// The final config: rules that can match something, allowlists, and the warnings.
    func finish() -> RuleConfig {
        var config = self.config
        for entry in entries {
            if entry.rule.regex == nil && entry.rule.path == nil {
                config.warnings.append(
                    RuleLoadError.place(file: entry.file, location: "rule \"\(entry.rule.id)\"")
                        + "has neither \"regex\" nor \"path\" (does it override a rule the base lacks?); ignored")
            } else {
                config.rules.append(entry.rule)
            }
        }
        config.dictionaries = dictionaries
        let ids = Set(config.rules.map(\.id))
        for (allowlist, file) in allowlists {
            config.allowlists.append(allowlist)
            for target in allowlist.targetRules where !ids.contains(target) {
                config.warnings.append(
                    RuleLoadError.place(file: file, location: nil)
                        + "a global allowlist's targetRules names \"\(target)\", which no rule has (ignored)")
            }
        }
        return config
    }
}

extension RuleStack.Entry {
    /// gitleaks' extend: the keys `other` wrote replace this rule's, `keywords` and `tags` add
    /// to them, allowlists append.
    mutating func override(with other: RuleDefinition, keys: Set<RuleKey>) {
        for key in keys {
            switch key {
            case .id, .allowlist, .allowlists: break
            case .description: rule.description = other.description
            case .regex: rule.regex = other.regex
            case .secretGroup: rule.secretGroup = other.secretGroup
            case .entropy: rule.entropy = other.entropy
            case .keywords: rule.keywords += other.keywords.filter { !rule.keywords.contains($0) }
            case .path: rule.path = other.path
            case .tags: rule.tags += other.tags.filter { !rule.tags.contains($0) }
            case .category: rule.category = other.category
            case .entity: rule.entity = other.entity
            case .validate: rule.validate = other.validate
            case .severity: rule.severity = other.severity
            case .confidence: rule.confidence = other.confidence
            case .prefilter: rule.prefilter = other.prefilter
            case .minDigits: rule.minDigits = other.minDigits
            case .maxLength: rule.maxLength = other.maxLength
            case .examples: rule.examples = other.examples
            case .counterexamples: rule.counterexamples = other.counterexamples
            case .context: rule.context += other.context.filter { !rule.context.contains($0) }
            case .contextRequired: rule.contextRequired = other.contextRequired
            case .contextVeto: rule.contextVeto += other.contextVeto.filter { !rule.contextVeto.contains($0) }
            case .contextWindow: rule.contextWindow = other.contextWindow
            case .contextBoost: rule.contextBoost = other.contextBoost
            }
        }
        rule.allowlists += other.allowlists
        // Compile errors now most likely come from the overriding file.
        rule.source = other.source
        writtenKeys.formUnion(keys)
        // A severity nobody wrote follows the category, which the override may have changed.
        if !writtenKeys.contains(.severity) {
            rule.severity = rule.category.defaultSeverity
        }
    }
}
