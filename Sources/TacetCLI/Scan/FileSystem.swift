// With swift-nio in the build, Clang files `struct stat` under CDispatch (which includes
// sys/stat.h); MemberImportVisibility then wants that module imported to use its fields.
import CDispatch
import Glibc
import TacetCore

/// The few POSIX calls the walk needs, with Swift types.
enum FileSystem {
    enum EntryKind { case directory, regular, symbolicLink, other }

    /// A file's identity, to recognise the report file among the inputs.
    struct FileID: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    struct Entry {
        var name: String
        var kind: EntryKind
    }

    struct Failure: Error, CustomStringConvertible {
        var path: String
        var errno: Int32
        var description: String { "\(path): \(String(cString: strerror(errno)))" }
    }

    /// What `path` is, following symbolic links when `follow` is set.
    static func kind(of path: String, follow: Bool) throws(Failure) -> EntryKind {
        kind(ofMode: try status(of: path, follow: follow).st_mode)
    }

    static func identity(of path: String, follow: Bool) throws(Failure) -> FileID {
        let info = try status(of: path, follow: follow)
        return FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    static func exists(_ path: String) -> Bool { (try? status(of: path, follow: false)) != nil }

    /// The entries of a directory except `.` and `..`, in byte order of their names, so that a
    /// walk visits files in the same order on every run and every file system.
    static func entries(of directory: String) throws(Failure) -> [Entry] {
        guard let handle = opendir(directory) else { throw Failure(path: directory, errno: errno) }
        defer { closedir(handle) }
        var entries: [Entry] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != "." && name != ".." else { continue }
            let kind: EntryKind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_REG): kind = .regular
            case Int32(DT_LNK): kind = .symbolicLink
            case Int32(DT_UNKNOWN):
                // Some file systems do not fill in the type.
                kind = (try? Self.kind(of: join(directory, name), follow: false)) ?? .other
            default: kind = .other
            }
            entries.append(Entry(name: name, kind: kind))
        }
        return entries.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The whole of a small file such as a `.gitignore`; `nil` when it cannot be read.
    static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var source = FileDescriptorSource(descriptor: descriptor)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            guard let count = try? chunk.withUnsafeMutableBytes({ try source.read(into: $0) }) else { return nil }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
    }

    /// The absolute path with symbolic links resolved.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `directory/name`, where an empty directory means the current one (its entries are then
    /// named without a `./` prefix).
    static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func status(of path: String, follow: Bool) throws(Failure) -> stat {
        var info = stat()
        let result = follow ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { throw Failure(path: path, errno: errno) }
        return info
    }

    private static func kind(ofMode mode: mode_t) -> EntryKind {
        switch mode & S_IFMT {
        case S_IFDIR: .directory
        case S_IFREG: .regular
        case S_IFLNK: .symbolicLink
        default: .other
        }
    }
}
