internal import CCmarkGFM
import FolioText
import Foundation

/// The changes made to a walked tree before cmark-gfm renders it: placeholders for links and
/// directives, heading ids, raw HTML from YAML shown as text.
extension TreeWalker {
    /// Replaces every link and image node with raw inline HTML that renders as cmark-gfm renders
    /// it, but with a placeholder for the destination: an opening tag, the link's own children,
    /// a closing tag. (Raw inline HTML, not a custom inline: a table cell may not contain custom
    /// inlines, and cmark-gfm refuses to insert one there, which lost every link in a table.)
    mutating func replaceLinks() {
        // An image is freed with its description, which may hold links and raw HTML of its own
        // (`![[x](y)](z.png)`): those nodes are gone with it and must not be touched again (found
        // by fuzzing: a use after free in cmark_node_get_title).
        var freed = Set<OpaquePointer>()
        // The opening tag is written as bytes and handed to cmark-gfm as they are (interpolated
        // strings and their C copies were most of 4,700 instructions a link).
        var opening: [UInt8] = []
        for (node, number) in linkNodes where !freed.contains(node) {
            let title = string(cmark_node_get_title(node))
            let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
            // An unsafe URL (`javascript:`) is left out, as GitHub does: a link without href, an image without src.
            let isSafe = !sanitizesHTML || HTMLSanitizer.isSafeURL(document.links[number].destination, isImage: isImage)
            opening.removeAll(keepingCapacity: true)
            opening += (isImage ? "<img" : "<a").utf8
            if isSafe {
                opening += (isImage ? " src=\"" : " href=\"").utf8
                opening += placeholder(number)
                opening.append(UInt8(ascii: "\""))
            }
            if isImage {
                opening += " alt=\"".utf8
                opening += escapeHTMLText(plainText(node, includingHTML: true)).utf8
                opening.append(UInt8(ascii: "\""))
            }
            if !title.isEmpty {
                opening += " title=\"".utf8
                opening += escapeHTMLText(title).utf8
                opening.append(UInt8(ascii: "\""))
            }
            if !linkAttributes.isEmpty, let attributes = linkAttributes[number] { opening += attributes.html().utf8 }
            opening += (isImage ? " />" : ">").utf8
            guard let open = cmark_node_new(CMARK_NODE_HTML_INLINE) else { continue }
            Self.withCString(&opening) { _ = cmark_node_set_literal(open, $0) }
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
            } else {
                freed.formUnion(Self.descendants(of: node))
            }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        linkNodes = []
        escapedHTMLNodes.removeAll { freed.contains($0) }
    }

    /// `bytes` as the C string cmark-gfm's setters copy (a `String` argument was made into one
    /// each call): a NUL is added for the call and taken off after it.
    static func withCString(_ bytes: inout [UInt8], _ body: (UnsafePointer<CChar>) -> Void) {
        bytes.append(0)
        bytes.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
        bytes.removeLast()
    }

    /// Every node below `node`.
    static func descendants(of node: OpaquePointer) -> Set<OpaquePointer> {
        var found = Set<OpaquePointer>()
        guard let iterator = cmark_iter_new(node) else { return found }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator), current != node { found.insert(current) }
        }
        return found
    }

    /// Rewrites each raw HTML node through ``HTMLSanitizer``; an `href` or `src` (a link
    /// placeholder by now) is judged by the destination of its link.
    mutating func sanitizeRawHTML() {
        guard sanitizesHTML else { return }
        let links = document.links
        for node in rawHTMLNodes {
            let literal = Array(string(cmark_node_get_literal(node)).utf8)
            var safe = HTMLSanitizer.sanitize(literal) { element, attribute, value in
                let bytes = Array(value.utf8)
                if bytes.first == MarkdownDocument.placeholderStart, bytes.last == MarkdownDocument.placeholderEnd,
                    let number = Int(String(decoding: bytes.dropFirst().dropLast(), as: UTF8.self)), links.indices.contains(number)
                {
                    return HTMLSanitizer.defaultKeepsURL(element, attribute, links[number].destination)
                }
                return HTMLSanitizer.defaultKeepsURL(element, attribute, value)
            }
            safe.append(0)
            safe.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_literal(node, $0.baseAddress) }
            }
        }
        rawHTMLNodes = []
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

    func placeholder(_ number: Int) -> [UInt8] {
        var bytes = [MarkdownDocument.placeholderStart]
        bytes.appendDecimal(number)
        bytes.append(MarkdownDocument.placeholderEnd)
        return bytes
    }

    /// Marks each heading for `attachHeadingIds`: cmark-gfm's HTML renderer has no hook for
    /// heading attributes, so a sentinel inline carries the id to just after `<hN>`, and a closing
    /// inline adds the permalink.
    mutating func markHeadings() {
        // Each marker is written as bytes and handed to cmark-gfm as they are (an interpolated
        // `String` and its C copy per marker were 4,000 instructions a heading); what every
        // heading shares is escaped once.
        let permalinkText = escapeHTMLText(extensions.permalinkText)
        let labelPrefix = escapeHTML(extensions.permalinkLabel + ": ")
        var bytes: [UInt8] = []
        func setOnEnter(_ node: OpaquePointer) {
            Self.withCString(&bytes) { _ = cmark_node_set_on_enter(node, $0) }
            bytes.removeAll(keepingCapacity: true)
        }
        for (node, heading) in headingNodes {
            let id = escapeHTML(heading.id)
            if let start = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) {
                // `{.class key=value}` rides after the id: attachHeadingIds writes ` ` + this into the tag.
                bytes += [1] + "id=\"".utf8
                bytes += id.utf8
                bytes.append(UInt8(ascii: "\""))
                if !headingAttributes.isEmpty, let attributes = headingAttributes[node] { bytes += attributes.html(includingID: false).utf8 }
                bytes.append(2)
                setOnEnter(start)
                cmark_node_prepend_child(node, start)
            }
            if let anchor = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) {
                // Reachable by keyboard and named for screen readers ("Link to this section: Install").
                bytes += "<a class=\"heading-anchor\" href=\"#".utf8
                bytes += id.utf8
                bytes += "\" aria-label=\"".utf8
                bytes += labelPrefix.utf8
                bytes += escapeHTML(heading.text).utf8
                bytes += "\">".utf8
                bytes += permalinkText.utf8
                bytes += "</a>".utf8
                setOnEnter(anchor)
                cmark_node_append_child(node, anchor)
            }
        }
        headingNodes = []
        for (node, attributes) in paragraphAttributes {
            guard let start = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { continue }
            cmark_node_set_on_enter(start, "\u{1}\(attributes.html().dropFirst())\u{2}")
            cmark_node_prepend_child(node, start)
        }
        paragraphAttributes = []
    }
}
