import Glibc

/// Unbuffered writes to stderr, for warnings, progress and the summary.
enum StandardError {
    static var isTerminal: Bool { isatty(2) == 1 }

    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
