import Foundation

/// Rewrites the block syntax cmark-gfm does not know (admonitions, details, tabs, GitHub's
/// alerts, definition lists, `<div markdown>`, snippets, abbreviation definitions) into text it
/// parses: each container becomes marker paragraphs around its dedented body, and the rendered
/// HTML gets the container's tags in place of the markers (``finish(_:)``). The body is
/// Markdown of the same document, so links, reference definitions, code blocks and headings in
/// it are the page's own, and every line keeps its origin for diagnostics.
///
/// Markers are private-use characters U+E000 (start), U+E001 (end of the number) and U+E002
/// (end of a title); the same characters in the input become U+FFFD first.
struct BlockExtensions {
    enum Fragment {
        /// HTML that replaces the marker paragraph.
        case raw(String)
        /// HTML that replaces the paragraph's `<p>` and, at U+E002, its `</p>`.
        case title(open: String, close: String)
    }

    struct Line {
        var bytes: [UInt8]
        var origin: LineOrigin
    }

    let extensions: MarkdownExtensions
    let snippetReader: SnippetReader?
    var fragments: [Fragment] = []
    var findings: [ExtensionFinding] = []
    /// `*[HTML]: Hyper Text Markup Language`, in order of definition.
    var abbreviations: [(term: String, title: String)] = []
    /// Where each term is in `abbreviations`.
    var abbreviationIndex: [String: Int] = [:]
    var tabSets = 0
    /// How many containers the current line is inside.
    var depth = 0
    /// Containers nest at most this deep; deeper, `!!!` is text. Each level copies its body
    /// once more: 2,500 nested callouts in a 12 MB page took 37 s before the limit.
    static let maximumDepth = 16
    /// Whether a tab set has ids made from its labels (they are known once rendered).
    var hasSlugTabs = false
    var output: [Line] = []

    init(extensions: MarkdownExtensions, snippetReader: SnippetReader?) {
        self.extensions = extensions
        self.snippetReader = snippetReader
    }

    /// Whether `bytes` may hold anything this rewrites: a quick scan that lets plain pages skip
    /// it. Only the bytes that start a syntax that is on are looked at (a table lookup per byte:
    /// the first version, a switch on every byte, cost 1.6% of a 10,000-page build).
    static func mayApply(_ bytes: UnsafeBufferPointer<UInt8>, _ extensions: MarkdownExtensions) -> Bool {
        if extensions.has(.snippets) && !extensions.snippetsAutoAppend.isEmpty { return true }
        var triggers = [Bool](repeating: false, count: 256)
        triggers[0xEE] = true
        triggers[Int(UInt8(ascii: "!"))] = true  // `!!!` and GitHub's `[!NOTE]`
        if extensions.has(.details) { triggers[Int(UInt8(ascii: "?"))] = true }
        if extensions.has(.tabbed) { triggers[Int(UInt8(ascii: "="))] = true }
        if extensions.has(.defList) { triggers[Int(UInt8(ascii: ":"))] = true }
        if extensions.lastReferenceWins { triggers[Int(UInt8(ascii: ":"))] = true }
        if extensions.has(.snippets) { triggers[Int(UInt8(ascii: "8"))] = true }
        if extensions.has(.abbr) { triggers[Int(UInt8(ascii: "*"))] = true }
        if extensions.has(.mdInHTML) { triggers[Int(UInt8(ascii: "<"))] = true }
        let count = bytes.count
        var index = 0
        return triggers.withUnsafeBufferPointer { table in
            while index < count {
                let byte = bytes[index]
                guard table[Int(byte)] else {
                    index += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: "!"):
                    if index + 2 < count, bytes[index + 1] == byte, bytes[index + 2] == byte, extensions.has(.admonition) { return true }
                    if index > 0, bytes[index - 1] == UInt8(ascii: "["), index + 1 < count,
                        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[index + 1]) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[index + 1])
                    {
                        return true
                    }
                case UInt8(ascii: "?"), UInt8(ascii: "="):
                    if index + 2 < count, bytes[index + 1] == byte, bytes[index + 2] == byte { return true }
                case UInt8(ascii: ":"):
                    if extensions.has(.defList) { return true }
                    if index > 0, bytes[index - 1] == UInt8(ascii: "]") { return true }
                case UInt8(ascii: "8"): if index >= 2, bytes[index - 1] == UInt8(ascii: "-") { return true }
                case UInt8(ascii: "*"): if index + 1 < count, bytes[index + 1] == UInt8(ascii: "[") { return true }
                case UInt8(ascii: "<"): return true
                default: return true
                }
                index += 1
            }
            return false
        }
    }

    /// The rewritten text and where each of its lines came from.
    mutating func rewrite(_ text: String) -> (text: String, origins: [LineOrigin]) {
        var lines: [Line] = []
        var number = 0
        for slice in Self.lineSlices(Array(text.utf8)) {
            number += 1
            lines.append(Line(bytes: Self.withoutMarkers(Array(slice)), origin: LineOrigin(line: number)))
        }
        if lines.last?.bytes.isEmpty == true { lines.removeLast() }
        if extensions.has(.snippets) {
            var seen: [String] = []
            lines = expandSnippets(lines, depth: 0, including: &seen)
            for path in extensions.snippetsAutoAppend {
                lines.append(Line(bytes: [], origin: lines.last?.origin ?? LineOrigin(line: 1)))
                lines += snippet(path, at: lines.last!.origin, indent: [], depth: 0, including: &seen, reportsMissing: false)
            }
        }
        if extensions.has(.abbr) { lines = takingAbbreviations(lines) }
        if extensions.lastReferenceWins { lines = Self.keepingLastReferences(lines) }
        output = []
        output.reserveCapacity(lines.count + 16)
        process(lines[...])
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 256)
        for line in output {
            bytes += line.bytes
            bytes.append(UInt8(ascii: "\n"))
        }
        return (String(decoding: bytes, as: UTF8.self), output.map(\.origin))
    }

    /// The lines of a text where cmark-gfm ends them: at `\n`, and at a `\r` not followed by
    /// `\n` (found by fuzzing: a lone `\r` is a line to cmark-gfm, and positions drifted).
    /// A `\r` before `\n` stays at the end of its line.
    static func lineSlices(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var slices: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && (index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n"))) {
                slices.append(bytes[start..<index])
                start = index + 1
            }
            index += 1
        }
        slices.append(bytes[start...])
        return slices
    }

    /// U+E000 to U+E005 in the input become U+FFFD (same length in UTF-8: 3 bytes).
    static func withoutMarkers(_ bytes: [UInt8]) -> [UInt8] {
        // A snippet's text did not go through the parser's own replacement of U+0001 to U+0005
        // (its link placeholders and heading ids): those become U+FFFD here too (found by fuzzing).
        if bytes.contains(where: { $0 >= 1 && $0 <= 5 }) {
            var replaced: [UInt8] = []
            replaced.reserveCapacity(bytes.count + 8)
            for byte in bytes { if byte >= 1 && byte <= 5 { replaced += [0xEF, 0xBF, 0xBD] } else { replaced.append(byte) } }
            return withoutMarkers(replaced)
        }
        guard bytes.contains(0xEE) else { return bytes }
        var copy = bytes
        var index = 0
        while index + 2 < copy.count {
            if copy[index] == 0xEE, copy[index + 1] == 0x80, copy[index + 2] <= 0x85 {
                copy[index] = 0xEF
                copy[index + 1] = 0xBF
                copy[index + 2] = 0xBD
            }
            index += 1
        }
        return copy
    }

}
