/// The progress line on stderr: only when stderr is a terminal, only once the scan has run for
/// a second, redrawn at most ten times a second, and erased before anything else is printed.
struct ProgressLine {
    let enabled: Bool
    /// `nil` when not known in advance (a repository's history).
    let totalFiles: Int?
    private let started = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private(set) var isShown = false

    init(enabled: Bool, totalFiles: Int?) {
        self.enabled = enabled
        self.totalFiles = totalFiles
    }

    mutating func update(_ progress: ScanPool.Progress) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - started >= .seconds(1) else { return }
        if let lastDrawn, now - lastDrawn < .milliseconds(100) { return }
        lastDrawn = now
        let seconds = Summary.seconds(now - started)
        StandardError.write(
            "\r\u{1B}[Kscanning: \(progress.files)\(totalFiles.map { "/\($0)" } ?? "") files, \(Summary.megabytes(progress.bytes)), "
                + "\(Summary.megabytes(Int(Double(progress.bytes) / max(seconds, 0.001))))/s")
        isShown = true
    }

    mutating func clear() {
        guard isShown else { return }
        StandardError.write("\r\u{1B}[K")
        isShown = false
    }
}
