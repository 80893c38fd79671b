/// A 1-based line and column (Unicode scalars) inside one file.
public struct TextPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int

    /// Makes a position.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: TextPosition, rhs: TextPosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// Line starts of a UTF-8 text, to turn byte columns (cmark's) into scalar columns (Folio's).
struct LineIndex {
    let bytes: [UInt8]
    let starts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        self.starts = starts
    }

    /// The position of a 1-based line and 1-based byte column.
    func position(line: Int, byteColumn: Int) -> TextPosition {
        guard line >= 1, line <= starts.count, byteColumn > 1 else {
            return TextPosition(line: max(line, 1), column: max(byteColumn, 1))
        }
        let start = starts[line - 1]
        let end = min(start + byteColumn - 1, bytes.count)
        var scalars = 0
        for byte in bytes[start..<end] where byte & 0xC0 != 0x80 { scalars += 1 }
        return TextPosition(line: line, column: scalars + 1)
    }
}
