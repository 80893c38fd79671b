import Foundation

/// Where a line of the text cmark-gfm parses came from: which file (`nil`: the page itself),
/// which line, and how many characters were taken off its start (an admonition's indentation,
/// a GitHub alert's `> `), so a position cmark-gfm reports maps back to the file.
public struct LineOrigin: Sendable, Equatable {
    public var file: String?
    public var line: Int
    public var shift: Int

    public init(file: String? = nil, line: Int, shift: Int = 0) {
        self.file = file
        self.line = line
        self.shift = shift
    }
}

/// A problem an extension found in the page's text: a snippet that cannot be read, a
/// duplicate `{#id}`. FolioCore reports it as a diagnostic.
public struct ExtensionFinding: Sendable, Equatable {
    public var rule: String
    public var message: String
    public var file: String?
    public var position: TextPosition
    public var isError: Bool
}

/// Reads the file a snippet names (`--8<-- "path"`), refusing what lies outside the repository:
/// returns its repository path and text, or why not.
public typealias SnippetReader = @Sendable (_ path: String) -> Result<(path: String, text: String), SnippetError>

/// Why a snippet was not included.
public struct SnippetError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

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
    private var tabSets = 0
    /// Whether a tab set has ids made from its labels (they are known once rendered).
    private(set) var hasSlugTabs = false
    private var output: [Line] = []

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
    private static func withoutMarkers(_ bytes: [UInt8]) -> [UInt8] {
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

    // MARK: Snippets

    static let snippetMark = Array("--8<--".utf8)

    private mutating func expandSnippets(_ lines: [Line], depth: Int, including seen: inout [String]) -> [Line] {
        guard lines.contains(where: { Self.find(Self.snippetMark, in: $0.bytes) != nil }) else { return lines }
        var result: [Line] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let (indentBytes, _) = Self.indentation(line.bytes)
            let content = Array(line.bytes[indentBytes...])
            let indent = Array(line.bytes[..<indentBytes])
            if content.first == UInt8(ascii: ";"), content.dropFirst().starts(with: Self.snippetMark) {
                // `;--8<--` is the escaped form: shown as written, without the `;`.
                result.append(Line(bytes: indent + content.dropFirst(), origin: line.origin))
                index += 1
                continue
            }
            guard content.starts(with: Self.snippetMark) else {
                result.append(line)
                index += 1
                continue
            }
            let rest = Self.trimmed(Array(content.dropFirst(Self.snippetMark.count)))
            if rest.isEmpty {
                // Block form: one path per line until the closing `--8<--`.
                var end = index + 1
                while end < lines.count, !Self.trimmed(lines[end].bytes).elementsEqual(Self.snippetMark) { end += 1 }
                guard end < lines.count else {
                    result.append(line)
                    index += 1
                    continue
                }
                for pathLine in lines[(index + 1)..<end] {
                    let name = Self.unquoted(Self.trimmed(pathLine.bytes))
                    guard !name.isEmpty, name.first != UInt8(ascii: "#") else { continue }
                    result += snippet(String(decoding: name, as: UTF8.self), at: pathLine.origin, indent: indent, depth: depth, including: &seen)
                }
                index = end + 1
                continue
            }
            let name = Self.unquoted(rest)
            result += snippet(String(decoding: name, as: UTF8.self), at: line.origin, indent: indent, depth: depth, including: &seen)
            index += 1
        }
        return result
    }

    /// The lines of one snippet (`file.md`, `file.md:3:5` for lines 3 to 5), indented as the
    /// line that named it and expanded in turn; a cycle or a refused path includes nothing.
    private mutating func snippet(
        _ name: String, at origin: LineOrigin, indent: [UInt8], depth: Int, including seen: inout [String], reportsMissing: Bool = true
    ) -> [Line] {
        guard let reader = snippetReader else { return [] }
        var path = name
        var range: ClosedRange<Int>?
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count >= 2, let start = Int(parts[parts.count - (parts.count >= 3 && Int(parts[parts.count - 2]) != nil ? 2 : 1)]) {
            let hasEnd = parts.count >= 3 && Int(parts[parts.count - 2]) != nil
            let end = hasEnd ? Int(parts[parts.count - 1]) ?? start : Int.max
            path = parts.dropLast(hasEnd ? 2 : 1).joined(separator: ":")
            range = max(1, start)...max(max(1, start), end)
        }
        let position = TextPosition(line: origin.line, column: origin.shift + indent.count + 1)
        guard depth < 8, !seen.contains(path) else {
            findings.append(
                ExtensionFinding(
                    rule: "snippet.cycle", message: "snippet '\(path)' includes itself (through \(seen.joined(separator: " -> "))); it was left out",
                    file: origin.file, position: position, isError: true))
            return []
        }
        switch reader(path) {
        case .failure(let error):
            if reportsMissing || !error.message.contains("no such file") {
                findings.append(ExtensionFinding(rule: "snippet.missing", message: "snippet '\(path)': \(error.message)", file: origin.file, position: position, isError: true))
            }
            return []
        case .success(let file):
            var lines: [Line] = []
            var number = 0
            var slices = Self.lineSlices(Array(file.text.utf8))
            if slices.last?.isEmpty == true { slices.removeLast() }
            for slice in slices {
                number += 1
                if let range, !range.contains(number) { continue }
                var bytes = Self.withoutMarkers(Array(slice))
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                lines.append(Line(bytes: indent + bytes, origin: LineOrigin(file: file.path, line: number, shift: -indent.count)))
            }
            seen.append(path)
            defer { seen.removeLast() }
            return expandSnippets(lines, depth: depth + 1, including: &seen)
        }
    }

    // MARK: Abbreviations

    /// Takes out `*[TERM]: title` lines (leaving them blank, so lines do not move).
    private mutating func takingAbbreviations(_ lines: [Line]) -> [Line] {
        var result = lines
        var fence: (UInt8, Int, Int)?
        for index in result.indices {
            let bytes = result[index].bytes
            if let open = fence {
                if Self.closesFence(bytes, open) { fence = nil }
                continue
            }
            if let opened = Self.fenceOpening(bytes) {
                fence = opened
                continue
            }
            guard bytes.starts(with: Array("*[".utf8)), let close = Self.find(Array("]:".utf8), in: bytes), close > 2 else { continue }
            let term = String(decoding: bytes[2..<close], as: UTF8.self)
            let title = String(decoding: Self.trimmed(Array(bytes[(close + 2)...])), as: UTF8.self)
            abbreviations.removeAll { $0.term == term }
            abbreviations.append((term, title))
            result[index].bytes = []
        }
        return result
    }

    /// Blanks every definition of a reference label but the last (Python-Markdown keeps the last).
    static func keepingLastReferences(_ lines: [Line]) -> [Line] {
        var byLabel: [String: [Int]] = [:]
        var fence: (UInt8, Int, Int)?
        for (index, line) in lines.enumerated() {
            if let open = fence {
                if closesFence(line.bytes, open) { fence = nil }
                continue
            }
            if let opened = fenceOpening(line.bytes) {
                fence = opened
                continue
            }
            let (skip, columns) = indentation(line.bytes)
            guard columns < 8, skip < line.bytes.count, line.bytes[skip] == UInt8(ascii: "["),
                let close = line.bytes[skip...].firstIndex(of: UInt8(ascii: "]")), close + 1 < line.bytes.count,
                line.bytes[close + 1] == UInt8(ascii: ":"), close > skip + 1, line.bytes[skip + 1] != UInt8(ascii: "^")
            else { continue }
            let label = String(decoding: line.bytes[(skip + 1)..<close], as: UTF8.self).lowercased()
                .split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            byLabel[label, default: []].append(index)
        }
        var result = lines
        for indexes in byLabel.values where indexes.count > 1 {
            for index in indexes.dropLast() { result[index].bytes = [] }
        }
        return result
    }

    // MARK: Containers

    private mutating func emit(_ line: Line) { output.append(line) }

    private mutating func emitBlank(_ origin: LineOrigin) { output.append(Line(bytes: [], origin: origin)) }

    /// A marker paragraph for `fragment` (with a title: the title's Markdown after the marker),
    /// surrounded by blank lines.
    private mutating func emitMarker(_ fragment: Fragment, indent: Int, origin: LineOrigin, title: [UInt8]? = nil, titleShift: Int = 0) {
        fragments.append(fragment)
        var bytes = [UInt8](repeating: UInt8(ascii: " "), count: indent)
        bytes += [0xEE, 0x80, 0x80] + Array(String(fragments.count - 1).utf8) + [0xEE, 0x80, 0x81]
        var markerOrigin = origin
        if let title {
            // The title's first character is at `titleShift` in the source line, and after the
            // indentation, the two marker characters and the number here.
            let prefixScalars = indent + 2 + String(fragments.count - 1).utf8.count
            bytes += title + [0xEE, 0x80, 0x82]
            markerOrigin.shift = origin.shift + titleShift - prefixScalars
        }
        if output.last.map({ !Self.isBlank($0.bytes) }) ?? false { emitBlank(origin) }
        output.append(Line(bytes: bytes, origin: markerOrigin))
        emitBlank(origin)
    }

    /// Rewrites `lines` (relative indentation 0) into `output`.
    private mutating func process(_ lines: ArraySlice<Line>) {
        var index = lines.startIndex
        var fence: (UInt8, Int, Int)?
        /// The content indentation of the list items the current line may belong to.
        var listIndents: [Int] = []
        var htmlDepth: [(name: [UInt8], depth: Int)] = []
        while index < lines.endIndex {
            let line = lines[index]
            if let open = fence {
                emit(line)
                if Self.closesFence(line.bytes, open) { fence = nil }
                index += 1
                continue
            }
            if Self.isBlank(line.bytes) {
                emit(line)
                index += 1
                continue
            }
            let (indentBytes, indent) = Self.indentation(line.bytes)
            let content = Array(line.bytes[indentBytes...])
            while let last = listIndents.last, indent < last - 2 { listIndents.removeLast() }
            let atBlockIndent = indent == 0 || (indent % 4 == 0 && listIndents.contains(indent))
            if indent < 4 || atBlockIndent, let opened = Self.fenceOpening(line.bytes) {
                fence = opened
                emit(line)
                index += 1
                continue
            }
            if indent < 4, let contentIndent = Self.listItemContentIndent(content) {
                listIndents.append(indent + contentIndent)
            }
            guard atBlockIndent else {
                emit(line)
                index += 1
                continue
            }
            if let header = Self.container(content, extensions) {
                index = container(header, lines, at: index, indent: indent)
                continue
            }
            if extensions.has(.defList), Self.definitionStart(content) != nil, let end = definitionList(lines, at: index, indent: indent) {
                index = end
                continue
            }
            if extensions.has(.mdInHTML), indent == 0, let (name, cleaned) = Self.markdownHTMLOpening(content) {
                // `<div markdown>`: the tag alone on its line, then its content as Markdown.
                emitBlank(line.origin)
                emit(Line(bytes: cleaned, origin: line.origin))
                emitBlank(line.origin)
                htmlDepth.append((name, 1))
                index += 1
                continue
            }
            if let open = htmlDepth.last, indent == 0 {
                let opening = Array("<".utf8) + open.name
                let closing = Array("</".utf8) + open.name + Array(">".utf8)
                if Self.trimmed(content).elementsEqual(closing) {
                    if open.depth == 1 {
                        htmlDepth.removeLast()
                        emitBlank(line.origin)
                        emit(line)
                        emitBlank(line.origin)
                    } else {
                        htmlDepth[htmlDepth.count - 1].depth -= 1
                        emit(line)
                    }
                    index += 1
                    continue
                }
                if content.starts(with: opening), content.count > opening.count, [UInt8(ascii: " "), UInt8(ascii: ">")].contains(content[opening.count]) {
                    htmlDepth[htmlDepth.count - 1].depth += 1
                }
            }
            emit(line)
            index += 1
        }
    }

    /// What starts a container.
    struct Header {
        enum Kind { case admonition, details(open: Bool), tab(selected: Bool, newSet: Bool), alert }
        var kind: Kind
        var classes: [String]
        /// The title as written (`nil`: the default one; empty: none).
        var title: [UInt8]?
        /// Where the title starts in the line's content.
        var titleOffset: Int
    }

    static let alertTypes = ["NOTE": "note", "TIP": "tip", "IMPORTANT": "important", "WARNING": "warning", "CAUTION": "caution"]

    static func container(_ content: [UInt8], _ extensions: MarkdownExtensions) -> Header? {
        guard content.count >= 3 else { return nil }
        let first = content[0]
        if first == UInt8(ascii: ">") {
            // `> [!NOTE]`: GitHub's alert, always on.
            var offset = 1
            while offset < content.count, content[offset] == UInt8(ascii: " ") { offset += 1 }
            let rest = trimmed(Array(content[offset...]))
            guard rest.count > 4, rest.first == UInt8(ascii: "["), rest[1] == UInt8(ascii: "!"), rest.last == UInt8(ascii: "]") else { return nil }
            let name = String(decoding: rest[2..<(rest.count - 1)], as: UTF8.self).uppercased()
            guard let type = alertTypes[name] else { return nil }
            return Header(kind: .alert, classes: [type], title: nil, titleOffset: 0)
        }
        guard content[1] == first, content[2] == first else { return nil }
        var offset = 3
        let kind: Header.Kind
        switch first {
        case UInt8(ascii: "!") where extensions.has(.admonition):
            kind = .admonition
        case UInt8(ascii: "?") where extensions.has(.details):
            let open = offset < content.count && content[offset] == UInt8(ascii: "+")
            if open { offset += 1 }
            kind = .details(open: open)
        case UInt8(ascii: "=") where extensions.has(.tabbed):
            var selected = false, newSet = false
            while offset < content.count, content[offset] == UInt8(ascii: "+") || content[offset] == UInt8(ascii: "!") {
                if content[offset] == UInt8(ascii: "+") { selected = true } else { newSet = true }
                offset += 1
            }
            kind = .tab(selected: selected, newSet: newSet)
        default:
            return nil
        }
        // ` type more-classes "Title"`, every part optional except a tab's quoted title.
        var classes: [String] = []
        var title: [UInt8]?
        var titleOffset = 0
        while offset < content.count {
            while offset < content.count, content[offset] == UInt8(ascii: " ") { offset += 1 }
            guard offset < content.count else { break }
            if content[offset] == UInt8(ascii: "\"") {
                guard let close = content[(offset + 1)...].lastIndex(of: UInt8(ascii: "\"")) else { return nil }
                guard trimmed(Array(content[(close + 1)...])).isEmpty else { return nil }
                title = Array(content[(offset + 1)..<close])
                titleOffset = offset + 1
                offset = content.count
                break
            }
            var end = offset
            while end < content.count, isWordByte(content[end]) { end += 1 }
            guard end > offset, end == content.count || content[end] == UInt8(ascii: " ") else { return nil }
            classes.append(String(decoding: content[offset..<end], as: UTF8.self).lowercased())
            offset = end
        }
        if case .tab = kind, title == nil { return nil }
        if case .admonition = kind, classes.isEmpty { return nil }
        return Header(kind: kind, classes: classes, title: title, titleOffset: titleOffset)
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default: return byte >= 0x80
        }
    }

    /// The body of a container that starts at `start`: the lines after it indented by 4 more
    /// (blank lines inside it kept, blank lines after it not). Returns the end of the body.
    private static func bodyEnd(_ lines: ArraySlice<Line>, after start: Int, indent: Int) -> Int {
        var end = start + 1
        var last = start + 1
        while end < lines.endIndex {
            let bytes = lines[end].bytes
            if isBlank(bytes) {
                end += 1
                continue
            }
            guard indentation(bytes).columns >= indent + 4 else { break }
            end += 1
            last = end
        }
        return last
    }

    /// Lines with `columns` of indentation taken off (a tab counts to the next multiple of 4).
    private static func dedented(_ lines: ArraySlice<Line>, by columns: Int) -> [Line] {
        lines.map { line in
            var taken = 0, column = 0
            var bytes = line.bytes
            while taken < bytes.count, column < columns {
                if bytes[taken] == UInt8(ascii: " ") {
                    column += 1
                } else if bytes[taken] == UInt8(ascii: "\t") {
                    let width = 4 - column % 4
                    if column + width > columns {
                        // A tab wider than what is left: the rest of it stays as spaces.
                        bytes.replaceSubrange(taken...taken, with: [UInt8](repeating: UInt8(ascii: " "), count: column + width - columns))
                        break
                    }
                    column += width
                } else {
                    break
                }
                taken += 1
            }
            var origin = line.origin
            origin.shift += taken
            return Line(bytes: Array(bytes[taken...]), origin: origin)
        }
    }

    /// Writes lines processed at indentation 0 back at `indent`.
    private mutating func processIndented(_ body: [Line], indent: Int) {
        guard indent > 0 else {
            process(body[...])
            return
        }
        let start = output.count
        process(body[...])
        let prefix = [UInt8](repeating: UInt8(ascii: " "), count: indent)
        for index in start..<output.count where !output[index].bytes.isEmpty {
            output[index].bytes = prefix + output[index].bytes
            output[index].origin.shift -= indent
        }
    }

    private mutating func container(_ header: Header, _ lines: ArraySlice<Line>, at start: Int, indent: Int) -> Int {
        let line = lines[start]
        let titleShift = Self.indentation(line.bytes).bytes + header.titleOffset
        switch header.kind {
        case .alert:
            // The body: the following lines that start with `>`, without it.
            var end = start + 1
            var body: [Line] = []
            while end < lines.endIndex {
                let bytes = lines[end].bytes
                let (skip, _) = Self.indentation(bytes)
                guard skip < bytes.count, bytes[skip] == UInt8(ascii: ">") else { break }
                var cut = skip + 1
                if cut < bytes.count, bytes[cut] == UInt8(ascii: " ") { cut += 1 }
                var origin = lines[end].origin
                origin.shift += cut
                body.append(Line(bytes: Array(bytes[cut...]), origin: origin))
                end += 1
            }
            let type = header.classes[0]
            emitMarker(.raw("<div class=\"admonition \(type)\">\n"), indent: indent, origin: line.origin)
            emitMarker(
                .title(open: "<p class=\"admonition-title\">", close: "</p>\n"), indent: indent, origin: line.origin,
                title: Array(Self.capitalized(type).utf8))
            processIndented(body, indent: indent)
            emitMarker(.raw("</div>\n"), indent: indent, origin: line.origin)
            return end
        case .admonition, .details:
            let end = Self.bodyEnd(lines, after: start, indent: indent)
            let isDetails: Bool
            if case .details = header.kind { isDetails = true } else { isDetails = false }
            let classes = header.classes.map(escapeHTMLAttribute).joined(separator: " ")
            let title = header.title ?? Array(Self.capitalized(header.classes.first ?? (isDetails ? "details" : "note")).utf8)
            if case .details(let open) = header.kind {
                emitMarker(
                    .raw("<details\(classes.isEmpty ? "" : " class=\"\(classes)\"")\(open ? " open=\"open\"" : "")>"), indent: indent,
                    origin: line.origin)
                emitMarker(.title(open: "<summary>", close: "</summary>\n"), indent: indent, origin: line.origin, title: title, titleShift: titleShift)
            } else {
                emitMarker(.raw("<div class=\"admonition \(classes)\">\n"), indent: indent, origin: line.origin)
                if !title.isEmpty {
                    emitMarker(
                        .title(open: "<p class=\"admonition-title\">", close: "</p>\n"), indent: indent, origin: line.origin, title: title,
                        titleShift: header.title == nil ? 0 : titleShift)
                }
            }
            processIndented(Self.dedented(lines[(start + 1)..<end], by: indent + 4), indent: indent)
            emitMarker(.raw(isDetails ? "</details>\n" : "</div>\n"), indent: indent, origin: line.origin)
            return end
        case .tab:
            // A set: this tab and the ones that follow it, blank lines between them allowed.
            var tabs: [(header: Header, line: Int, end: Int)] = []
            var cursor = start
            var current = header
            while true {
                let end = Self.bodyEnd(lines, after: cursor, indent: indent)
                tabs.append((current, cursor, end))
                var next = end
                while next < lines.endIndex, Self.isBlank(lines[next].bytes) { next += 1 }
                guard next < lines.endIndex else { break }
                let (skip, columns) = Self.indentation(lines[next].bytes)
                guard columns == indent, let following = Self.container(Array(lines[next].bytes[skip...]), extensions),
                    case .tab(_, let newSet) = following.kind, !newSet
                else { break }
                cursor = next
                current = following
            }
            tabSets += 1
            let set = tabSets
            var selected = tabs.firstIndex { if case .tab(true, _) = $0.header.kind { return true } else { return false } } ?? 0
            if selected >= tabs.count { selected = 0 }
            // Tab ids: `__tabbed_1_2`, or the label's slug (after the heading's id and `--`,
            // which ``finish(_:fragments:)`` fills in at U+E004).
            if extensions.tabbedSlugify { hasSlugTabs = true }
            let ids: [String] = tabs.indices.map { number in
                guard extensions.tabbedSlugify else { return "__tabbed_\(set)_\(number + 1)" }
                let label = InlineRewriter.removingShortcodes(String(decoding: tabs[number].header.title ?? [], as: UTF8.self))
                // U+E005 marks an id to make unique when rendered.
                return "\u{E005}" + (extensions.tabbedCombineHeaderSlug ? "\u{E004}" : "") + escapeHTMLAttribute(Self.tabSlug(label))
            }
            var opening = "<div class=\"tabbed-set tabbed-alternate\" data-tabs=\"\(set):\(tabs.count)\">"
            for number in tabs.indices {
                opening += "<input\(number == selected ? " checked=\"checked\"" : "") id=\"\(ids[number])\" name=\"__tabbed_\(set)\" type=\"radio\" />"
            }
            opening += "<div class=\"tabbed-labels\">"
            emitMarker(.raw(opening), indent: indent, origin: line.origin)
            for (number, tab) in tabs.enumerated() {
                let tabLine = lines[tab.line]
                emitMarker(
                    .title(open: "<label for=\"\(ids[number])\">", close: "</label>"), indent: indent, origin: tabLine.origin,
                    title: tab.header.title ?? [], titleShift: Self.indentation(tabLine.bytes).bytes + tab.header.titleOffset)
            }
            emitMarker(.raw("</div>\n<div class=\"tabbed-content\">\n"), indent: indent, origin: line.origin)
            for tab in tabs {
                emitMarker(.raw("<div class=\"tabbed-block\">\n"), indent: indent, origin: lines[tab.line].origin)
                processIndented(Self.dedented(lines[(tab.line + 1)..<tab.end], by: indent + 4), indent: indent)
                emitMarker(.raw("</div>\n"), indent: indent, origin: lines[tab.line].origin)
            }
            emitMarker(.raw("</div>\n</div>\n"), indent: indent, origin: line.origin)
            return tabs.last!.end
        }
    }

    /// pymdownx.slugs.slugify(case="lower"): trimmed, lowercased, then only word characters,
    /// `-` and spaces kept, and each space becomes `-` (`... or even me` -> `-or-even-me`).
    static func tabSlug(_ label: String) -> String {
        let trimmed = label.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let kept = trimmed.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "-" || $0 == " " }
        return String(String.UnicodeScalarView(kept)).replacingOccurrences(of: " ", with: "-")
    }

    // MARK: Definition lists

    /// `:   definition` after a paragraph of terms: returns the length of the prefix (`:` and
    /// its spaces) when `content` starts a definition.
    static func definitionStart(_ content: [UInt8]) -> Int? {
        guard content.first == UInt8(ascii: ":"), content.count > 2 else { return nil }
        var offset = 1
        while offset < content.count, offset <= 4, content[offset] == UInt8(ascii: " ") { offset += 1 }
        guard offset > 1, offset <= 4, offset < content.count else { return nil }
        return offset
    }

    /// A definition list ending at the last definition that follows: the terms are the lines
    /// already written since the last blank line. `nil` when there are none.
    private mutating func definitionList(_ lines: ArraySlice<Line>, at start: Int, indent: Int, terms given: [Line]? = nil) -> Int? {
        var termStart = output.count
        while termStart > 0, !Self.isBlank(output[termStart - 1].bytes) { termStart -= 1 }
        let terms = given ?? Array(output[termStart...])
        var continuing = false
        if terms.isEmpty {
            // A definition after a blank line continues the list just written, if any; else
            // the paragraph (or HTML) before the blank line holds its terms, as Python-Markdown
            // reads a loose list.
            var last = output.count - 1
            while last >= 0, Self.isBlank(output[last].bytes) { last -= 1 }
            guard last >= 0 else { return nil }
            if case .raw("</dd>\n</dl>\n")? = markerFragment(output[last].bytes) {
                output.removeSubrange(last...)
                continuing = true
            } else {
                var first = last
                while first > 0, !Self.isBlank(output[first - 1].bytes) { first -= 1 }
                let previous = Array(output[first...last])
                guard previous.allSatisfy({ Self.isTerm($0.bytes, indent: indent) || Self.isCommentLine($0.bytes, indent: indent) }) else {
                    return nil
                }
                output.removeSubrange(first...)
                return definitionList(lines, at: start, indent: indent, terms: previous)
            }
        } else if given == nil {
            guard terms.allSatisfy({ Self.isTerm($0.bytes, indent: indent) }) else { return nil }
            output.removeSubrange(termStart...)
        }
        let origin = lines[start].origin
        if continuing {
            emitMarker(.raw("</dd>\n"), indent: indent, origin: origin)
        } else {
            if case .raw("</dd>\n</dl>\n")? = lastMarker() {
                // Terms right after a list: the same list.
                var last = output.count - 1
                while last >= 0, Self.isBlank(output[last].bytes) { last -= 1 }
                output.removeSubrange(last...)
                fragments[fragments.count - 1] = .raw("")
                emitMarker(.raw("</dd>\n"), indent: indent, origin: origin)
            } else {
                emitMarker(.raw("<dl>\n"), indent: indent, origin: origin)
            }
            for term in terms {
                let (skip, _) = Self.indentation(term.bytes)
                emitMarker(.title(open: "<dt>", close: "</dt>\n"), indent: indent, origin: term.origin, title: Array(term.bytes[skip...]), titleShift: skip)
            }
        }
        var cursor = start
        var first = true
        while cursor < lines.endIndex {
            let (skip, columns) = Self.indentation(lines[cursor].bytes)
            guard columns == indent, let prefix = Self.definitionStart(Array(lines[cursor].bytes[skip...])) else { break }
            if !first { emitMarker(.raw("</dd>\n"), indent: indent, origin: lines[cursor].origin) }
            first = false
            emitMarker(.raw("<dd>\n"), indent: indent, origin: lines[cursor].origin)
            let end = Self.bodyEnd(lines, after: cursor, indent: indent)
            var firstLine = lines[cursor]
            firstLine.bytes = [UInt8](repeating: UInt8(ascii: " "), count: indent + 4) + Array(firstLine.bytes[(skip + prefix)...])
            firstLine.origin.shift += skip + prefix - indent - 4
            var body = [firstLine]
            body += lines[(cursor + 1)..<end]
            processIndented(Self.dedented(body[...], by: indent + 4), indent: indent)
            cursor = end
            var next = cursor
            while next < lines.endIndex, Self.isBlank(lines[next].bytes) { next += 1 }
            guard next < lines.endIndex, Self.indentation(lines[next].bytes).columns == indent,
                Self.definitionStart(Array(lines[next].bytes[Self.indentation(lines[next].bytes).bytes...])) != nil
            else { break }
            cursor = next
        }
        emitMarker(.raw("</dd>\n</dl>\n"), indent: indent, origin: origin)
        return cursor
    }

    /// A line that can be a term: a paragraph line at the list's indentation, not a heading,
    /// quote, table row, HTML, list item or marker.
    private static func isTerm(_ bytes: [UInt8], indent: Int) -> Bool {
        let (skip, columns) = indentation(bytes)
        guard columns == indent, skip < bytes.count, !bytes.contains(0xEE) else { return false }
        let content = Array(bytes[skip...])
        if "#>|<".utf8.contains(content[0]) || listItemContentIndent(content) != nil || fenceOpening(content) != nil { return false }
        return true
    }

    /// `<!-- … -->` alone on a line: Python-Markdown keeps it in a paragraph, which can be a term.
    private static func isCommentLine(_ bytes: [UInt8], indent: Int) -> Bool {
        let (skip, columns) = indentation(bytes)
        let content = trimmed(Array(bytes[skip...]))
        return columns == indent && content.starts(with: Array("<!--".utf8)) && content.reversed().starts(with: Array("-->".utf8).reversed())
    }

    private func markerFragment(_ bytes: [UInt8]) -> Fragment? {
        let trimmed = Array(Self.trimmed(bytes))
        guard trimmed.starts(with: [0xEE, 0x80, 0x80]), let end = Self.find([0xEE, 0x80, 0x81], in: trimmed),
            let number = Int(String(decoding: trimmed[3..<end], as: UTF8.self)), fragments.indices.contains(number)
        else { return nil }
        return fragments[number]
    }

    private func lastMarker() -> Fragment? {
        var last = output.count - 1
        while last >= 0, Self.isBlank(output[last].bytes) { last -= 1 }
        return last >= 0 ? markerFragment(output[last].bytes) : nil
    }

    // MARK: HTML with markdown

    /// `<div class="x" markdown>` (or `markdown="1"`, `"block"`) alone on a line: the tag's name
    /// and the line without the attribute.
    static func markdownHTMLOpening(_ content: [UInt8]) -> ([UInt8], [UInt8])? {
        let line = trimmed(content)
        guard line.first == UInt8(ascii: "<"), line.last == UInt8(ascii: ">"), line.count > 3 else { return nil }
        var end = 1
        while end < line.count, isWordByte(line[end]), line[end] < 0x80 { end += 1 }
        let name = Array(line[1..<end])
        guard !name.isEmpty, name.first.map({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) == true else { return nil }
        // Drop ` markdown` / ` markdown="…"` from the tag.
        for variant in [" markdown=\"1\"", " markdown=\"block\"", " markdown=\"span\"", " markdown='1'", " markdown"] {
            let pattern = Array(variant.utf8)
            if let found = find(pattern, in: Array(line)) {
                let after = found + pattern.count
                let next = line[line.startIndex + after]
                if next != UInt8(ascii: ">") && next != UInt8(ascii: " ") && next != UInt8(ascii: "/") { continue }
                var cleaned = Array(line)
                cleaned.removeSubrange(found..<after)
                return (name, cleaned)
            }
        }
        return nil
    }

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

    static func trimmed(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var slice = bytes[...]
        while let first = slice.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { slice = slice.dropFirst() }
        while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r") { slice = slice.dropLast() }
        return slice
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> { trimmed(Array(bytes)) }

    static func unquoted(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard bytes.count >= 2, let first = bytes.first, first == bytes.last, first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") else {
            return bytes
        }
        return bytes.dropFirst().dropLast()
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? { firstOffset(of: needle, in: bytes) }

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

    // MARK: Rendering

    /// `id="` and `for="` followed by U+E005: a tab id to make unique when rendered.
    static let tabIDMark: [UInt8] = Array("id=\"".utf8) + [0xEE, 0x80, 0x85]
    static let tabForMark: [UInt8] = Array("for=\"".utf8) + [0xEE, 0x80, 0x85]

    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool { firstOffset(of: needle, in: bytes) != nil }

    /// The rendered HTML with every marker paragraph replaced by its fragment.
    static func finish(_ html: String, fragments: [Fragment]) -> String {
        guard !fragments.isEmpty else { return html }
        let bytes = Array(html.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + fragments.count * 32)
        var pendingClose: [[UInt8]] = []
        var usedTabIDs: Set<[UInt8]> = []
        var tabRenames: [[UInt8]: [UInt8]] = [:]
        var index = 0
        let paragraphOpen = Array("<p>".utf8), paragraphClose = Array("</p>".utf8)
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0xEE, index + 2 < bytes.count, bytes[index + 1] == 0x80 else {
                result.append(byte)
                index += 1
                continue
            }
            switch bytes[index + 2] {
            case 0x80:
                var end = index + 3
                while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") { end += 1 }
                guard end + 2 < bytes.count, bytes[end] == 0xEE, bytes[end + 1] == 0x80, bytes[end + 2] == 0x81,
                    let number = Int(String(decoding: bytes[(index + 3)..<end], as: UTF8.self)), fragments.indices.contains(number)
                else {
                    result.append(byte)
                    index += 1
                    continue
                }
                let inParagraph = result.count >= 3 && result[(result.count - 3)...].elementsEqual(paragraphOpen)
                if inParagraph { result.removeLast(3) }
                index = end + 3
                switch fragments[number] {
                case .raw(let html) where BlockExtensions.contains(Array(html.utf8), Self.tabIDMark):
                    // A slugified tab set: U+E004 is the id of the heading before it, then `-`;
                    // an id already used on the page gets `_1`, `_2`, and its label follows it.
                    // Read as bytes: a label that starts with a combining mark would make one
                    // Character with the marker (found by fuzzing).
                    let heading = Array(lastHeadingID(in: result).utf8)
                    tabRenames = [:]
                    let fragment = Array(html.utf8)
                    var cursor = 0
                    while let found = firstOffset(of: Self.tabIDMark, in: fragment, from: cursor) {
                        result += fragment[cursor..<found]
                        result += Array("id=\"".utf8)
                        let valueStart = found + Self.tabIDMark.count
                        let valueEnd = fragment[valueStart...].firstIndex(of: UInt8(ascii: "\"")) ?? fragment.count
                        let written = Array(fragment[valueStart..<valueEnd])
                        var id: [UInt8] = []
                        var position = 0
                        while position < written.count {
                            if written[position...].starts(with: [0xEE, 0x80, 0x84]) {
                                if !heading.isEmpty { id += heading + [UInt8(ascii: "-")] }
                                position += 3
                            } else {
                                id.append(written[position])
                                position += 1
                            }
                        }
                        var unique = id
                        var number = 0
                        while usedTabIDs.contains(unique) {
                            number += 1
                            unique = id + Array("_\(number)".utf8)
                        }
                        usedTabIDs.insert(unique)
                        tabRenames[written] = unique
                        result += unique
                        cursor = valueEnd
                    }
                    result += fragment[cursor...]
                    if inParagraph, bytes[index...].starts(with: paragraphClose[...]) {
                        index += 4
                        if index < bytes.count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
                    }
                case .raw(let html):
                    result += Array(html.utf8)
                    if inParagraph, bytes[index...].starts(with: paragraphClose[...]) {
                        index += 4
                        if index < bytes.count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
                    }
                case .title(let open, let close) where BlockExtensions.contains(Array(open.utf8), Self.tabForMark):
                    let opening = Array(open.utf8)
                    let found = firstOffset(of: Self.tabForMark, in: opening)!
                    let valueStart = found + Self.tabForMark.count
                    let valueEnd = opening[valueStart...].firstIndex(of: UInt8(ascii: "\"")) ?? opening.count
                    let written = Array(opening[valueStart..<valueEnd])
                    result += opening[..<found] + Array("for=\"".utf8) + (tabRenames[written] ?? written) + opening[valueEnd...]
                    pendingClose.append(Array(close.utf8) + (inParagraph ? paragraphClose : []))
                case .title(let open, let close):
                    result += Array(open.utf8)
                    pendingClose.append(Array(close.utf8) + (inParagraph ? paragraphClose : []))
                }
            case 0x82:
                index += 3
                guard !pendingClose.isEmpty else { continue }
                let close = pendingClose.removeLast()
                let hadParagraph = close.count >= 4 && close[(close.count - 4)...].elementsEqual(paragraphClose)
                if hadParagraph, bytes[index...].starts(with: paragraphClose[...]) {
                    result += close.dropLast(4)
                    index += 4
                    if index < bytes.count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
                } else {
                    result += hadParagraph ? close.dropLast(4) : close[...]
                }
            default:
                result.append(byte)
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// The id of the last heading in rendered HTML (`<h2 id="x"`), or "".
private func lastHeadingID(in html: [UInt8]) -> String {
    var index = html.count - 8
    while index >= 0 {
        if html[index] == UInt8(ascii: "<"), html[index + 1] == UInt8(ascii: "h"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(html[index + 2]),
            html[(index + 3)...].starts(with: Array(" id=\"".utf8))
        {
            let start = index + 8
            let end = html[start...].firstIndex(of: UInt8(ascii: "\"")) ?? html.count
            return String(decoding: html[start..<end], as: UTF8.self)
        }
        index -= 1
    }
    return ""
}

/// Escapes `&`, `<`, `>` and `"` for an attribute value.
func escapeHTMLAttribute(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result
}
