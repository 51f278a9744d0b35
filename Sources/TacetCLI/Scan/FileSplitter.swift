// With swift-nio in the build, Clang files `struct stat` under CDispatch (which includes
// sys/stat.h); MemberImportVisibility then wants that module imported to use its fields.
import CDispatch
import Glibc

/// Splits big files into parts that threads scan side by side, so one large file (a log, a
/// dump) uses every core. Parts start at line starts, so each part's line numbers only need
/// the newline count of the parts before it.
enum FileSplitter {
    /// Files smaller than twice this are not split; no part is smaller.
    static let minimumPartSize = 16 << 20

    /// `inputs` with each big regular, non-binary file replaced by its parts, in order.
    static func split(_ inputs: [ScanInput], threads: Int) -> [ScanInput] {
        guard threads > 1 else { return inputs }
        return inputs.flatMap { input -> [ScanInput] in
            guard input.kind != .standardInput, let bounds = partBounds(of: input.path, parts: threads * 2) else {
                return [input]
            }
            return zip(bounds, bounds.dropFirst()).enumerated().map { index, range in
                var part = input
                part.part = FilePart(index: index, owned: range.0..<range.1)
                return part
            }
        }
    }

    /// The part boundaries of the file at `path` (first 0, last its size), or `nil` to scan it
    /// whole: too small, not a regular file, unreadable, binary, or without newlines to cut at.
    static func partBounds(of path: String, parts: Int) -> [Int]? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(info.st_size)
        let count = min(parts, size / minimumPartSize)
        guard count > 1 else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var window = [UInt8](repeating: 0, count: 64 * 1024)
        func read(at offset: Int) -> ArraySlice<UInt8> {
            let count = window.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            return window[..<max(0, count)]
        }
        // The same test the walker uses: a NUL byte early on means a binary file.
        guard !read(at: 0).prefix(8 * 1024).contains(0) else { return nil }
        var bounds = [0]
        for k in 1..<count {
            let nominal = size / count * k
            // Cut just after the first newline at or past the nominal point.
            guard let newline = read(at: nominal).firstIndex(of: 0x0A) else { continue }
            let cut = nominal + newline + 1
            if cut > bounds.last! && cut < size { bounds.append(cut) }
        }
        bounds.append(size)
        return bounds.count > 2 ? bounds : nil
    }
}
