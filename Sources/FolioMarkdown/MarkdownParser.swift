internal import CCmarkGFM
internal import CCmarkThreads
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// Parses GitHub-flavoured Markdown with the system libcmark-gfm and copies what Folio needs into
/// Swift values. This is the only file that touches cmark-gfm.
///
/// Debian's libcmark-gfm 0.29 toggles a global table during a parse with extensions attached,
/// so two parses at once corrupt each other (measured: `<del>` lost in ~1 page in 5). The
/// `CCmarkThreads` target replaces the toggling function so the table is set once; when that
/// replacement is verified to be in effect, parses run on every core, otherwise each parse and
/// render holds one process-wide lock.
///
/// Links are not resolved here: each link, image and raw-HTML `href`/`src` is rendered with a
/// placeholder that `MarkdownDocument.html(hrefs:)` fills in later, so a parse never depends on
/// where other pages are published.
public struct MarkdownParser: Sendable {
    /// A plain pthread mutex: `Synchronization.Mutex` is a priority-inheritance futex on Linux,
    /// and two threads contending for it spent 21% of a build in the kernel (measured with perf).
    private static let lock = NSLock()
    /// Whether parses may run at once: the special-character table is set for good and the
    /// replacement of its toggle is seen to be called. Checked once, under the lock.
    public static let isThreadSafe: Bool = lock.withLock {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = newParser() else { return false }
        defer { cmark_parser_free(parser) }
        guard folio_cmark_install_special_characters(parser) != 0 else { return false }
        let before = folio_cmark_replacement_calls()
        let sample = "~~struck~~ www.example.org\n"
        cmark_parser_feed(parser, sample, sample.utf8.count)
        guard let root = cmark_parser_finish(parser) else { return false }
        defer { cmark_node_free(root) }
        let html = cmark_render_html(root, 0, cmark_parser_get_syntax_extensions(parser)).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? ""
        return folio_cmark_replacement_calls() > before && containsBytes(html, "<del>struck</del>") && containsBytes(html, "<a href")
    }
    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    /// How heading ids are made.
    public let slugs: SlugStyle
    /// Whether raw HTML passes through (a page's own Markdown). Markdown that comes from YAML
    /// (deliverables, data tables) is parsed without: its HTML is shown as text, escaped, and
    /// holds no links.
    public var allowsRawHTML = true
    /// The texts of headings that already have ids on the page this Markdown is placed in, so
    /// that its own ids do not repeat them.
    public var headingsBefore: [String] = []

    /// Makes a parser.
    public init(slugs: SlugStyle = .github) {
        self.slugs = slugs
    }

    /// U+0001 to U+0005 mark heading ids, link placeholders and directives during rendering (and
    /// are not allowed in HTML), so any in the text become U+FFFD; positions do not move.
    static func withoutSentinels(_ text: String) -> String {
        var copy = text
        guard copy.withUTF8({ $0.contains { $0 >= 1 && $0 <= 5 } }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(scalar.value >= 1 && scalar.value <= 5 ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }

    /// Runs `work` under the lock unless parsing is thread-safe.
    private static func locked<T>(_ work: () -> T) -> T {
        isThreadSafe ? work() : lock.withLock(work)
    }

    /// A parser with Folio's options and extensions (registered by `isThreadSafe`, which every
    /// parse reads first).
    private static func newParser() -> OpaquePointer? {
        guard let parser = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES) else { return nil }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        return parser
    }

    /// Parses `markdown` (a page body whose lines are the file's lines) into a document.
    /// Without `renderingHTML` (a check reads links and anchors only) the document's `html` is
    /// empty, which saves a sixth of the time spent holding the lock.
    public func parse(_ text: String, renderingHTML: Bool = true) -> MarkdownDocument {
        var markdown = Self.withoutSentinels(text)
        let index = LineIndex(markdown)
        // Only feed + finish (inline parsing toggles the global tables) and rendering hold the
        // lock; walking the finished tree reads this document's nodes alone and runs on every core.
        guard let (parser, root) = Self.locked({ () -> (OpaquePointer, OpaquePointer)? in
            guard let parser = Self.newParser() else { return nil }
            markdown.withUTF8 { buffer in
                buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
            }
            guard let root = cmark_parser_finish(parser) else {
                cmark_parser_free(parser)
                return nil
            }
            return (parser, root)
        }) else { return MarkdownDocument() }
        defer {
            cmark_node_free(root)
            cmark_parser_free(parser)
        }
        var slugger = Slugger(style: slugs)
        for text in headingsBefore { _ = slugger.uniqueSlug(text) }
        var walker = TreeWalker(index: index, slugger: slugger, allowsRawHTML: allowsRawHTML)
        walker.walk(root)
        walker.document.anchors = walker.headingNodes.map(\.heading.id) + walker.rawAnchors
        // Footnote ids come from cmark-gfm's renderer, so a page with footnotes is rendered.
        guard renderingHTML || walker.hasFootnotes else { return walker.document }
        walker.replaceLinks()
        walker.markHeadings()
        walker.replaceDirectivesAndRawHTML()
        var document = walker.document
        document.html = Self.locked {
            let rendered = cmark_render_html(root, CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES, cmark_parser_get_syntax_extensions(parser))
            defer { free(rendered) }
            return rendered.map { String(cString: $0) } ?? ""
        }
        guard !document.html.isEmpty else { return document }
        document.html = attachHeadingIds(document.html)
        // Heading ids and raw-HTML ids are known from the walk; cmark-gfm makes footnote ids
        // (`fn-1`, `fnref-1`, `fnref-1-2`) itself, so only a page with footnotes is scanned for them.
        if containsBytes(document.html, "data-footnote") {
            document.anchors = HTMLAttributes.scan(document.html).filter { $0.name == "id" || $0.name == "name" }.map(\.value)
        }
        if !renderingHTML { document.html = "" }
        return document
    }
}

/// Walks a finished cmark tree once, collecting headings, links, images and code blocks.
private struct TreeWalker {
    let index: LineIndex
    var document = MarkdownDocument()
    var slugger: Slugger
    var hasFootnotes = false
    var headingNodes: [(node: OpaquePointer, heading: Heading)] = []
    var linkNodes: [(node: OpaquePointer, number: Int)] = []
    /// `id` and `name` values in raw HTML.
    var rawAnchors: [String] = []
    /// Where the search for the next autolink's text starts: (its block, byte offset).
    var autolinkCursor: (block: OpaquePointer?, offset: Int) = (nil, 0)
    let allowsRawHTML: Bool
    /// `folio` code blocks (by index into `codeBlocks`) and raw HTML to show as text.
    var directiveNodes: [(node: OpaquePointer, number: Int)] = []
    var escapedHTMLNodes: [OpaquePointer] = []

    init(index: LineIndex, slugger: Slugger, allowsRawHTML: Bool) {
        self.index = index
        self.slugger = slugger
        self.allowsRawHTML = allowsRawHTML
    }

    mutating func walk(_ root: OpaquePointer) {
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            visit(node)
        }
    }

    private mutating func visit(_ node: OpaquePointer) {
        var position: TextPosition {
            index.position(line: Int(cmark_node_get_start_line(node)), byteColumn: Int(cmark_node_get_start_column(node)))
        }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING:
            let text = plainText(node)
            let heading = Heading(
                level: Int(cmark_node_get_heading_level(node)), text: text.trimmingSpaces(), id: slugger.uniqueSlug(text), position: position)
            document.headings.append(heading)
            headingNodes.append((node, heading))
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            let destination = string(cmark_node_get_url(node))
            let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
            let text = plainText(node)
            let isAutolink = !isImage && Self.isAutolink(text: text, destination)
            let place = isAutolink ? autolinkPosition(node, text: text) ?? position : position
            linkNodes.append((node, document.links.count))
            document.links.append(
                Link(destination: destination, text: text, kind: isImage ? .image : .link, isAutolink: isAutolink, position: place))
        case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
            guard allowsRawHTML else {
                escapedHTMLNodes.append(node)
                return
            }
            recordIgnoreComments(node)
            replaceHTMLReferences(node, isInline: cmark_node_get_type(node) == CMARK_NODE_HTML_INLINE)
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            hasFootnotes = true
        case CMARK_NODE_CODE:
            let code = string(cmark_node_get_literal(node))
            // Inline nodes have no source position of their own: the text is looked up in the
            // source after the previous inline of the same block, as for autolinks.
            document.codeSpans.append(CodeSpan(code: code, position: autolinkPosition(node, text: code) ?? position))
        case CMARK_NODE_CODE_BLOCK:
            let info = string(cmark_node_get_fence_info(node))
            var length: Int32 = 0, offset: Int32 = 0
            var character: CChar = 0
            let isFenced = cmark_node_get_fenced(node, &length, &offset, &character) != 0
            let start = position
            let codeLine = start.line + (isFenced ? 1 : 0)
            let language = String(info.split(separator: " ").first ?? "")
            // Directives belong to pages; one inside generated content (YAML) stays a code block.
            if isFenced && language == MarkdownDocument.directiveLanguage && allowsRawHTML {
                directiveNodes.append((node, document.codeBlocks.count))
            }
            document.codeBlocks.append(
                CodeBlock(
                    language: language, info: info, code: string(cmark_node_get_literal(node)),
                    position: TextPosition(line: codeLine, column: start.column), isFenced: isFenced))
        default:
            break
        }
    }

    /// `<!-- folio-ignore-next-line -->` and `<!-- folio-ignore-line -->`: the line whose
    /// findings they suppress. A comment that ends a line suppresses the line after its `-->`.
    private mutating func recordIgnoreComments(_ node: OpaquePointer) {
        let text = string(cmark_node_get_literal(node))
        guard containsBytes(text, "folio-ignore-") else { return }
        let literal = Array(text.utf8)
        let line = Int(cmark_node_get_start_line(node))
        for (marker, isNextLine) in [("folio-ignore-next-line", true), ("folio-ignore-line", false)] {
            var from = 0
            let needle = Array(marker.utf8)
            while let found = firstRange(of: needle, in: literal, from: from) {
                from = found + needle.count
                let newlinesBefore = literal[..<found].filter { $0 == UInt8(ascii: "\n") }.count
                var target = line + newlinesBefore
                if isNextLine {
                    let close = firstRange(of: Array("-->".utf8), in: literal, from: found) ?? found
                    target = line + literal[..<close].filter { $0 == UInt8(ascii: "\n") }.count + 1
                }
                document.ignoredLines.append(IgnoreComment(line: line + newlinesBefore, suppressesLine: target))
            }
        }
    }

    private func firstRange(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count, start <= bytes.count - needle.count else { return nil }
        for index in start...(bytes.count - needle.count) where bytes[index] == needle[0] {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
        }
        return nil
    }

    /// A bare URL turned into a link by the autolink extension or `<...>`: its text is its URL.
    private static func isAutolink(text: String, _ destination: String) -> Bool {
        text == destination || "http://" + text == destination || "mailto:" + text == destination
    }

    /// Where an autolink's (or a code span's) text really starts. The autolink extension gives
    /// its links no source position (line 0) or one a column early, and code spans have none, so
    /// the text is looked up in the source, after the previous one of the same block.
    private mutating func autolinkPosition(_ node: OpaquePointer, text: String) -> TextPosition? {
        var block = cmark_node_parent(node)
        while let current = block, cmark_node_get_start_line(current) == 0 { block = cmark_node_parent(current) }
        guard let block else { return nil }
        let blockStart = index.offset(line: Int(cmark_node_get_start_line(block)), byteColumn: Int(cmark_node_get_start_column(block)))
        let from = autolinkCursor.block == block ? max(autolinkCursor.offset, blockStart) : blockStart
        guard let found = index.find(Array(text.utf8), from: from) else { return nil }
        autolinkCursor = (block, found + text.utf8.count)
        return index.position(ofByte: found)
    }

    /// Records the `href` and `src` attributes of a raw HTML node as links and puts placeholders
    /// in their place.
    private mutating func replaceHTMLReferences(_ node: OpaquePointer, isInline: Bool) {
        let literal = Array(string(cmark_node_get_literal(node)).utf8)
        let attributes = HTMLAttributes.scan(literal)
        rawAnchors += attributes.filter { $0.name == "id" || $0.name == "name" }.map(\.value)
        let references = attributes.filter { $0.name == "href" || $0.name == "src" }
        guard !references.isEmpty else { return }
        let start = (line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
        var rewritten: [UInt8] = []
        var copied = 0
        for attribute in references {
            let written = String(decoding: literal[attribute.valueRange], as: UTF8.self)
            let position = htmlPosition(of: attribute.valueRange.lowerBound, in: literal, start: start, isInline: isInline)
            rewritten += literal[copied..<attribute.valueRange.lowerBound]
            rewritten += placeholder(document.links.count)
            copied = attribute.valueRange.upperBound
            document.links.append(
                Link(destination: attribute.value, text: attribute.name, kind: .html, position: position, written: written))
        }
        rewritten += literal[copied...]
        rewritten.append(0)
        rewritten.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_literal(node, $0.baseAddress) }
        }
    }

    /// The file position of a byte of a raw HTML literal. The literal's lines are the source's
    /// lines without their container prefixes (`> `, list indentation), so each is found in its
    /// source line; the first line of inline HTML starts at the node's own column.
    private func htmlPosition(of offset: Int, in literal: [UInt8], start: (line: Int, column: Int), isInline: Bool) -> TextPosition {
        let before = literal[..<offset]
        let newlines = before.filter { $0 == UInt8(ascii: "\n") }.count
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let line = start.line + newlines
        if newlines == 0, isInline {
            return index.position(ofByte: index.offset(line: start.line, byteColumn: start.column) + offset)
        }
        let prefix = Array(literal[lineStart..<offset])
        let sourceStart = index.offset(line: line, byteColumn: 1)
        guard let found = index.find(prefix, from: sourceStart, sameLine: true) else { return TextPosition(line: line, column: 1) }
        return index.position(ofByte: found + prefix.count)
    }

    /// Replaces every link and image node with raw inline HTML that renders as cmark-gfm renders
    /// it, but with a placeholder for the destination: an opening tag, the link's own children,
    /// a closing tag. (Raw inline HTML, not a custom inline: a table cell may not contain custom
    /// inlines, and cmark-gfm refuses to insert one there, which lost every link in a table.)
    mutating func replaceLinks() {
        for (node, number) in linkNodes {
            let title = string(cmark_node_get_title(node))
            let titleAttribute = title.isEmpty ? "" : " title=\"\(escapeHTMLText(title))\""
            let target = String(decoding: placeholder(number), as: UTF8.self)
            let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
            let opening =
                isImage
                ? "<img src=\"\(target)\" alt=\"\(escapeHTMLText(plainText(node, includingHTML: true)))\"\(titleAttribute) />"
                : "<a href=\"\(target)\"\(titleAttribute)>"
            guard let open = cmark_node_new(CMARK_NODE_HTML_INLINE) else { continue }
            cmark_node_set_literal(open, opening)
            guard cmark_node_insert_before(node, open) != 0 else {
                cmark_node_free(open)
                continue
            }
            if !isImage {
                while let child = cmark_node_first_child(node) { cmark_node_insert_before(node, child) }
                if let close = cmark_node_new(CMARK_NODE_HTML_INLINE) {
                    cmark_node_set_literal(close, "</a>")
                    cmark_node_insert_before(node, close)
                }
            }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        linkNodes = []
    }

    /// A `folio` block becomes `\u{5}N\u{5}` on a line of its own (N: its index in `codeBlocks`),
    /// which the compile stage replaces with the generated content; raw HTML from YAML becomes
    /// text.
    mutating func replaceDirectivesAndRawHTML() {
        for (node, number) in directiveNodes {
            guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            cmark_node_set_on_enter(custom, "\u{5}\(number)\u{5}")
            guard cmark_node_insert_before(node, custom) != 0 else {
                cmark_node_free(custom)
                continue
            }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        directiveNodes = []
        for node in escapedHTMLNodes {
            let literal = cmark_node_get_literal(node)
            let isBlock = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK
            guard let text = cmark_node_new(CMARK_NODE_TEXT) else { continue }
            cmark_node_set_literal(text, literal)
            if isBlock, let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH) {
                cmark_node_append_child(paragraph, text)
                cmark_node_insert_before(node, paragraph)
            } else {
                cmark_node_insert_before(node, text)
            }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        escapedHTMLNodes = []
    }

    private func placeholder(_ number: Int) -> [UInt8] {
        [MarkdownDocument.placeholderStart] + Array(String(number).utf8) + [MarkdownDocument.placeholderEnd]
    }

    /// The text content of a node without markup: text and code (GitHub's slug input), and
    /// also raw HTML for an image's alt text, as cmark-gfm renders it.
    private func plainText(_ node: OpaquePointer, includingHTML: Bool = false) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += string(cmark_node_get_literal(current))
            case CMARK_NODE_HTML_INLINE where includingHTML: text += string(cmark_node_get_literal(current))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: text += plainText(current, includingHTML: includingHTML)
            }
            child = cmark_node_next(current)
        }
        return text
    }

    /// Marks each heading for `attachHeadingIds`: cmark-gfm's HTML renderer has no hook for
    /// heading attributes, so a sentinel inline carries the id to just after `<hN>`, and a closing
    /// inline adds the permalink.
    mutating func markHeadings() {
        for (node, heading) in headingNodes {
            let id = escapeHTML(heading.id)
            if let start = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) {
                cmark_node_set_on_enter(start, "\u{1}\(id)\u{2}")
                cmark_node_prepend_child(node, start)
            }
            if let anchor = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) {
                cmark_node_set_on_enter(anchor, "<a class=\"heading-anchor\" href=\"#\(id)\" aria-hidden=\"true\" tabindex=\"-1\">#</a>")
                cmark_node_append_child(node, anchor)
            }
        }
        headingNodes = []
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}

/// Whether `text` contains `needle`, comparing UTF-8 bytes (Foundation's `contains` goes through
/// NSString and cost 9% of a build, measured with perf).
func containsBytes(_ text: String, _ needle: StaticString) -> Bool {
    let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
    guard let first = pattern.first else { return true }
    var text = text
    return text.withUTF8 { bytes in
        guard bytes.count >= pattern.count else { return false }
        for index in 0...(bytes.count - pattern.count) where bytes[index] == first {
            if memcmp(bytes.baseAddress! + index, pattern.baseAddress!, pattern.count) == 0 { return true }
        }
        return false
    }
}

/// Turns `<h2>\u{1}id\u{2}` (left by `markHeadings`) into `<h2 id="id">`, in one pass over
/// the UTF-8 bytes (U+0001 and U+0002 are single bytes there).
func attachHeadingIds(_ html: String) -> String {
    guard html.utf8.contains(1) else { return html }
    return rewriteSentinels(Array(html.utf8))
}

private func rewriteSentinels(_ bytes: [UInt8]) -> String {
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count + 256)
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        guard byte == 1, let end = bytes[index...].firstIndex(of: 2) else {
            result.append(byte)
            index += 1
            continue
        }
        if result.last == UInt8(ascii: ">") {
            result.removeLast()
            result.append(contentsOf: Array(" id=\"".utf8))
            result.append(contentsOf: bytes[(index + 1)..<end])
            result.append(contentsOf: Array("\">".utf8))
        }
        index = end + 1
    }
    return String(decoding: result, as: UTF8.self)
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
