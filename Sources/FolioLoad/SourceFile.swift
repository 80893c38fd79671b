import Foundation

/// A Markdown page found by the load stage; the parse stage reads it (on every core).
package struct SourceFile: Sendable {
    /// Repository-relative path: `content/guide/setup.md`.
    package let path: String
    /// Path inside the content folder: `guide/setup.md`.
    package let contentPath: String
    /// Where to read it.
    let absolutePath: String

    /// The repository root, which the file must not lead out of.
    let root: String
    /// `limits.file_size`: the largest page read.
    var limit = FileGate.limit

    /// The file's bytes, read through ``FileGate``.
    package func read() -> Result<[UInt8], FileGate.Problem> {
        FileGate.read(absolutePath, root: root, limit: limit)
    }
}

/// UTF-8 validation that says where the first bad byte is.
package enum UTF8Check {
    /// The byte offset of the first invalid UTF-8 sequence, or `nil` when the text is valid.
    package static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            var minimum: UInt32 = 0
            switch lead {
            case 0x00...0x7F: index += 1; continue
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            var scalar = UInt32(lead) & (0xFF >> (length + 1))
            for offset in 1..<length {
                let byte = bytes[index + offset]
                guard byte & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            index += length
        }
        return nil
    }
}
