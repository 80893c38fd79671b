import FolioText
import Foundation

/// Reading lines as bytes: indentation, fences, list items, blank lines.
extension BlockExtensions {
    // MARK: Lines

    static func isBlank(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }

    /// The bytes and columns of a line's indentation (a tab counts to the next multiple of 4).
    static func indentation(_ bytes: [UInt8]) -> (bytes: Int, columns: Int) {
        var count = 0, columns = 0
        while count < bytes.count {
            if bytes[count] == UInt8(ascii: " ") {
                columns += 1
            } else if bytes[count] == UInt8(ascii: "\t") {
                columns += 4 - columns % 4
            } else {
                break
            }
            count += 1
        }
        return (count, columns)
    }

    /// `bytes` without spaces and tabs around them (and a `\r` at the end), as an array whose
    /// indices start at 0: a slice kept its parent's indices, and `rest[1]` read past the end of
    /// `>\t[!NOTE]` (found by fuzzing).
    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        var slice = bytes[...]
        while let first = slice.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { slice = slice.dropFirst() }
        while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r") { slice = slice.dropLast() }
        return Array(slice)
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> [UInt8] { trimmed(Array(bytes)) }

    static func unquoted(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 2, let first = bytes.first, first == bytes.last, first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") else {
            return bytes
        }
        return Array(bytes.dropFirst().dropLast())
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? { ByteSearch.firstOffset(of: needle, in: bytes) }

    /// A fence that opens on this line: its character, length and indentation.
    static func fenceOpening(_ content: [UInt8]) -> (UInt8, Int, Int)? {
        let (start, columns) = indentation(content)
        guard start < content.count else { return nil }
        let character = content[start]
        guard character == UInt8(ascii: "`") || character == UInt8(ascii: "~") else { return nil }
        var length = 0
        while start + length < content.count, content[start + length] == character { length += 1 }
        guard length >= 3 else { return nil }
        if character == UInt8(ascii: "`"), content[(start + length)...].contains(UInt8(ascii: "`")) { return nil }
        return (character, length, columns)
    }

    /// Whether this line closes the fence: the same character, at least as many, indented less
    /// than 4 past the opening fence's line (an indented fence is the fence's content).
    static func closesFence(_ bytes: [UInt8], _ fence: (UInt8, Int, Int)) -> Bool {
        guard indentation(bytes).columns < fence.2 + 4 else { return false }
        let line = trimmed(bytes)
        return line.count >= fence.1 && line.allSatisfy { $0 == fence.0 }
    }

    /// The content indentation of a list item that starts this line (`- `, `* `, `1. `), by
    /// Python-Markdown's rule: nested blocks are indented 4 from the marker.
    static func listItemContentIndent(_ content: [UInt8]) -> Int? {
        guard let first = content.first else { return nil }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") {
            return content.count > 1 && (content[1] == UInt8(ascii: " ") || content[1] == UInt8(ascii: "\t")) ? 4 : nil
        }
        var digits = 0
        while digits < content.count, content[digits] >= UInt8(ascii: "0"), content[digits] <= UInt8(ascii: "9") { digits += 1 }
        guard digits > 0, digits < 10, digits + 1 < content.count, content[digits] == UInt8(ascii: ".") || content[digits] == UInt8(ascii: ")"),
            content[digits + 1] == UInt8(ascii: " ")
        else { return nil }
        return 4
    }

    static func capitalized(_ type: String) -> String {
        guard let first = type.first else { return type }
        return first.uppercased() + type.dropFirst()
    }
}
