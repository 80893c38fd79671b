import FolioText

/// Guards a page before and after cmark-gfm, which Folio links as the system library: Debian's
/// 0.29.0.gfm.6 predates the fixes for CVE-2023-22483 to 22486, CVE-2023-24824, CVE-2023-26485
/// and CVE-2023-37463, and a GFM table fills every row up to its header's width, so a 34 KB page
/// with a 1,000-column header and 10,000 one-cell rows made 10 million cells: 17 s, 2.9 GB and
/// 100 MB of HTML. A page past these limits is refused with an error at its line, and the rest
/// of the site is built.
public enum MarkdownGuard {
    /// The most table cells a page may make (header width x rows, summed over its tables).
    public static let maximumTableCells = 500_000
    /// The most HTML a page may render to: this many times its Markdown, plus a megabyte.
    public static let maximumExpansion = 100

    /// A table too large to build: where it starts and how many cells it would make.
    public struct LargeTable: Sendable, Equatable {
        public let line: Int
        public let columns: Int
        public let rows: Int
        public var cells: Int { columns * rows }
    }

    /// The first table of `text` at which the page's table cells pass `maximumTableCells`, read
    /// as GFM reads tables (a delimiter row of `-`, `:` and `|` under a header row, rows up to the
    /// next blank line), inside block quotes and lists too; `nil` when the page is within it.
    public static func largeTable(in text: String, maximumCells: Int = maximumTableCells) -> LargeTable? {
        var copy = text
        return copy.withUTF8 { largeTable(in: $0, maximumCells: maximumCells) }
    }

    /// One pass over the bytes, line by line, without allocating (it runs for every page).
    static func largeTable(in bytes: UnsafeBufferPointer<UInt8>, maximumCells: Int) -> LargeTable? {
        // A delimiter row has a pipe (``delimiterColumns``): no pipe, no table.
        guard ByteSearch.firstOffset(of: UInt8(ascii: "|"), in: bytes) != nil else { return nil }
        // Lines end at \n (found by memchr) unless the text has a \r.
        let hasCarriageReturn = ByteSearch.firstOffset(of: 0x0D, in: bytes) != nil
        var total = 0
        var previousIsText = false
        var current: (line: Int, columns: Int, rows: Int)?
        var number = 0
        var start = 0
        while start <= bytes.count {
            // Lines end as cmark ends them: at \n, \r\n or a lone \r (found by fuzzing the guard).
            var end = start
            if hasCarriageReturn {
                while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            } else {
                end = ByteSearch.firstOffset(of: 0x0A, in: bytes, from: start) ?? bytes.count
            }
            number += 1
            // The line without the `>` and spaces of block quotes and list indentation.
            var first = start
            while first < end, bytes[first] == 0x20 || bytes[first] == 0x09 || bytes[first] == UInt8(ascii: ">") { first += 1 }
            var last = end
            while last > first, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 { last -= 1 }
            let isBlank = first == last
            if current != nil {
                if isBlank {
                    total += current!.columns * current!.rows
                    if total > maximumCells { return LargeTable(line: current!.line, columns: current!.columns, rows: current!.rows) }
                    current = nil
                } else if let columns = delimiterColumns(bytes, from: first, to: last), columns > current!.columns {
                    // cmark-gfm starts a table only where the header row has as many cells as the
                    // delimiter row, which the guard does not count: what it took for a table may
                    // be a paragraph, with a wider table starting inside it (found by fuzzing).
                    // The rows so far count at their width, and a new table starts at the line
                    // above: either way the count is never below cmark-gfm's (a real table's rows
                    // would all be as wide as its header, fewer cells than this), and a refusal
                    // names the wide table's line.
                    total += current!.columns * (current!.rows - 1)
                    if total > maximumCells { return LargeTable(line: current!.line, columns: current!.columns, rows: current!.rows - 1) }
                    current = (number - 1, columns, 2)
                } else {
                    current!.rows += 1
                }
            } else if previousIsText, let columns = delimiterColumns(bytes, from: first, to: last) {
                current = (number - 1, columns, 2)  // the header and the delimiter row
            }
            previousIsText = !isBlank
            start = end < bytes.count && bytes[end] == 0x0D && end + 1 < bytes.count && bytes[end + 1] == 0x0A ? end + 2 : end + 1
        }
        if let table = current {
            total += table.columns * table.rows
            if total > maximumCells { return LargeTable(line: table.line, columns: table.columns, rows: table.rows) }
        }
        return nil
    }

    /// The number of cells of a GFM delimiter row (`|---|:-:|`) in `bytes[from..<to]`, or `nil`
    /// when it is not one. Spaces are cmark-gfm's table spaces: space, tab, \v and \f.
    static func delimiterColumns(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Int? {
        var to = end
        while to > from, isTableSpace(bytes[to - 1]) { to -= 1 }
        guard from < to else { return nil }
        var pipes = 0, cells = 0
        var cellHasDash = false, sawDash = false, sawColon = false
        var index = from
        let leading = bytes[from] == UInt8(ascii: "|")
        if leading { index += 1 }
        while index < to {
            switch bytes[index] {
            case UInt8(ascii: "-"):
                cellHasDash = true
                sawDash = true
            case UInt8(ascii: ":"):
                sawColon = true
            case let byte where isTableSpace(byte):
                break
            case UInt8(ascii: "|"):
                guard cellHasDash else { return nil }
                pipes += 1
                cells += 1
                cellHasDash = false
            default:
                return nil
            }
            index += 1
        }
        guard sawDash else { return nil }
        if cellHasDash { cells += 1 } else if bytes[to - 1] != UInt8(ascii: "|") || cells == 0 { return nil }
        // One cell without any pipe is a setext heading underline or a thematic break, not a
        // table, unless it aligns: `:-` under a line is a one-column table to cmark-gfm (found by
        // fuzzing).
        return pipes == 0 && !leading && !sawColon ? nil : cells
    }

    /// cmark-gfm's `spacechar` in table rows: space, tab, vertical tab, form feed.
    static func isTableSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C }

    /// Whether `html` is out of proportion to the `markdown` it came from.
    public static func isOverExpanded(html: Int, markdown: Int) -> Bool {
        html > markdown * maximumExpansion + (1 << 20)
    }
}
