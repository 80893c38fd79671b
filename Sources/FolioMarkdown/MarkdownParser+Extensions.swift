internal import CCmarkGFM
import FolioText
import Foundation

/// The extensions' changes to the walked tree: attribute lists, inline syntax, custom fences.
extension TreeWalker {
    /// Reads `{#id .class}` at the end of every heading, takes it out of the heading's text, and
    /// reserves the explicit ids (Python-Markdown's `toc` never generates an id already used).
    mutating func readHeadingAttributes(_ root: OpaquePointer) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        var explicit: [String: TextPosition] = [:]
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator), cmark_node_get_type(node) == CMARK_NODE_HEADING,
                let last = cmark_node_last_child(node), cmark_node_get_type(last) == CMARK_NODE_TEXT
            else { continue }
            let text = string(cmark_node_get_literal(last))
            guard let (list, start) = AttributeList.trailing(in: text, needsSpace: true) else { continue }
            var kept = String(text[..<start])
            while kept.last == " " { kept.removeLast() }
            cmark_node_set_literal(last, kept)
            headingAttributes[node] = list
            if let id = list.id {
                let position = index.position(line: Int(cmark_node_get_start_line(node)), byteColumn: Int(cmark_node_get_start_column(node)))
                if let first = explicit[id] {
                    findings.append(
                        ExtensionFinding(
                            rule: "anchor.duplicate", message: "heading id '\(id)' is also given at line \(first.line); links to #\(id) reach the first",
                            file: nil, position: position, isError: false))
                } else {
                    explicit[id] = position
                }
                slugger.reserve(id)
            }
        }
    }

    /// `{ .md-button }` right after a link or image: taken out of the text that follows.
    mutating func takeTrailingAttributes(after node: OpaquePointer) -> AttributeList? {
        guard let next = cmark_node_next(node), cmark_node_get_type(next) == CMARK_NODE_TEXT else { return nil }
        let text = string(cmark_node_get_literal(next))
        guard text.first == "{", let close = text.firstIndex(of: "}") else { return nil }
        guard let list = AttributeList.parse(text[text.index(after: text.startIndex)..<close]) else { return nil }
        cmark_node_set_literal(next, String(text[text.index(after: close)...]))
        return list
    }

    /// `**text**{#id}` as `<strong id="id">text</strong>`: cmark-gfm writes no attributes, so the
    /// element becomes raw HTML around its children.
    mutating func applyInlineAttributes() {
        for (node, attributes) in inlineAttributes {
            let tag = cmark_node_get_type(node) == CMARK_NODE_STRONG ? "strong" : "em"
            Self.wrap(node, opening: "<\(tag)\(attributes.html())>", closing: "</\(tag)>", keepingNode: false)
        }
        inlineAttributes = []
    }

    /// A fence with an id (`{ .sh #example }`) inside `<div id="example">`, as superfences
    /// puts it on the block's wrapper.
    mutating func applyFenceIDs() {
        for (node, id) in fenceIDs {
            Self.wrap(node, opening: "<div id=\"\(escapeHTML(id))\">\n", closing: "</div>\n", keepingNode: true)
        }
        fenceIDs = []
    }

    /// `#!python x = 1` as `<code class="language-python highlight">x = 1</code>`.
    mutating func applyInlineHilite() {
        for (node, language, code) in highlightedCode {
            let lexer = extensions.highlightsCode ? Highlighter.language(named: language) : nil
            let body = lexer.map { Highlighter.html(code, language: $0) } ?? escapeHTMLText(code)
            Self.replace(node, withHTML: "<code class=\"language-\(escapeHTML(language)) highlight\">\(body)</code>")
        }
        highlightedCode = []
    }

    /// Fenced code as `<div class="language-x highlight">`: the code highlighted when Folio knows
    /// the language, and the fence's options (`title="app.py"`, `linenums="1"`, `hl_lines="2 3"`)
    /// applied, as pymdownx.highlight does.
    mutating func applyHighlighting() {
        for (node, language, info) in highlightedBlocks {
            let code = string(cmark_node_get_literal(node))
            Self.replace(
                node, withHTML: CodeBlockHTML.render(code, language: language, options: CodeBlockHTML.options(info), highlighting: extensions.highlightsCode))
        }
        highlightedBlocks = []
    }

    /// Puts raw HTML (inline or block, as `node` is) around `node`: with `keepingNode`, around
    /// the node itself; otherwise around its children, and the node goes.
    static func wrap(_ node: OpaquePointer, opening: String, closing: String, keepingNode: Bool) {
        let type = isBlock(node) ? CMARK_NODE_HTML_BLOCK : CMARK_NODE_HTML_INLINE
        guard let open = cmark_node_new(type), let close = cmark_node_new(type) else { return }
        cmark_node_set_literal(open, opening)
        cmark_node_set_literal(close, closing)
        guard cmark_node_insert_before(node, open) != 0 else {
            cmark_node_free(open)
            cmark_node_free(close)
            return
        }
        if keepingNode {
            if cmark_node_insert_after(node, close) == 0 { cmark_node_free(close) }
            return
        }
        while let child = cmark_node_first_child(node) { cmark_node_insert_before(node, child) }
        cmark_node_insert_before(node, close)
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    /// Whether `node` is a block (cmark's type mask).
    static func isBlock(_ node: OpaquePointer) -> Bool {
        (cmark_node_get_type(node).rawValue & UInt32(CMARK_NODE_TYPE_MASK)) == UInt32(CMARK_NODE_TYPE_BLOCK)
    }

    /// Replaces `node` with raw HTML of the same kind (block or inline).
    static func replace(_ node: OpaquePointer, withHTML literal: String) {
        let type = isBlock(node) ? CMARK_NODE_HTML_BLOCK : CMARK_NODE_HTML_INLINE
        guard let html = cmark_node_new(type) else { return }
        cmark_node_set_literal(html, literal)
        guard cmark_node_insert_before(node, html) != 0 else {
            cmark_node_free(html)
            return
        }
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    /// The language of a fence's info string: its first word, or the first class of a
    /// superfences attribute list (`{ .python title="x" }`).
    static func fenceLanguage(_ info: String) -> String {
        let trimmed = info.drop { $0 == " " }
        if trimmed.first == "{" {
            let inside = trimmed.dropFirst().prefix { $0 != "}" }
            return AttributeList.parse(inside)?.classes.first ?? ""
        }
        var word = String(trimmed.prefix { $0 != " " && $0 != "{" })
        if word.hasPrefix(".") { word.removeFirst() }
        return word
    }

    /// The inline syntax of the extensions that are on (`==mark==`, `^^ins^^`, `^sup^`,
    /// `++ctrl+c++`, `:smile:`, `(c)`, abbreviations) and custom fences, applied to the tree
    /// after raw HTML was sanitized: what they add is Folio's own HTML.
    mutating func applyInlineExtensions(_ root: OpaquePointer, abbreviations: [(term: String, title: String)]) {
        let ext = extensions
        let customFences = ext.has(.superfences) ? ext.customFences : []
        let inline =
            ext.has(.mark) || ext.has(.caret) || ext.has(.tilde) || ext.has(.keys) || ext.has(.emoji) || ext.has(.smartSymbols) || !abbreviations.isEmpty
        guard inline || !customFences.isEmpty else { return }
        if inline { cmark_consolidate_text_nodes(root) }
        var texts: [OpaquePointer] = []
        var fences: [(OpaquePointer, String)] = []
        guard let iterator = cmark_iter_new(root) else { return }
        // The images and links the walk is inside, kept as it enters and leaves them (looking up
        // each text's ancestors was quadratic in 65,000 nested emphases: 115 s for one page).
        var images = 0
        var links: [String] = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_IMAGE { images += event == CMARK_EVENT_ENTER ? 1 : -1 }
            if type == CMARK_NODE_LINK {
                if event == CMARK_EVENT_ENTER { links.append(string(cmark_node_get_url(node))) } else { links.removeLast() }
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            if type == CMARK_NODE_TEXT, inline {
                // An image's alt text stays plain; an autolink's text is its URL.
                let literal = string(cmark_node_get_literal(node))
                if images == 0 && !links.contains(where: { $0.hasSuffix(literal) }) { texts.append(node) }
            } else if type == CMARK_NODE_CODE_BLOCK, !customFences.isEmpty {
                let language = Self.fenceLanguage(string(cmark_node_get_fence_info(node)))
                if let fence = customFences.first(where: { $0.name == language }) { fences.append((node, fence.className)) }
            }
        }
        cmark_iter_free(iterator)
        for (node, className) in fences {
            let code = string(cmark_node_get_literal(node))
            Self.replace(node, withHTML: "<pre class=\"\(escapeHTML(className))\"><code>\(escapeHTMLText(code))</code></pre>\n")
        }
        let rewriter = InlineRewriter(extensions: ext, abbreviations: abbreviations)
        for node in texts {
            let literal = string(cmark_node_get_literal(node))
            guard let segments = rewriter.rewrite(literal, icons: &document.iconShortcodes) else { continue }
            var inserted = true
            for segment in segments {
                let isHTML: Bool
                let text: String
                switch segment {
                case .text(let value): (isHTML, text) = (false, value)
                case .html(let value): (isHTML, text) = (true, value)
                }
                guard !text.isEmpty, let new = cmark_node_new(isHTML ? CMARK_NODE_HTML_INLINE : CMARK_NODE_TEXT) else { continue }
                cmark_node_set_literal(new, text)
                if cmark_node_insert_before(node, new) == 0 {
                    cmark_node_free(new)
                    inserted = false
                    break
                }
            }
            if inserted {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
        }
    }
}
