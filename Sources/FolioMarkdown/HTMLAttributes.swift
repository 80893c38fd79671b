import FolioText
/// Attributes of the tags in a piece of HTML, read byte by byte without building a DOM.
///
/// Used for raw HTML in Markdown (its `href` and `src` are links, its `id` and `name` anchors)
/// and for the rendered body of a page (every `id` in it is an anchor). Text outside tags is
/// skipped; comments, doctypes and processing instructions are skipped whole.
public struct HTMLAttribute: Sendable, Equatable {
    /// The attribute name, lowercased.
    public var name: String
    /// The value with character references decoded (`&amp;` -> `&`).
    public var value: String
    /// Byte offsets of the value as written (inside the quotes, if any).
    public var valueRange: Range<Int>
}

/// Reads the attributes of HTML tags (see `HTMLAttribute`).
public enum HTMLAttributes {
    /// Every attribute of every tag in `html`, in order.
    public static func scan(_ html: String) -> [HTMLAttribute] {
        scan(Array(html.utf8))
    }

    /// Every attribute of every tag in `bytes`, in order.
    public static func scan(_ bytes: [UInt8]) -> [HTMLAttribute] {
        var result: [HTMLAttribute] = []
        var index = 0
        while let open = nextTag(bytes, from: index) {
            index = readTag(bytes, at: open, into: &result)
        }
        return result
    }

    /// The offset of the next `<` that starts a start tag, skipping comments and declarations.
    private static func nextTag(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count else {
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                let isComment = bytes[index...].starts(with: Array("<!--".utf8))
                index = skip(bytes, from: index + 2, past: isComment ? Array("-->".utf8) : [UInt8(ascii: ">")])
                continue
            }
            if isLetter(next) { return index }
            index += 1
        }
        return nil
    }

    /// Reads the attributes of the tag at `open`; returns the offset after it.
    private static func readTag(_ bytes: [UInt8], at open: Int, into result: inout [HTMLAttribute]) -> Int {
        var index = open + 1
        while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") {
            index += 1
        }
        while index < bytes.count {
            while index < bytes.count, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1 }
            guard index < bytes.count, bytes[index] != UInt8(ascii: ">") else { return index + 1 }
            let nameStart = index
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: ">"),
                bytes[index] != UInt8(ascii: "/") || index == nameStart
            {
                index += 1
            }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            var cursor = index
            while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
            guard cursor < bytes.count else { return cursor }
            let range: Range<Int>
            (range, index) = value(in: bytes, at: cursor)
            result.append(HTMLAttribute(name: name, value: decodeReferences(bytes[range]), valueRange: range))
        }
        return index
    }

    /// An attribute value starting at `cursor` (just after `=` and spaces), as a browser reads it:
    /// inside `"` or `'` up to the same quote, else up to a space or `>`. Returns the value's bytes
    /// and where reading goes on.
    static func value(in bytes: [UInt8], at cursor: Int) -> (range: Range<Int>, next: Int) {
        let quote = cursor < bytes.count ? bytes[cursor] : 0
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            let end = bytes[(cursor + 1)...].firstIndex(of: quote) ?? bytes.count
            return ((cursor + 1)..<end, min(end + 1, bytes.count))
        }
        var end = cursor
        while end < bytes.count, !isSpace(bytes[end]), bytes[end] != UInt8(ascii: ">") { end += 1 }
        return (cursor..<end, end)
    }

    /// The offset just after the next `terminator` (`-->`, `</h2>`) from `start`, or the end.
    public static func skip(_ bytes: [UInt8], from start: Int, past terminator: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { skip($0, from: start, past: terminator) }
    }

    /// The same in bytes lent by their owner.
    public static func skip(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, past terminator: [UInt8]) -> Int {
        guard !terminator.isEmpty else { return start }
        guard start < bytes.count,
            let found = terminator.withUnsafeBufferPointer({ ByteSearch.firstOffset(of: $0, in: bytes, from: start) })
        else { return bytes.count }
        return found + terminator.count
    }

    /// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and numeric character references.
    public static func decodeReferences(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        // Byte by byte, never Character by Character: a "prepend" scalar (U+06DD) joins the `&`
        // after it into one Character, which hid the reference (found by fuzzing the sanitizer).
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&"),
                let semicolon = bytes[(index + 1)..<min(index + 12, bytes.endIndex)].firstIndex(of: UInt8(ascii: ";")),
                let decoded = reference(Substring(String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)))
            else {
                result.append(byte)
                index += 1
                continue
            }
            result += Array(decoded.utf8)
            index = semicolon + 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func reference(_ name: Substring) -> String? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }
}
