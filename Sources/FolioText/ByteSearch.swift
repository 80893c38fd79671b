import CFolioSystem

#if canImport(Glibc)
    import Glibc
#endif

/// Finding bytes in bytes, the one way every parser of Folio does it: glibc's `memmem`, and
/// `memchr` for a single byte. Never on `Character`s, which merge a marker or a quote with a
/// combining mark that follows it. (A sequence was once `memchr` for its first byte, then
/// `memcmp`: for `<table` in HTML, a call for every tag; a sixth of a page's parse went to
/// `containsBytes` and the table wrapper.)
package enum ByteSearch {
    /// The offset of the first `needle` in `bytes[start..<end]` (the match inside it too), or
    /// `nil`; `nil` for an empty needle.
    package static func firstOffset(
        of needle: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, upTo end: Int? = nil
    ) -> Int? {
        let end = min(end ?? bytes.count, bytes.count)
        guard !needle.isEmpty, let base = bytes.baseAddress, start >= 0, start + needle.count <= end,
            let found = folio_memmem(base + start, end - start, needle.baseAddress!, needle.count)
        else { return nil }
        return UnsafeRawPointer(base).distance(to: found)
    }

    /// The offset of the first `byte` in `bytes` from `start`, or `nil`: glibc's `memchr`.
    package static func firstOffset(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        guard let base = bytes.baseAddress, start >= 0, start < bytes.count, let found = memchr(base + start, Int32(byte), bytes.count - start)
        else { return nil }
        return UnsafeRawPointer(base).distance(to: found)
    }

    /// The same for arrays.
    package static func firstOffset(of needle: [UInt8], in bytes: [UInt8], from start: Int = 0, upTo end: Int? = nil) -> Int? {
        needle.withUnsafeBufferPointer { needle in bytes.withUnsafeBufferPointer { firstOffset(of: needle, in: $0, from: start, upTo: end) } }
    }
}
