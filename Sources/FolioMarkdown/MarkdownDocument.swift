import FolioText

#if canImport(Glibc)
    import Glibc
#endif

/// Everything later stages need from one Markdown body, from a single parse.
///
/// The HTML does not hold link destinations: each `href`/`src` is a placeholder that
/// `html(hrefs:)` fills in once the site knows where every target is published (as Zola does).
public struct MarkdownDocument: Sendable, Equatable {
    /// Every heading, in order, with its unique id.
    public var headings: [Heading]
    /// Every reference in the body: links, images, autolinks and raw-HTML `href`/`src`, in the
    /// order of their placeholders.
    public var links: [Link]
    /// Every fenced or indented code block.
    public var codeBlocks: [CodeBlock]
    /// Every inline code span, `make llm-setup`, in order.
    public var codeSpans: [CodeSpan] = []
    /// Every `id` (and `name`) a `#fragment` can point at: headings, footnotes, raw HTML.
    public var anchors: [String]
    /// The body as HTML, with a placeholder for each entry of `links`; a build keeps it in a
    /// ``BodySpill`` between parse and render.
    public var html: String {
        get { body.text }
        set { body = .inline(newValue) }
    }
    var body = Body.inline("")
    /// `<!-- folio-ignore-next-line -->` and `<!-- folio-ignore-line -->` comments.
    public var ignoredLines: [IgnoreComment] = []
    /// Whether raw HTML was sanitized: its URLs are then written from their decoded destination
    /// (escaped), never as the author quoted them.
    public var isSanitized = false
    /// Why the page was not parsed (``MarkdownGuard``): what to say, and at which line.
    public var refusal: Refusal?
    /// Problems the extensions found (a snippet that cannot be read, a duplicate `{#id}`).
    public var findings: [ExtensionFinding] = []
    /// Material icon shortcodes (`:material-check:`) left as text: Folio has no icon set.
    public var iconShortcodes: [String] = []

    /// Positions in the rewritten text (``BlockExtensions``) mapped back to the lines they came
    /// from; a line from a snippet names its file.
    mutating func remap(_ origins: [LineOrigin]) {
        func map(_ position: TextPosition) -> (TextPosition, String?) {
            guard position.line >= 1, let last = origins.last else { return (position, nil) }
            // A line past the end (the line after a fence that ends the text) follows the last one.
            guard position.line <= origins.count else {
                return (TextPosition(line: last.line + position.line - origins.count, column: position.column), last.file)
            }
            let origin = origins[position.line - 1]
            return (TextPosition(line: origin.line, column: max(1, position.column + origin.shift)), origin.file)
        }
        for index in headings.indices { headings[index].position = map(headings[index].position).0 }
        for index in links.indices {
            let (position, file) = map(links[index].position)
            links[index].position = position
            if let file { links[index].file = file }
        }
        for index in codeBlocks.indices {
            let (position, file) = map(codeBlocks[index].position)
            codeBlocks[index].position = position
            codeBlocks[index].file = file
        }
        for index in codeSpans.indices {
            let (position, file) = map(codeSpans[index].position)
            codeSpans[index].position = position
            codeSpans[index].file = file
        }
        for index in findings.indices {
            let (position, file) = map(findings[index].position)
            findings[index].position = position
            findings[index].file = file
        }
        for index in ignoredLines.indices {
            ignoredLines[index].line = map(TextPosition(line: ignoredLines[index].line, column: 1)).0.line
            ignoredLines[index].suppressesLine = map(TextPosition(line: ignoredLines[index].suppressesLine, column: 1)).0.line
        }
    }

    /// A page ``MarkdownGuard`` would not parse.
    public struct Refusal: Sendable, Equatable {
        public let line: Int
        public let message: String

        package init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// Makes a document.
    public init(headings: [Heading] = [], links: [Link] = [], codeBlocks: [CodeBlock] = [], anchors: [String] = [], html: String = "") {
        self.headings = headings
        self.links = links
        self.codeBlocks = codeBlocks
        self.anchors = anchors
        self.html = html
    }

    /// The images among `links`.
    public var images: [Link] { links.filter { $0.kind == .image } }

    /// Starts and ends a link placeholder, `\u{3}12\u{4}` for `links[12]`. Input text cannot
    /// contain either byte: the parser replaces control characters before parsing.
    static let placeholderStart: UInt8 = 3
    static let placeholderEnd: UInt8 = 4

    /// The HTML with every placeholder filled in: `hrefs(i)` gives the new URL of `links[i]`, or
    /// `nil` to keep the destination as written. URLs are escaped as cmark-gfm escapes them.
    public func html(hrefs: (Int) -> String?) -> String {
        var html = html
        let result = html.withUTF8 { bytes -> [UInt8]? in
            guard bytes.contains(Self.placeholderStart) else { return nil }
            return Self.replacingMarkers(in: bytes, start: Self.placeholderStart, end: Self.placeholderEnd, reserving: links.count * 16) {
                number, result in
                guard links.indices.contains(number) else { return false }
                let link = links[number]
                if let href = hrefs(number) {
                    result += escapeHref(href).utf8
                } else {
                    result += (link.kind == .html && !isSanitized ? link.written : escapeHref(link.destination)).utf8
                }
                return true
            }
        }
        return result.map { String(decoding: $0, as: UTF8.self) } ?? html
    }

    /// `bytes` with each marker `start` N `end` (N a number) replaced by what `replace(N, &result)`
    /// appends, unless it returns `false`: then the marker stays as it is. With
    /// `swallowingNewline`, a newline right after a marker goes with it. The one pass over the
    /// bytes that fills in link placeholders, renumbers them and puts directives in place.
    private static func replacingMarkers(
        in bytes: UnsafeBufferPointer<UInt8>, start: UInt8, end: UInt8, reserving extra: Int = 0, swallowingNewline: Bool = false,
        _ replace: (Int, inout [UInt8]) -> Bool
    ) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + extra)
        var index = 0
        while index < bytes.count {
            // The text up to the next marker goes in whole (a byte at a time, this loop was 2%
            // of a build).
            let next = ByteSearch.firstOffset(of: start, in: bytes, from: index) ?? bytes.count
            if next > index { result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<next])) }
            index = next
            guard index < bytes.count else { break }
            guard let close = bytes[(index + 1)...].firstIndex(of: end), let number = decimal(bytes[(index + 1)..<close]), replace(number, &result)
            else {
                result.append(start)
                index += 1
                continue
            }
            index = close + 1
            if swallowingNewline, index < bytes.count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
        }
        return result
    }

    /// The number written in ASCII digits, or `nil` (none, something else, or too many).
    private static func decimal(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    /// The HTML as a page shows it when every destination is kept as written.
    public var htmlAsWritten: String { html { _ in nil } }

    /// The info string that makes a fenced block a directive: its body says what to generate.
    public static let directiveLanguage = "folio"
    /// Surrounds the number of a directive's code block in `html`.
    static let directiveMark: UInt8 = 5

    /// The `folio` directive blocks, as indexes into `codeBlocks`.
    public var directiveBlocks: [Int] {
        codeBlocks.indices.filter { codeBlocks[$0].isFenced && codeBlocks[$0].language == Self.directiveLanguage }
    }

    /// This document with each directive block `n` replaced by `generated[n]` (or by nothing):
    /// its HTML put in place, its links appended (placeholders renumbered), its headings placed
    /// after those above the block, its anchors added.
    public func expandingDirectives(_ generated: [Int: MarkdownDocument]) -> MarkdownDocument {
        var result = self
        var htmlByBlock: [Int: [UInt8]] = [:]
        for number in generated.keys.sorted() {
            guard let fragment = generated[number], codeBlocks.indices.contains(number) else { continue }
            let offset = result.links.count
            result.links += fragment.links
            result.anchors += fragment.anchors
            let fenceLine = codeBlocks[number].position.line - 1
            let insertAt = result.headings.firstIndex { $0.position.line > fenceLine } ?? result.headings.endIndex
            result.headings.insert(contentsOf: fragment.headings, at: insertAt)
            htmlByBlock[number] = Self.renumbered(Array(fragment.html.utf8), by: offset)
        }
        guard !html.isEmpty else { return result }
        // A directive's marker is a line of its own; the generated HTML ends with its own newline.
        let output = Array(html.utf8).withUnsafeBufferPointer { bytes in
            Self.replacingMarkers(in: bytes, start: Self.directiveMark, end: Self.directiveMark, swallowingNewline: true) { number, output in
                output += htmlByBlock[number] ?? []
                return true
            }
        }
        result.html = String(decoding: output, as: UTF8.self)
        return result
    }

    /// `html` bytes with every link placeholder's number raised by `offset`.
    private static func renumbered(_ bytes: [UInt8], by offset: Int) -> [UInt8] {
        guard offset > 0, bytes.contains(placeholderStart) else { return bytes }
        return bytes.withUnsafeBufferPointer { bytes in
            replacingMarkers(in: bytes, start: placeholderStart, end: placeholderEnd) { number, result in
                result.append(placeholderStart)
                result.appendDecimal(number + offset)
                result.append(placeholderEnd)
                return true
            }
        }
    }
}

/// An HTML comment that tells the checks to leave one line alone.
public struct IgnoreComment: Sendable, Equatable {
    /// Where the comment is.
    public var line: Int
    /// The line whose findings it suppresses.
    public var suppressesLine: Int

    package init(line: Int, suppressesLine: Int) {
        self.line = line
        self.suppressesLine = suppressesLine
    }
}

/// A heading: level 1-6, plain text (markup stripped), id, position of its first character.
public struct Heading: Sendable, Equatable {
    public var level: Int
    public var text: String
    public var id: String
    public var position: TextPosition

    /// Makes a heading.
    public init(level: Int, text: String, id: String, position: TextPosition) {
        self.level = level
        self.text = text
        self.id = id
        self.position = position
    }
}

/// A link or image destination as written, with where it starts.
///
/// 48 bytes rather than 88 (a site of 10,000 pages holds 165,000), and no allocation of its own:
/// a parsed page's destinations are one string, which each of its links shares and reads its
/// own bytes of (``packed(_:)``); what few links have (the raw-HTML attribute as written, the
/// file of generated content, a text kept for a literate nav) shares one box; the position is
/// kept as two 32-bit numbers.
public struct Link: Sendable, Equatable {
    /// Where a reference came from.
    public enum Kind: String, Sendable, CaseIterable {
        /// `[text](url)`, a reference link, `<url>` or a bare URL.
        case link
        /// `![alt](src)`.
        case image
        /// An `href` or `src` attribute in raw HTML.
        case html
    }

    /// The destination as written, after Markdown unescaping (and, in raw HTML, with character
    /// references decoded), before any rewriting.
    public var destination: String {
        get {
            if start == 0 && Int(count) == destinations.utf8.count { return destinations }
            // From the bytes: slicing the string by indices checked their alignment each time.
            var all = destinations
            return all.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[Int(start)..<Int(start + count)]), as: UTF8.self) }
        }
        set { (destinations, start, count) = (newValue, 0, UInt32(truncatingIfNeeded: newValue.utf8.count)) }
    }
    /// Its own destination, or every destination of its page (`start` and `count` say which
    /// bytes are its own): 165,000 links at 10,000 pages held 14 MB as a string each.
    private var destinations: String
    private var start: UInt32
    private var count: UInt32
    private var line: Int32
    private var column: Int32
    public var kind: Kind
    /// Whether it came from a bare URL (GFM autolink) or `<url>` rather than `[text](url)`.
    public var isAutolink: Bool
    /// `nil` unless `text`, `written` or `file` is set, so that equal links have equal boxes
    /// (the synthesized `==` compares them).
    private var rare: Rare?

    /// What few links have, boxed: one reference in the others.
    private final class Rare: Sendable, Equatable {
        let text: String
        let written: String
        let file: String?

        init(text: String, written: String, file: String?) {
            self.text = text
            self.written = written
            self.file = file
        }

        static func == (left: Rare, right: Rare) -> Bool {
            left.text == right.text && left.written == right.written && left.file == right.file
        }
    }

    public var position: TextPosition {
        get { TextPosition(line: Int(line), column: Int(column)) }
        set { (line, column) = (Self.narrow(newValue.line), Self.narrow(newValue.column)) }
    }

    /// The link's text (the alt text for images, the attribute name for raw HTML). A build keeps
    /// a Markdown link's text only where a stage reads it (``MarkdownParser/keepsLinkText``).
    public var text: String {
        get { rare?.text ?? "" }
        set { setRare(text: newValue, written: written, file: file) }
    }

    /// The attribute value exactly as written in raw HTML (empty for Markdown links).
    public var written: String {
        get { rare?.written ?? "" }
        set { setRare(text: text, written: newValue, file: file) }
    }

    /// The file the link was written in, when it is not the document's own: a link of generated
    /// content comes from a data file (a deliverables file, a table's YAML), and `position` is
    /// then a place in that file.
    public var file: String? {
        get { rare?.file }
        set { setRare(text: text, written: written, file: newValue) }
    }

    private mutating func setRare(text: String, written: String, file: String?) {
        rare = text.isEmpty && written.isEmpty && file == nil ? nil : Rare(text: text, written: written, file: file)
    }

    /// A line or column in 32 bits (a page is far smaller than 2 GB: the file gate's limit).
    private static func narrow(_ number: Int) -> Int32 { Int32(clamping: number) }

    /// `links` sharing one string for their destinations, in a buffer of their size: a build
    /// holds every page's links until it ends, and a string each (most destinations are longer
    /// than the 15 bytes a `String` holds in place) was a tenth of its heap.
    package static func packed(_ links: [Link]) -> [Link] {
        var total = 0
        for link in links { total += Int(link.count) }
        guard links.count > 1, total < Int(UInt32.max) else { return links.fitted() }
        // Copied as bytes: appending each destination to a string checked its capacity and
        // uniqueness every time.
        let all = String(unsafeUninitializedCapacity: total) { buffer in
            var end = 0
            for link in links {
                var destination = link.destination
                end = destination.withUTF8 { UnsafeMutableBufferPointer(rebasing: buffer[end...]).initialize(fromContentsOf: $0) + end }
            }
            return end
        }
        var offset: UInt32 = 0
        return Array(unsafeUninitializedCapacity: links.count) { buffer, initialized in
            for (index, link) in links.enumerated() {
                var shared = link
                (shared.destinations, shared.start) = (all, offset)
                offset += link.count
                (buffer.baseAddress! + index).initialize(to: shared)
            }
            initialized = links.count
        }
    }

    public static func == (left: Link, right: Link) -> Bool {
        left.line == right.line && left.column == right.column && left.kind == right.kind && left.isAutolink == right.isAutolink
            && left.rare == right.rare && left.destination == right.destination
    }

    /// Makes a link.
    public init(
        destination: String, text: String, kind: Kind = .link, isAutolink: Bool = false, position: TextPosition, written: String = ""
    ) {
        (destinations, start, count) = (destination, 0, UInt32(truncatingIfNeeded: destination.utf8.count))
        self.kind = kind
        self.isAutolink = isAutolink
        (line, column) = (Self.narrow(position.line), Self.narrow(position.column))
        rare = text.isEmpty && written.isEmpty ? nil : Rare(text: text, written: written, file: nil)
    }

}

/// An inline code span: its text (without the backticks) and where that text starts.
public struct CodeSpan: Sendable, Equatable {
    public var code: String
    public var position: TextPosition
    /// The snippet file it was written in, when not the page itself.
    public var file: String?

    /// Makes a code span.
    public init(code: String, position: TextPosition) {
        self.code = code
        self.position = position
    }
}

/// A code block: its info string's first word as language, its code, where the code starts.
public struct CodeBlock: Sendable, Equatable {
    /// The first word of the info string (`bash` in ```` ```bash title="x" ````), empty when none.
    public var language: String
    /// The whole info string.
    public var info: String
    public var code: String
    /// Position of the first line of code (the line after the opening fence).
    public var position: TextPosition
    public var isFenced: Bool
    /// The snippet file it was written in, when not the page itself.
    public var file: String?

    /// Makes a code block.
    public init(language: String, info: String, code: String, position: TextPosition, isFenced: Bool) {
        self.language = language
        self.info = info
        self.code = code
        self.position = position
        self.isFenced = isFenced
    }
}
