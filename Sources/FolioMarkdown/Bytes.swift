/// The offset of the first `needle` in `bytes` at or after `start`, comparing bytes (never
/// `Character`s, which merge a marker or a quote with a combining mark that follows it).
func firstOffset(of needle: [UInt8], in bytes: [UInt8], from start: Int = 0) -> Int? {
    guard let first = needle.first, needle.count <= bytes.count, start <= bytes.count - needle.count else { return nil }
    for index in start...(bytes.count - needle.count) where bytes[index] == first {
        if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
    }
    return nil
}
