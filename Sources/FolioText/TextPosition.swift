#if canImport(Glibc)
    import Glibc
#endif

/// A 1-based line and column inside one file, columns counted in Unicode scalars: the one
/// position type of Folio (YAML nodes, Markdown nodes, diagnostics all use it).
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

/// Line starts of a UTF-8 text: the one place that turns byte offsets and byte columns (cmark's,
/// a JSON reader's, a UTF-8 check's) into positions.
public struct LineIndex: Sendable {
    let bytes: [UInt8]
    let starts: [Int]

    /// Indexes `text`'s lines.
    public init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// Indexes the lines of UTF-8 bytes (which need not be valid UTF-8).
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        // memchr from newline to newline (a loop over every byte was 1.3% of a build).
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
                offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                starts.append(offset)
            }
        }
        self.starts = starts
    }

    /// The position of a 1-based line and 1-based byte column.
    public func position(line: Int, byteColumn: Int) -> TextPosition {
        guard line >= 1, line <= starts.count, byteColumn > 1 else {
            return TextPosition(line: max(line, 1), column: max(byteColumn, 1))
        }
        let start = starts[line - 1]
        let end = min(start + byteColumn - 1, bytes.count)
        guard start < end else { return TextPosition(line: line, column: 1) }
        // Scalars are the bytes that do not continue one (10xxxxxx).
        let continuing = bytes.withUnsafeBufferPointer { Self.continuationBytes(in: $0, from: start, to: end) }
        return TextPosition(line: line, column: end - start - continuing + 1)
    }

    /// How many bytes of `bytes[from..<to]` continue a UTF-8 sequence (10xxxxxx), eight bytes at
    /// a time, the last few read in the word they start when the buffer holds it: a byte at a
    /// time, finding the columns of a page's links and headings (from the start of their long
    /// paragraph lines) was 0.9% of a build's instructions.
    static func continuationBytes(in bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Int {
        guard let base = bytes.baseAddress, from < end else { return 0 }
        let raw = UnsafeRawPointer(base)
        // Bit 7 of a byte of `word & ~(word << 1)` is its bit 7 and not its bit 6.
        func count(_ word: UInt64) -> Int { (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount }
        var total = 0
        var offset = from
        while offset + 8 <= end {
            total &+= count(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        guard offset < end else { return total }
        if offset + 8 <= bytes.count {
            let kept = UInt64(1) << (8 * UInt64(end - offset)) &- 1
            return total &+ count(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) & kept)
        }
        while offset < end {
            total &+= Int((base[offset] & 0xC0) == 0x80 ? 1 : 0)
            offset += 1
        }
        return total
    }

    /// The byte offset of a 1-based line and 1-based byte column (clamped to the text).
    public func offset(line: Int, byteColumn: Int) -> Int {
        guard line >= 1, line <= starts.count else { return line < 1 ? 0 : bytes.count }
        return min(starts[line - 1] + max(byteColumn, 1) - 1, bytes.count)
    }

    /// The line and scalar column of a byte offset.
    public func position(ofByte offset: Int) -> TextPosition {
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return position(line: low + 1, byteColumn: offset - starts[low] + 1)
    }

    /// The offset of the first occurrence of `needle` at or after `start` (on the same line only,
    /// when asked).
    public func find(_ needle: [UInt8], from start: Int, sameLine: Bool = false) -> Int? {
        guard !needle.isEmpty else { return start }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, start >= 0, start < buffer.count else { return nil }
            // The search ends at the end of the line, when asked, or of the text.
            var limit = buffer.count
            if sameLine, let newline = memchr(base + start, 0x0A, buffer.count - start) {
                limit = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            }
            return needle.withUnsafeBufferPointer { ByteSearch.firstOffset(of: $0, in: buffer, from: start, upTo: limit) }
        }
    }
}
