/// What every input of a scan shares beyond the rules.
struct ScanOptions: Sendable {
    /// Files met while walking, and blobs, bigger than this many bytes are skipped; 0: no limit.
    var maxFileSize = 100 << 20
    /// How many nested encodings (base64, hex, percent) are decoded and scanned; 0: none.
    var decodeDepth = 2
    /// Where blobs are read from (`--git`, `--staged`, `--diff`).
    var catFiles: CatFileGate? = nil
    /// History scans: the line hashes of blobs scanned, to compare their next versions with.
    var lineCache: LineHashCache? = nil
}
