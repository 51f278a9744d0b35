/// Splits text into pieces of at most `size` UTF-8 bytes, never inside a character's bytes, so
/// streamed events split a placeholder the way a real model's tokens can.
///
/// A piece is longer than `size` only when one character alone is (a 4-byte emoji with size 3).
func textPieces(_ text: String, size: Int) -> [String] {
    let bytes = Array(text.utf8)
    let size = max(1, size)
    var pieces: [String] = []
    var start = 0
    while start < bytes.count {
        var end = min(start + size, bytes.count)
        while end < bytes.count, end > start, isContinuation(bytes[end]) { end -= 1 }
        if end == start {
            end = start + 1
            while end < bytes.count, isContinuation(bytes[end]) { end += 1 }
        }
        pieces.append(String(decoding: bytes[start..<end], as: UTF8.self))
        start = end
    }
    return pieces
}

private func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
