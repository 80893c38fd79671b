#if canImport(Glibc)
    import Glibc
#endif

/// Finding bytes in bytes, the one way every parser of Folio does it: candidates for the first
/// byte found with `memchr` (vectorized), then compared with `memcmp`. Never on `Character`s,
/// which merge a marker or a quote with a combining mark that follows it.
package enum ByteSearch {
    /// The offset of the first `needle` in `bytes[start..<end]` (the match inside it too), or
    /// `nil`; `nil` for an empty needle.
    package static func firstOffset(
        of needle: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, upTo end: Int? = nil
    ) -> Int? {
        let end = min(end ?? bytes.count, bytes.count)
        guard let first = needle.first, let base = bytes.baseAddress, start >= 0 else { return nil }
        var index = start
        while index + needle.count <= end, let found = memchr(base + index, Int32(first), end - needle.count - index + 1) {
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + index, needle.baseAddress!, needle.count) == 0 { return index }
            index += 1
        }
        return nil
    }

    /// The same for arrays.
    package static func firstOffset(of needle: [UInt8], in bytes: [UInt8], from start: Int = 0, upTo end: Int? = nil) -> Int? {
        needle.withUnsafeBufferPointer { needle in bytes.withUnsafeBufferPointer { firstOffset(of: needle, in: $0, from: start, upTo: end) } }
    }
}
