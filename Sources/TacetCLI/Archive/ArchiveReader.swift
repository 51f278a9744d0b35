/// Lists the members of zip, tar and gzip files held in memory, so their contents can be
/// scanned. Only stored and deflated zip members are read (not encrypted ones, not ZIP64);
/// tar members are regular files, with GNU long names; a gzip file is one member, a tar when
/// its content is one.
enum ArchiveReader {
    enum Format: Equatable {
        case zip, tar, gzip
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The format the first bytes of a file show, if any.
    static func format(of head: some Collection<UInt8>) -> Format? {
        let bytes = Array(head.prefix(512))
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if bytes.starts(with: [0x1F, 0x8B]) { return .gzip }
        if bytes.count >= 262, bytes[257..<262].elementsEqual("ustar".utf8) { return .tar }
        return nil
    }

    /// Calls `body` with each member's name and content (at most `limit` bytes each; bigger
    /// members are passed to `skipped` instead).
    static func forEachMember(
        of bytes: [UInt8], format: Format, limit: Int, skipped: (String, String) -> Void,
        _ body: (String, [UInt8]) -> Void
    ) throws(Failure) {
        switch format {
        case .zip: try zipMembers(bytes, limit: limit, skipped: skipped, body)
        case .tar: try tarMembers(bytes[...], limit: limit, skipped: skipped, body)
        case .gzip:
            let (content, truncated) = try gunzip(bytes, limit: limit)
            if truncated { return skipped("", "bigger than the size limit when decompressed") }
            if self.format(of: content) == .tar {
                try tarMembers(content[...], limit: limit, skipped: skipped, body)
            } else {
                body("", content)
            }
        }
    }

    private static func gunzip(_ bytes: [UInt8], limit: Int) throws(Failure) -> ([UInt8], Bool) {
        do {
            return try Inflater.inflate(bytes[...], format: .gzip, limit: limit)
        } catch {
            throw Failure(description: "gzip: \(error)")
        }
    }

    // MARK: zip

    private static func zipMembers(
        _ bytes: [UInt8], limit: Int, skipped: (String, String) -> Void, _ body: (String, [UInt8]) -> Void
    ) throws(Failure) {
        // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        guard bytes.count >= 22,
            let end = stride(from: bytes.count - 22, through: lowest, by: -1).first(where: { uint32(bytes, $0) == 0x0605_4B50 })
        else { throw Failure(description: "zip: no central directory") }
        let count = Int(uint16(bytes, end + 10))
        var entry = Int(uint32(bytes, end + 16))
        for _ in 0..<count {
            guard entry + 46 <= bytes.count, uint32(bytes, entry) == 0x0201_4B50 else {
                throw Failure(description: "zip: central directory is damaged")
            }
            let flags = uint16(bytes, entry + 8), method = uint16(bytes, entry + 10)
            let compressed = Int(uint32(bytes, entry + 20)), size = Int(uint32(bytes, entry + 24))
            let nameLength = Int(uint16(bytes, entry + 28))
            let extraLength = Int(uint16(bytes, entry + 30)), commentLength = Int(uint16(bytes, entry + 32))
            let local = Int(uint32(bytes, entry + 42))
            guard entry + 46 + nameLength <= bytes.count else { throw Failure(description: "zip: name past the end") }
            let name = String(decoding: bytes[(entry + 46)..<(entry + 46 + nameLength)], as: UTF8.self)
            entry += 46 + nameLength + extraLength + commentLength
            if name.hasSuffix("/") { continue }
            if flags & 1 != 0 { skipped(name, "encrypted"); continue }
            if compressed == 0xFFFF_FFFF || size == 0xFFFF_FFFF { skipped(name, "ZIP64 is not supported"); continue }
            if size > limit { skipped(name, "bigger than the size limit"); continue }
            guard local + 30 <= bytes.count, uint32(bytes, local) == 0x0403_4B50 else {
                throw Failure(description: "zip: \(name): local header is damaged")
            }
            let start = local + 30 + Int(uint16(bytes, local + 26)) + Int(uint16(bytes, local + 28))
            guard start + compressed <= bytes.count else { throw Failure(description: "zip: \(name): data past the end") }
            switch method {
            case 0:
                body(name, Array(bytes[start..<(start + compressed)]))
            case 8:
                do {
                    let (content, truncated) = try Inflater.inflate(
                        bytes[start..<(start + compressed)], format: .rawDeflate, limit: limit)
                    if truncated { skipped(name, "bigger than the size limit") } else { body(name, content) }
                } catch {
                    throw Failure(description: "zip: \(name): \(error)")
                }
            default:
                skipped(name, "compression method \(method) is not supported")
            }
        }
    }

    // MARK: tar

    private static func tarMembers(
        _ bytes: ArraySlice<UInt8>, limit: Int, skipped: (String, String) -> Void, _ body: (String, [UInt8]) -> Void
    ) throws(Failure) {
        var offset = bytes.startIndex
        var longName: String?
        while offset + 512 <= bytes.endIndex {
            let header = bytes[offset..<(offset + 512)]
            if header.allSatisfy({ $0 == 0 }) { return }
            guard let size = octal(header.dropFirst(124).prefix(12)) else {
                throw Failure(description: "tar: bad size field at offset \(offset - bytes.startIndex)")
            }
            let type = header[header.startIndex + 156]
            let dataStart = offset + 512
            guard dataStart + size <= bytes.endIndex else { throw Failure(description: "tar: member data past the end") }
            let data = bytes[dataStart..<(dataStart + size)]
            offset = dataStart + (size + 511) / 512 * 512
            var name = longName ?? field(header.dropFirst(0).prefix(100))
            if longName == nil, header.dropFirst(257).prefix(5).elementsEqual("ustar".utf8) {
                let prefix = field(header.dropFirst(345).prefix(155))
                if !prefix.isEmpty { name = prefix + "/" + name }
            }
            switch type {
            case UInt8(ascii: "L"):
                longName = field(data)
                continue
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                if size > limit { skipped(name, "bigger than the size limit") } else { body(name, Array(data)) }
            default:
                break  // directories, links, devices, pax headers
            }
            longName = nil
        }
    }

    /// A NUL-terminated text field.
    private static func field(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// A tar number: octal digits, spaces and NULs around them.
    private static func octal(_ bytes: ArraySlice<UInt8>) -> Int? {
        let digits = bytes.drop { $0 == UInt8(ascii: " ") }.prefix { $0 != 0 && $0 != UInt8(ascii: " ") }
        guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }), digits.count <= 11 else { return nil }
        return digits.reduce(0) { $0 * 8 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        guard at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
