internal import CCmarkGFM
import FolioText
import Foundation

/// Walks a finished cmark tree once, collecting headings, links, images and code blocks.
struct TreeWalker {
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
    /// Whether code spans are collected (`document.codeSpans`) and code blocks keep their code,
    /// which only the command check reads (``MarkdownParser/collectsCode``). When not, a span is
    /// only noted, and looked up in the source if an autolink comes after it, so that the
    /// autolink is found after it exactly as before.
    var collectsCode = true
    private var pendingCodeSpans: [(node: OpaquePointer, code: String)] = []
    /// Whether a Markdown link keeps its text (``MarkdownParser/keepsLinkText``).
    var keepsLinkText = true
    let allowsRawHTML: Bool
    /// Whether raw HTML and link URLs are made safe (``HTMLSanitizer``) when rendered.
    var sanitizesHTML = true
    /// The raw HTML nodes kept, to sanitize before rendering.
    var rawHTMLNodes: [OpaquePointer] = []
    /// `folio` code blocks (by index into `codeBlocks`) and raw HTML to show as text.
    var directiveNodes: [(node: OpaquePointer, number: Int)] = []
    var escapedHTMLNodes: [OpaquePointer] = []

    /// The syntax beyond GitHub's that is on.
    var extensions = MarkdownExtensions()
    var findings: [ExtensionFinding] = []
    /// `{#id .class}` of headings (by node), read before the walk.
    var headingAttributes: [OpaquePointer: AttributeList] = [:]
    /// Nodes to unlink and free once the walk is over (a paragraph's attribute list).
    var removedAfterWalk: [OpaquePointer] = []
    /// `#!lang code` spans: the node, its language and its code.
    var highlightedCode: [(OpaquePointer, String, String)] = []
    /// `{ .annotate }` on the last line of a paragraph.
    var paragraphAttributes: [(OpaquePointer, AttributeList)] = []
    /// `{ .sh #example }` on a fence: the block's id.
    var fenceIDs: [(OpaquePointer, String)] = []
    /// Fenced code blocks to highlight (or give a title or line numbers): node, language, info string.
    var highlightedBlocks: [(OpaquePointer, String, String)] = []
    /// `{#id}` after `**strong**` or `*emphasis*`.
    var inlineAttributes: [(OpaquePointer, AttributeList)] = []
    /// `{ .md-button }` after a link or image, by link number.
    var linkAttributes: [Int: AttributeList] = [:]

    init(index: LineIndex, slugger: Slugger, allowsRawHTML: Bool) {
        self.index = index
        self.slugger = slugger
        self.allowsRawHTML = allowsRawHTML
    }

    mutating func walk(_ root: OpaquePointer) {
        if extensions.has(.attrList) { readHeadingAttributes(root) }
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            visit(node)
        }
        for node in removedAfterWalk {
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        removedAfterWalk = []
    }

    private mutating func visit(_ node: OpaquePointer) {
        var position: TextPosition {
            index.position(line: Int(cmark_node_get_start_line(node)), byteColumn: Int(cmark_node_get_start_column(node)))
        }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING:
            var text = plainText(node)
            // Emoji and icon shortcodes render as pictures, which have no words for the id.
            if extensions.has(.emoji), text.contains(":") { text = InlineRewriter.removingShortcodes(text) }
            let explicit = headingAttributes[node]?.id
            let heading = Heading(
                level: Int(cmark_node_get_heading_level(node)), text: text.trimmingSpaces(), id: explicit ?? slugger.uniqueSlug(text),
                position: position)
            document.headings.append(heading)
            headingNodes.append((node, heading))
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            let destination = string(cmark_node_get_url(node))
            let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
            let text = plainText(node)
            let isAutolink = !isImage && Self.isAutolink(text: text, destination)
            if isAutolink {
                // The code spans before it move the cursor, as when they are collected.
                for (span, code) in pendingCodeSpans { _ = autolinkPosition(span, text: code) }
                pendingCodeSpans.removeAll()
            }
            let place = isAutolink ? autolinkPosition(node, text: text) ?? position : position
            if extensions.has(.attrList), let attributes = takeTrailingAttributes(after: node) { linkAttributes[document.links.count] = attributes }
            linkNodes.append((node, document.links.count))
            document.links.append(
                Link(destination: destination, text: keepsLinkText ? text : "", kind: isImage ? .image : .link, isAutolink: isAutolink, position: place))
        case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
            guard allowsRawHTML else {
                escapedHTMLNodes.append(node)
                return
            }
            recordIgnoreComments(node)
            replaceHTMLReferences(node, isInline: cmark_node_get_type(node) == CMARK_NODE_HTML_INLINE)
            rawHTMLNodes.append(node)
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            hasFootnotes = true
        case CMARK_NODE_PARAGRAPH:
            // `text\n{: .class #id }`: the paragraph's attributes (Python-Markdown's block attr_list).
            if extensions.has(.attrList), let last = cmark_node_last_child(node), cmark_node_get_type(last) == CMARK_NODE_TEXT {
                let text = string(cmark_node_get_literal(last)).trimmingSpaces()
                let previous = cmark_node_previous(last)
                let isOwnLine = previous == nil || [CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK].contains(cmark_node_get_type(previous!))
                if isOwnLine, text.hasPrefix("{"), text.hasSuffix("}"), let attributes = AttributeList.parse(text.dropFirst().dropLast()) {
                    paragraphAttributes.append((node, attributes))
                    if let id = attributes.id { rawAnchors.append(id) }
                    // Taken out after the walk: cmark's iterator must not lose nodes it will visit.
                    removedAfterWalk += [last] + (previous.map { [$0] } ?? [])
                }
            }
        case CMARK_NODE_STRONG, CMARK_NODE_EMPH:
            // `**locale**{ #mkdocs-locale }`: attributes for the element, an id a link may name.
            if extensions.has(.attrList), let attributes = takeTrailingAttributes(after: node) {
                inlineAttributes.append((node, attributes))
                if let id = attributes.id { rawAnchors.append(id) }
            }
        case CMARK_NODE_CODE:
            var code = string(cmark_node_get_literal(node))
            // `#!python x = 1` (pymdownx.inlinehilite): the language, then the code.
            if extensions.has(.inlineHilite), code.hasPrefix("#!"), let space = code.firstIndex(of: " ") {
                let language = String(code[code.index(code.startIndex, offsetBy: 2)..<space])
                if !language.isEmpty, language.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "+" || $0 == "_" }) {
                    code = String(code[code.index(after: space)...])
                    highlightedCode.append((node, language, code))
                }
            }
            // Inline nodes have no source position of their own: the text is looked up in the
            // source after the previous inline of the same block, as for autolinks.
            if collectsCode {
                document.codeSpans.append(CodeSpan(code: code, position: autolinkPosition(node, text: code) ?? position))
            } else {
                pendingCodeSpans.append((node, code))
            }
        case CMARK_NODE_CODE_BLOCK:
            let info = string(cmark_node_get_fence_info(node))
            var length: Int32 = 0, offset: Int32 = 0
            var character: CChar = 0
            let isFenced = cmark_node_get_fenced(node, &length, &offset, &character) != 0
            let start = position
            let codeLine = start.line + (isFenced ? 1 : 0)
            let language = Self.fenceLanguage(info)
            if extensions.has(.attrList) || extensions.has(.superfences), info.hasPrefix("{"),
                let id = AttributeList.parse(info.dropFirst().prefix { $0 != "}" })?.id
            {
                fenceIDs.append((node, id))
                rawAnchors.append(id)
            }
            // `{ .python title="x" }` or `title="x"` (superfences' options): the language alone
            // becomes the block's class, not `language-title="x"`.
            if let first = info.split(separator: " ").first, first != Substring(language) { cmark_node_set_fence_info(node, language) }
            // Directives belong to pages; one inside generated content (YAML) stays a code block.
            let isDirective = isFenced && language == MarkdownDocument.directiveLanguage
            if isDirective && allowsRawHTML {
                directiveNodes.append((node, document.codeBlocks.count))
            } else if isFenced, !language.isEmpty || info.contains("="),
                !(extensions.has(.superfences) && extensions.customFences.contains { $0.name == language })
            {
                highlightedBlocks.append((node, language, info))
            }
            document.codeBlocks.append(
                CodeBlock(
                    language: language, info: info, code: collectsCode || isDirective ? string(cmark_node_get_literal(node)) : "",
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
            while let found = ByteSearch.firstOffset(of: needle, in: literal, from: from) {
                from = found + needle.count
                let newlinesBefore = literal[..<found].filter { $0 == UInt8(ascii: "\n") }.count
                var target = line + newlinesBefore
                if isNextLine {
                    let close = ByteSearch.firstOffset(of: Array("-->".utf8), in: literal, from: found) ?? found
                    target = line + literal[..<close].filter { $0 == UInt8(ascii: "\n") }.count + 1
                }
                document.ignoredLines.append(IgnoreComment(line: line + newlinesBefore, suppressesLine: target))
            }
        }
    }

    /// A bare URL turned into a link by the autolink extension or `<...>`: its text is its URL.
    private static func isAutolink(text: String, _ destination: String) -> Bool {
        // `[]()` has the empty text of its empty destination, but is written, not autolinked
        // (found by fuzzing: its text was looked up in the source as an empty string).
        guard !text.isEmpty else { return false }
        if text == destination { return true }
        // `"http://" + text` and `"mailto:" + text` were made for every link of a page; only a
        // destination that starts with those bytes can equal one (no other character's
        // canonical decomposition is one of them).
        let scheme = destination.utf8.prefix(7)
        guard scheme.elementsEqual("http://".utf8) || scheme.elementsEqual("mailto:".utf8) else { return false }
        return "http://" + text == destination || "mailto:" + text == destination
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

    /// The text content of a node without markup: text and code (GitHub's slug input), and
    /// also raw HTML for an image's alt text, as cmark-gfm renders it.
    func plainText(_ node: OpaquePointer, includingHTML: Bool = false) -> String {
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

    func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
