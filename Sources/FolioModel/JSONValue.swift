import Foundation

/// A JSON value for the hand-written encoders (fixed key order, byte-identical every run).
package enum JSONValue {
    case string(String)
    case number(Int)
    /// A number that is not an `Int`, as written (`1.5e3`, `1764547200.25`).
    case decimal(String)
    case bool(Bool)
    case null
    indirect case array([JSONValue])
    indirect case object([(String, JSONValue)])

    /// The value of `key` in an object (the last one, when a key repeats, as JSON.parse does).
    package subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last { $0.0 == key }?.1
    }

    /// The pairs of an object, in the order written.
    package var pairs: [(String, JSONValue)]? {
        if case .object(let pairs) = self { return pairs }
        return nil
    }

    /// The items of an array.
    package var items: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The text of a string.
    package var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A number as a `Double`.
    package var double: Double? {
        switch self {
        case .number(let number): return Double(number)
        case .decimal(let written): return Double(written)
        default: return nil
        }
    }

    package var encoded: String {
        switch self {
        case .string(let text): return Self.quote(text)
        case .number(let number): return String(number)
        case .decimal(let written): return written
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.encoded).joined(separator: ",") + "]"
        case .object(let pairs): return "{" + pairs.map { Self.quote($0.0) + ":" + $0.1.encoded }.joined(separator: ",") + "}"
        }
    }

    package static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        appendQuoted(Array(text.utf8), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `bytes` (UTF-8) as a JSON string, appended to `out`: quotes, backslashes and control
    /// characters escaped, and U+2028/U+2029 for older JavaScript. With `escapingLessThan`, `<` is
    /// written `\u003c`, so that no value can close a script element (the search index).
    package static func appendQuoted(_ bytes: [UInt8], to out: inout [UInt8], escapingLessThan: Bool = false) {
        out.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escape go in whole (a byte at a time, this was 2% of a build),
        // each byte told by one table lookup (its five tests were 2% of a build again).
        let escapes = escapingLessThan ? Self.escapesWithLessThan : Self.escapes
        escapes.withUnsafeBufferPointer { escapes in
            bytes.withUnsafeBufferPointer { bytes in
                var (start, index) = (0, 0)
                while index < bytes.count {
                    let byte = bytes[index]
                    guard escapes[Int(byte)] else {
                        index += 1
                        continue
                    }
                    if start < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                    switch byte {
                    case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                    case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                    case UInt8(ascii: "<"): out += "\\u003c".utf8
                    case 0x0A: out += "\\n".utf8
                    case 0x0D: out += "\\r".utf8
                    case 0x09: out += "\\t".utf8
                    case 0..<0x20: out += String(format: "\\u%04x", byte).utf8
                    case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                        out += (bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8
                        index += 2
                    default: out.append(byte)
                    }
                    index += 1
                    start = index
                }
                if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The bytes `appendQuoted` looks at: control characters, `"`, `\`, and 0xE2 (which starts
    /// U+2028 and U+2029); with `<` too, for the search index.
    private static let escapes: [Bool] = (0..<256).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }
    private static let escapesWithLessThan: [Bool] = (0..<256).map { escapes[$0] || $0 == 0x3C }
}
