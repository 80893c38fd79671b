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
        var total = 0
        var previousIsText = false
        var current: (line: Int, columns: Int, rows: Int)?
        var number = 0
        func finish() -> LargeTable? {
            guard let table = current else { return nil }
            current = nil
            total += table.columns * table.rows
            return total > maximumCells ? LargeTable(line: table.line, columns: table.columns, rows: table.rows) : nil
        }
        for raw in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            let line = raw.drop { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: ">") || $0 == 0x0D }
            let isBlank = line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if current != nil {
                if isBlank {
                    if let large = finish() { return large }
                } else {
                    current!.rows += 1
                }
                previousIsText = !isBlank
                continue
            }
            if previousIsText, let columns = delimiterColumns(line) {
                current = (number - 1, columns, 2)  // the header and the delimiter row
            }
            previousIsText = !isBlank
        }
        return finish()
    }

    /// The number of cells of a GFM delimiter row (`|---|:-:|`), or `nil` when the line is not one.
    static func delimiterColumns(_ line: Substring.UTF8View.SubSequence) -> Int? {
        var bytes = Array(line)
        while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0D { bytes.removeLast() }
        guard bytes.contains(UInt8(ascii: "-")), bytes.allSatisfy({ "|-: \t".utf8.contains($0) }) else { return nil }
        if bytes.first == UInt8(ascii: "|") { bytes.removeFirst() }
        if bytes.last == UInt8(ascii: "|") { bytes.removeLast() }
        let cells = bytes.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
        guard cells.allSatisfy({ $0.contains(UInt8(ascii: "-")) }) else { return nil }
        // One cell without any pipe is a setext heading underline or a thematic break, not a table.
        return cells.count == 1 && !line.contains(UInt8(ascii: "|")) ? nil : cells.count
    }

    /// Whether `html` is out of proportion to the `markdown` it came from.
    public static func isOverExpanded(html: Int, markdown: Int) -> Bool {
        html > markdown * maximumExpansion + (1 << 20)
    }
}
