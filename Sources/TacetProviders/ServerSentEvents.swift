/// One event of a `text/event-stream` (WHATWG HTML, "Server-sent events"), as written: its
/// lines, so an event can be written again with only its data changed.
struct ServerSentEvent: Sendable {
    /// The event's bytes, its terminating blank line included.
    var raw: [UInt8]
    /// Its lines without line endings (the blank terminator excluded).
    var lines: [ArraySlice<UInt8>]
    var lineEnding: [UInt8]
    /// The `data:` lines joined by `\n`; `nil` without any.
    var data: [UInt8]?

    init(raw: [UInt8]) {
        self.raw = raw
        lineEnding = raw.contains(0x0D) ? [0x0D, 0x0A] : [0x0A]
        var lines = raw.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        self.lines = lines
        for line in lines {
            if let value = Self.value(of: "data", in: line) {
                data = data.map { $0 + [0x0A] + value } ?? Array(value)
            }
        }
    }

    /// The value of a `field:` line (one leading space dropped), or `nil` for another field.
    static func value(of field: String, in line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let name = field.utf8
        guard line.count > name.count, line.starts(with: name), line[line.startIndex + name.count] == UInt8(ascii: ":") else {
            return nil
        }
        var value = line.dropFirst(name.count + 1)
        if value.first == 0x20 { value = value.dropFirst() }
        return value
    }

    /// The event written again with `data` in place of its data lines (one `data:` line per
    /// line of it, where the first data line was) and every other line as it was.
    func replacingData(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count + 64)
        var wroteData = false
        for line in lines {
            if Self.value(of: "data", in: line) != nil {
                guard !wroteData else { continue }
                wroteData = true
                for dataLine in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
                    output += Array("data: ".utf8) + dataLine + lineEnding
                }
            } else {
                output += line + lineEnding
            }
        }
        return output + lineEnding
    }
}

/// Cuts a `text/event-stream` arriving in chunks of any size into whole events.
struct ServerSentEventSplitter: Sendable {
    private var buffer: [UInt8] = []
    /// Where the search for the next event's end goes on from.
    private var searched = 0

    /// Whole events completed by `chunk`, each with its terminating blank line.
    mutating func feed(_ chunk: some Collection<UInt8>) -> [[UInt8]] {
        buffer += chunk
        var events: [[UInt8]] = []
        var start = 0
        var index = max(searched, 0)
        while index < buffer.count {
            if buffer[index] == 0x0A {
                // A line feed followed by an empty line (LF or CR LF) ends an event.
                if index + 1 < buffer.count, buffer[index + 1] == 0x0A {
                    events.append(Array(buffer[start...(index + 1)]))
                    start = index + 2
                    index = start
                    continue
                }
                if index + 2 < buffer.count, buffer[index + 1] == 0x0D, buffer[index + 2] == 0x0A {
                    events.append(Array(buffer[start...(index + 2)]))
                    start = index + 3
                    index = start
                    continue
                }
            }
            index += 1
        }
        if start > 0 { buffer.removeFirst(start) }
        // The last two bytes may begin an event's end: look at them again next time.
        searched = max(0, buffer.count - 2)
        return events
    }

    /// What is left at the end of the stream: a last event without its blank line, if any.
    mutating func finish() -> [UInt8] {
        defer {
            buffer = []
            searched = 0
        }
        return buffer
    }
}
