import ArgumentParser

/// A size in bytes as typed: `1048576`, `512K`, `100M`, `2G` (binary units; `KiB`, `MB` and
/// the like read the same), `0` for no limit.
struct FileSize: ExpressibleByArgument, Equatable, Sendable, CustomStringConvertible {
    var bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let digits = argument.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits) else { return nil }
        let shift: Int
        switch argument.dropFirst(digits.count).uppercased() {
        case "", "B": shift = 0
        case "K", "KB", "KIB": shift = 10
        case "M", "MB", "MIB": shift = 20
        case "G", "GB", "GIB": shift = 30
        default: return nil
        }
        guard number <= Int.max >> shift else { return nil }
        bytes = number << shift
    }

    var description: String {
        for (shift, unit) in [(30, "G"), (20, "M"), (10, "K")] where bytes > 0 && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift)\(unit)"
        }
        return "\(bytes)"
    }
}
