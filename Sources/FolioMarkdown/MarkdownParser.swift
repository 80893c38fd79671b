internal import CCmarkGFM
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// Parses GitHub-flavoured Markdown with the system libcmark-gfm and copies what Folio needs into
/// Swift values. This is the only file that touches cmark-gfm.
///
/// Debian's libcmark-gfm 0.29 toggles global tables during a parse with extensions attached, so
/// two parses at once corrupt each other (measured: `<del>` lost in ~1 page in 5). Every parse
/// and render here holds one process-wide lock.
public struct MarkdownParser: Sendable {
    /// Returns a new destination for a link or image (e.g. `setup.md#x` -> `../setup/#x`), or `nil`
    /// to keep it as written. Called while the parse lock is held: keep it cheap and pure.
    public typealias LinkRewriter = @Sendable (String) -> String?

    /// A plain pthread mutex: `Synchronization.Mutex` is a priority-inheritance futex on Linux,
    /// and two threads contending for it spent 21% of a build in the kernel (measured with perf).
    private static let lock = NSLock()
    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    /// Makes a parser.
    public init() {}

    /// U+0001 and U+0002 mark heading ids during rendering (and are not allowed in HTML), so any
    /// in the text become U+FFFD; positions do not move.
    static func withoutSentinels(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\u{1}" || $0 == "\u{2}" }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(scalar == "\u{1}" || scalar == "\u{2}" ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }

    /// Parses `markdown` (a page body whose lines are the file's lines) into a document.
    public func parse(_ text: String, rewritingLinks rewrite: LinkRewriter? = nil) -> MarkdownDocument {
        let markdown = Self.withoutSentinels(text)
        let index = LineIndex(markdown)
        var document = Self.lock.withLock {
            cmark_gfm_core_extensions_ensure_registered()
            let parser = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES)
            defer { cmark_parser_free(parser) }
            for name in Self.extensionNames {
                if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
            }
            markdown.utf8CString.withUnsafeBufferPointer { buffer in
                cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
            }
            guard let root = cmark_parser_finish(parser) else { return MarkdownDocument() }
            defer { cmark_node_free(root) }
            var walker = TreeWalker(index: index, rewrite: rewrite)
            walker.walk(root)
            walker.markHeadings()
            let rendered = cmark_render_html(root, CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES, cmark_parser_get_syntax_extensions(parser))
            walker.document.html = rendered.map { String(cString: $0) } ?? ""
            free(rendered)
            return walker.document
        }
        document.html = attachHeadingIds(document.html)
        return document
    }
}

/// Walks a finished cmark tree once, collecting headings, links, images and code blocks.
private struct TreeWalker {
    let index: LineIndex
    let rewrite: MarkdownParser.LinkRewriter?
    var document = MarkdownDocument()
    var slugger = Slugger()
    var headingNodes: [(node: OpaquePointer, heading: Heading)] = []

    init(index: LineIndex, rewrite: MarkdownParser.LinkRewriter?) {
        self.index = index
        self.rewrite = rewrite
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
        let position = index.position(line: Int(cmark_node_get_start_line(node)), byteColumn: Int(cmark_node_get_start_column(node)))
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING:
            let text = plainText(node).trimmingSpaces()
            let heading = Heading(level: Int(cmark_node_get_heading_level(node)), text: text, id: slugger.uniqueSlug(text), position: position)
            document.headings.append(heading)
            headingNodes.append((node, heading))
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            let destination = string(cmark_node_get_url(node))
            let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
            let link = Link(destination: destination, text: plainText(node), isAutolink: isAutolink(node, destination), position: position)
            if isImage { document.images.append(link) } else { document.links.append(link) }
            if let rewritten = rewrite?(destination) { cmark_node_set_url(node, rewritten) }
        case CMARK_NODE_CODE_BLOCK:
            let info = string(cmark_node_get_fence_info(node))
            var length: Int32 = 0, offset: Int32 = 0
            var character: CChar = 0
            let isFenced = cmark_node_get_fenced(node, &length, &offset, &character) != 0
            let codeLine = position.line + (isFenced ? 1 : 0)
            let language = String(info.split(separator: " ").first ?? "")
            document.codeBlocks.append(
                CodeBlock(
                    language: language, info: info, code: string(cmark_node_get_literal(node)),
                    position: TextPosition(line: codeLine, column: position.column), isFenced: isFenced))
        default:
            break
        }
    }

    /// A bare URL turned into a link by the autolink extension or `<...>`: its text is its URL.
    private func isAutolink(_ node: OpaquePointer, _ destination: String) -> Bool {
        let text = plainText(node)
        return text == destination || "http://" + text == destination || "mailto:" + text == destination
    }

    /// The text content of a node: text and code, without markup (GitHub's slug input).
    private func plainText(_ node: OpaquePointer) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += string(cmark_node_get_literal(current))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: text += plainText(current)
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

/// Escapes text for HTML content or a double-quoted attribute: `&`, `<`, `>`, `"`, `'`.
public func escapeHTML(_ text: String) -> String {
    var result = ""
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "\"": result += "&quot;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "'": result += "&#39;"
        default: result.append(character)
        }
    }
    return result
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
