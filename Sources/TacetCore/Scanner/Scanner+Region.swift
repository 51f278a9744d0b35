extension Scanner {
    /// Scans `buffer` (absolute offset `base`) and emits, in offset order, the findings that start
    /// in `owned`; bytes outside it are context. `lines` must have counted up to `owned`'s start.
    func scanRegion(
        _ buffer: UnsafeRawBufferPointer, base: Int, owned: Range<Int>, path: String?,
        lines: inout LineCounter, emit: (Finding) -> Void
    ) {
        candidates.removeAll(keepingCapacity: true)
        collectCandidates(buffer, owned: owned)
        confirmCandidates(buffer, base: base, owned: owned, path: path)
        findDictionaryEntries(buffer, base: base, owned: owned, path: path)
        emitPending(buffer, base: base, lines: &lines, emit: emit)
    }

    /// The prefilters: keyword hits and PII tokens, each turned into a confirm window per rule.
    private func collectCandidates(_ buffer: UnsafeRawBufferPointer, owned: Range<Int>) {
        if bypassesPrefilters {
            for rule in rules.rules where rule.pattern != nil {
                candidates.append(Candidate(rule: rule.index, window: 0..<buffer.count))
            }
            return
        }
        // A match that starts in `owned` and contains a keyword has the keyword within
        // maxMatchLength of `owned`; a context word that is a keyword may also come up to its
        // window before the match. Matches that start before `owned` (another chunk's) are
        // dropped by `confirm`.
        let searchEnd = min(buffer.count, owned.upperBound + self.rules.maxMatchLength)
        let searchStart = max(0, owned.lowerBound - self.rules.keywordLookbehind)
        let ruleSet = self.rules
        // A local array: appending to the property from inside the closures costs a retain
        // and an exclusivity check per candidate.
        var candidates = self.candidates
        self.candidates = []
        defer { self.candidates = candidates }
        ruleSet.keywordTriggers.withUnsafeBufferPointer { triggers in
            ruleSet.keywordTriggerStart.withUnsafeBufferPointer { triggerStart in
                ruleSet.keywordLengths.withUnsafeBufferPointer { keywordLengths in
                    ruleSet.trie.searchInterleaved(buffer, range: searchStart..<searchEnd) { hit in
                        let keywordStart = hit.end - keywordLengths[hit.keyword]
                        for trigger in triggers[triggerStart[hit.keyword]..<triggerStart[hit.keyword + 1]] {
                            let window = max(0, hit.end - trigger.maxLength)..<min(buffer.count, keywordStart + trigger.maxLength)
                            candidates.append(Candidate(rule: trigger.rule, window: window))
                        }
                    }
                }
            }
        }

        if !prefilter.isEmpty {
            // Start early so a token cut by `owned`'s start is measured whole, and end late
            // because a trigger can follow its match's start (the `@` of an email, the digits
            // of an IBAN).
            let reach = 80
            let range = max(0, owned.lowerBound - reach)..<min(buffer.count, owned.upperBound + reach)
            ruleSet.prefilterTriggers.withUnsafeBufferPointer { triggers in
                ruleSet.prefilterTriggerStart.withUnsafeBufferPointer { triggerStart in
                    prefilter.scan(buffer, range: range) { token in
                        // A little context on each side lets the regex see separators and boundaries.
                        let window = max(0, token.span.lowerBound - 4)..<min(buffer.count, token.span.upperBound + 4)
                        let kind = token.kind.position
                        for trigger in triggers[triggerStart[kind]..<triggerStart[kind + 1]]
                        where token.digits >= trigger.minDigits {
                            candidates.append(Candidate(rule: trigger.rule, window: window))
                        }
                    }
                }
            }
        }

        for index in self.rules.unfilteredRules {
            let window = max(0, owned.lowerBound - self.rules.maxMatchLength)..<searchEnd
            candidates.append(Candidate(rule: index, window: window))
        }

        if !excludedByPath.isEmpty {
            candidates.removeAll { excludedByPath.contains($0.rule) }
        }
    }

    /// Runs each rule's regex once over each union of its overlapping windows.
    private func confirmCandidates(_ buffer: UnsafeRawBufferPointer, base: Int, owned: Range<Int>, path: String?) {
        guard !candidates.isEmpty else { return }
        candidates.sort { ($0.rule, $0.window.lowerBound) < ($1.rule, $1.window.lowerBound) }
        var current = candidates[0]
        for candidate in candidates.dropFirst() {
            if candidate.rule == current.rule && candidate.window.lowerBound <= current.window.upperBound {
                current.window = current.window.lowerBound..<max(current.window.upperBound, candidate.window.upperBound)
            } else {
                confirm(current, buffer, base: base, owned: owned, path: path)
                current = candidate
            }
        }
        confirm(current, buffer, base: base, owned: owned, path: path)
    }

    /// Finds every match of the candidate's rule in its window and keeps those that start in
    /// `owned` and pass the validators, entropy gate and allowlists.
    private func confirm(
        _ candidate: Candidate, _ buffer: UnsafeRawBufferPointer, base: Int, owned: Range<Int>, path: String?
    ) {
        let rule = rules.rules[candidate.rule]
        guard let pattern = rule.pattern else { return }
        // The subject ends at the window's end so PCRE2 never searches past it; the bytes before
        // the window stay visible to lookbehind and \b.
        let subject = UnsafeRawBufferPointer(rebasing: buffer[..<candidate.window.upperBound])
        var position = candidate.window.lowerBound
        while position < subject.count {
            switch pattern.firstMatch(in: subject, from: position, scratch: scratch) {
            case .noMatch:
                return
            case .limitExceeded(let message), .failed(let message):
                if limitedRules.insert(rule.index).inserted {
                    onDiagnostic?(Diagnostic(ruleID: rule.id, path: path, message: "regex stopped: \(message); matches in this input may be missed"))
                }
                return
            case .match:
                guard let match = scratch.span(ofGroup: 0), match.lowerBound < owned.upperBound else { return }
                if match.lowerBound >= owned.lowerBound, let finding = evaluate(rule, match: match, buffer, base: base, path: path) {
                    pending.append(finding)
                }
                position = match.isEmpty ? match.upperBound + 1 : match.upperBound
            }
        }
    }

    /// The organisation dictionaries' entries that start in `owned`, through the same inline
    /// allow comments and global allowlists as rule matches.
    private func findDictionaryEntries(_ buffer: UnsafeRawBufferPointer, base: Int, owned: Range<Int>, path: String?) {
        for trie in rules.dictionaryTries {
            trie.forEachMatch(in: buffer, range: owned) { span, ruleIndex in
                if let finding = evaluate(rules.rules[Int(ruleIndex)], match: span, buffer, base: base, path: path) {
                    pending.append(finding)
                }
            }
        }
    }

    /// Applies the secret group, validators, entropy, inline allow comments and allowlists.
    private func evaluate(
        _ rule: Rule, match: Range<Int>, _ buffer: UnsafeRawBufferPointer, base: Int, path: String?
    ) -> Finding? {
        let definition = rule.definition
        guard var secretSpan = secretSpan(of: rule, match: match) else { return nil }
        for validator in definition.validate {
            guard let length = Validators.validLength(validator, UnsafeRawBufferPointer(rebasing: buffer[secretSpan]))
            else { return nil }
            secretSpan = secretSpan.lowerBound..<secretSpan.lowerBound + length
        }
        let secret = UnsafeRawBufferPointer(rebasing: buffer[secretSpan])
        let entropy = shannonEntropy(secret)
        if let threshold = definition.entropy, threshold > 0, entropy <= threshold { return nil }

        let line = UnsafeRawBufferPointer(rebasing: buffer[lineSpan(around: match, in: buffer)])
        if line.containsAllowMarker() { return nil }
        let subject = CompiledAllowlist.Subject(
            secret: secret, match: UnsafeRawBufferPointer(rebasing: buffer[match]), line: line, path: path, commit: nil)
        if rule.allowlists.contains(where: { $0.allows(subject, scratch: scratch) }) { return nil }
        for allowlist in rules.globalAllowlists
        where allowlist.targetRules.isEmpty || allowlist.targetRules.contains(rule.id) {
            if allowlist.allows(subject, scratch: scratch) { return nil }
        }
        var confidence = definition.confidence
        if let context = rule.context {
            guard let adjusted = context.confidence(base: confidence, match: match, in: buffer) else { return nil }
            confidence = adjusted
        }
        return Finding(
            rule: rule, path: path, start: base + secretSpan.lowerBound, end: base + secretSpan.upperBound,
            matchStart: base + match.lowerBound, matchEnd: base + match.upperBound, line: 0, column: 0,
            value: String(decoding: secret, as: UTF8.self), entropy: entropy, confidence: confidence)
    }

    /// gitleaks' rule: the `secretGroup` if set, else the first group that matched something,
    /// else the whole match. `nil` when the chosen group did not take part.
    private func secretSpan(of rule: Rule, match: Range<Int>) -> Range<Int>? {
        if let group = rule.definition.secretGroup, group > 0 { return scratch.span(ofGroup: group) }
        let groups = rule.pattern?.captureCount ?? 0
        if groups > 0 {
            for group in 1...groups {
                if let span = scratch.span(ofGroup: group), !span.isEmpty { return span }
            }
        }
        return match
    }

    /// The lines the match is on, cut at 4 KiB either side (and at the buffer's edges).
    private func lineSpan(around match: Range<Int>, in buffer: UnsafeRawBufferPointer) -> Range<Int> {
        let limit = 4096
        let before = max(0, match.lowerBound - limit)..<match.lowerBound
        let after = match.upperBound..<min(buffer.count, match.upperBound + limit)
        let start = buffer.lastIndex(of: 0x0A, in: before).map { $0 + 1 } ?? before.lowerBound
        let end = buffer.firstIndex(of: 0x0A, in: after) ?? after.upperBound
        return start..<end
    }

    /// Whether `pending[position]` is a generic rule's finding that overlaps a specific rule's.
    private func yieldsToSpecificRule(_ position: Int) -> Bool {
        let finding = pending[position]
        guard rules.isGeneric[finding.rule.index] else { return false }
        for other in pending where other.start < finding.end && finding.start < other.end {
            if !rules.isGeneric[other.rule.index] { return true }
        }
        return false
    }

    /// Whether `pending[position]` repeats another rule's finding of the same entity on the same
    /// bytes (two phone formats, a formatted and a bare id, a Stripe-shaped key that a Clerk
    /// rule saw assigned to CLERK_SECRET_KEY) that is better. Better is, in this order: from a
    /// specific rather than a generic rule (a generic one yields anyway); a longer match, which
    /// took in more context (the variable naming the provider); more confident; earlier in the
    /// pack. Needs `pending` sorted by span.
    private func repeatsABetterFinding(_ position: Int) -> Bool {
        func rank(_ finding: Finding) -> (Int, Int, Double, Int) {
            (rules.isGeneric[finding.rule.index] ? 0 : 1, finding.matchEnd - finding.matchStart, finding.confidence,
             -finding.rule.index)
        }
        let finding = pending[position]
        for step in [-1, 1] {
            var other = position + step
            while pending.indices.contains(other), pending[other].start == finding.start, pending[other].end == finding.end {
                let rival = pending[other]
                if rival.rule.entity == finding.rule.entity,
                    rank(rival) > rank(finding)
                {
                    return true
                }
                other += step
            }
        }
        return false
    }

    /// Sorts this region's findings, numbers their lines and hands them out.
    private func emitPending(
        _ buffer: UnsafeRawBufferPointer, base: Int, lines: inout LineCounter, emit: (Finding) -> Void
    ) {
        guard !pending.isEmpty else { return }
        pending.sort { ($0.start, $0.end, $0.rule.index) < ($1.start, $1.end, $1.rule.index) }
        for (position, var finding) in pending.enumerated()
        where !yieldsToSpecificRule(position) && !repeatsABetterFinding(position) {
            (finding.line, finding.column) = lines.locate(finding.start, in: buffer, base: base)
            emit(finding)
        }
        pending.removeAll(keepingCapacity: true)
    }
}
