import Foundation

/// The result of checking the chain.
public struct VerifyReport: Sendable, Equatable {
    /// Entries read (stubs of erased entries included).
    public var entriesChecked: Int
    /// The first entry that does not verify, if any.
    public var problem: ChainProblem?
    public var isIntact: Bool { problem == nil }

    public init(entriesChecked: Int, problem: ChainProblem?) {
        self.entriesChecked = entriesChecked
        self.problem = problem
    }
}

/// The first break in the chain: which entry and why.
public struct ChainProblem: Sendable, Equatable, CustomStringConvertible {
    public var seq: Int64
    public var id: String?
    public var reason: String
    public var description: String { "entry \(seq)" + (id.map { " (id \($0))" } ?? "") + ": " + reason }
}

/// Walks the chain in order. An entry verifies when its `prev_hash` is the previous entry's
/// hash and its hash is recomputed from its content; an erased stub verifies by its links
/// alone, when an erasure checkpoint names it; a missing prefix verifies when a purge
/// checkpoint holds the hash of its last entry.
struct ChainVerifier {
    private var erased: [ClosedRange<Int64>] = []
    private var purges: [Int64: String] = [:]
    private var last: StoredEntry?
    private(set) var checked = 0
    private(set) var problem: ChainProblem?

    init(checkpoints: [StoredEntry]) {
        for entry in checkpoints {
            guard let note = entry.note, let checkpoint = try? EntryDraft.jsonDecoder.decode(Checkpoint.self, from: Data(note.utf8)) else { continue }
            for range in checkpoint.erased ?? [] where range.count == 2 && range[0] <= range[1] { erased.append(range[0]...range[1]) }
            if let through = checkpoint.purgedThrough, let anchor = checkpoint.anchor { purges[through] = anchor }
        }
    }

    /// Checks the next entry; returns false once a problem is found.
    mutating func check(_ entry: StoredEntry) -> Bool {
        guard problem == nil else { return false }
        checked += 1
        if let last {
            if entry.seq != last.seq + 1 {
                return fail(entry, "entries \(last.seq + 1)…\(entry.seq - 1) are missing")
            }
            if entry.prevHash != last.hash {
                return fail(entry, "does not link to entry \(last.seq) (prev_hash differs from its hash)")
            }
        } else if entry.seq == 1 {
            if entry.prevHash != ChainHash.genesis { return fail(entry, "the first entry does not start from the genesis hash") }
        } else if purges[entry.seq - 1] != entry.prevHash {
            return fail(entry, "entries 1…\(entry.seq - 1) are missing and no purge checkpoint accounts for them")
        }
        if entry.kind == .erased {
            if !erased.contains(where: { $0.contains(entry.seq) }) {
                return fail(entry, "is erased but no erasure checkpoint names it")
            }
        } else if ChainHash.of(entry) != entry.hash {
            return fail(entry, "its content does not match its hash (altered)")
        }
        last = entry
        return true
    }

    private mutating func fail(_ entry: StoredEntry, _ reason: String) -> Bool {
        problem = ChainProblem(seq: entry.seq, id: entry.id, reason: reason)
        return false
    }
}
