internal import CCmarkGFM
import Foundation

/// `{#id .class key=value}` (Python-Markdown's `attr_list`).
struct AttributeList: Equatable {
    var id: String?
    var classes: [String] = []
    var pairs: [(String, String)] = []

    static func == (lhs: AttributeList, rhs: AttributeList) -> Bool {
        lhs.id == rhs.id && lhs.classes == rhs.classes && lhs.pairs.map(\.0) == rhs.pairs.map(\.0) && lhs.pairs.map(\.1) == rhs.pairs.map(\.1)
    }

    /// Attribute names never taken from an attribute list: they could carry script or change
    /// where a link goes.
    static func isAllowed(_ name: String) -> Bool {
        let lower = name.lowercased()
        guard let first = lower.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        guard lower.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == ":" })
        else { return false }
        return !lower.hasPrefix("on") && !["href", "src", "srcset", "style", "action", "formaction", "xlink:href", "id", "class"].contains(lower)
    }

    /// Parses the inside of `{...}` (an optional leading `:`); `nil` when it is not an attribute list.
    static func parse(_ text: Substring) -> AttributeList? {
        var rest = text.drop { $0 == " " }
        if rest.first == ":" { rest = rest.dropFirst() }
        var list = AttributeList()
        var sawAny = false
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let first = rest.first else { break }
            if first == "#" || first == "." {
                let word = rest.dropFirst().prefix { !$0.isWhitespace && $0 != "}" }
                guard !word.isEmpty else { return nil }
                if first == "#" { list.id = String(word) } else { list.classes.append(String(word)) }
                rest = rest.dropFirst(word.count + 1)
                sawAny = true
                continue
            }
            let key = rest.prefix { !$0.isWhitespace && $0 != "=" }
            guard !key.isEmpty else { return nil }
            rest = rest.dropFirst(key.count)
            guard rest.first == "=" else {
                // A bare word: Python-Markdown ignores it.
                sawAny = true
                continue
            }
            rest = rest.dropFirst()
            var value: Substring
            if let quote = rest.first, quote == "\"" || quote == "'" {
                guard let close = rest.dropFirst().firstIndex(of: quote) else { return nil }
                value = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
            } else {
                value = rest.prefix { !$0.isWhitespace }
                rest = rest.dropFirst(value.count)
            }
            if key == "id" {
                list.id = String(value)
            } else if key == "class" {
                list.classes += value.split(separator: " ").map(String.init)
            } else if isAllowed(String(key)) {
                list.pairs.append((String(key), String(value)))
            }
            sawAny = true
        }
        return sawAny ? list : nil
    }

    /// ` id="…" class="…" key="…"`, escaped.
    func html(includingID: Bool = true) -> String {
        var result = ""
        if includingID, let id { result += " id=\"\(escapeHTMLAttribute(id))\"" }
        if !classes.isEmpty { result += " class=\"\(escapeHTMLAttribute(classes.joined(separator: " ")))\"" }
        for (key, value) in pairs { result += " \(key.lowercased())=\"\(escapeHTMLAttribute(value))\"" }
        return result
    }

    /// An attribute list that ends `text` (after a space, for headings): the list and where it starts.
    static func trailing(in text: String, needsSpace: Bool) -> (AttributeList, String.Index)? {
        var end = text.endIndex
        while end > text.startIndex, text[text.index(before: end)] == " " { end = text.index(before: end) }
        guard end > text.startIndex, text[text.index(before: end)] == "}", let open = text[..<end].lastIndex(of: "{") else { return nil }
        if needsSpace {
            guard open > text.startIndex, text[text.index(before: open)] == " " else { return nil }
        }
        let inside = text[text.index(after: open)..<text.index(before: end)]
        guard !inside.contains("\n"), let list = parse(inside) else { return nil }
        return (list, open)
    }
}

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
            Self.wrap(node, opening: "<div id=\"\(escapeHTMLAttribute(id))\">\n", closing: "</div>\n", keepingNode: true)
        }
        fenceIDs = []
    }

    /// `#!python x = 1` as `<code class="language-python highlight">x = 1</code>`.
    mutating func applyInlineHilite() {
        for (node, language, code) in highlightedCode {
            Self.replace(node, withHTML: "<code class=\"language-\(escapeHTMLAttribute(language)) highlight\">\(escapeHTMLText(code))</code>")
        }
        highlightedCode = []
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
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT, inline {
                var parent = cmark_node_parent(node)
                var skipped = false
                while let current = parent {
                    // An image's alt text stays plain; an autolink's text is its URL.
                    if cmark_node_get_type(current) == CMARK_NODE_IMAGE { skipped = true }
                    if cmark_node_get_type(current) == CMARK_NODE_LINK, string(cmark_node_get_url(current)).hasSuffix(string(cmark_node_get_literal(node))) {
                        skipped = true
                    }
                    parent = cmark_node_parent(current)
                }
                if !skipped { texts.append(node) }
            } else if type == CMARK_NODE_CODE_BLOCK, !customFences.isEmpty {
                let language = Self.fenceLanguage(string(cmark_node_get_fence_info(node)))
                if let fence = customFences.first(where: { $0.name == language }) { fences.append((node, fence.className)) }
            }
        }
        cmark_iter_free(iterator)
        for (node, className) in fences {
            let code = string(cmark_node_get_literal(node))
            Self.replace(node, withHTML: "<pre class=\"\(escapeHTMLAttribute(className))\"><code>\(escapeHTMLText(code))</code></pre>\n")
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

/// Rewrites the text of one text node: what the inline extensions turn into HTML.
struct InlineRewriter {
    enum Segment: Equatable {
        case text(String)
        case html(String)
    }

    let extensions: MarkdownExtensions
    let abbreviations: [(term: String, title: String)]

    static let emoji: [String: String] = {
        var table: [String: String] = [:]
        for line in PymdownxTables.emoji.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            var scalars = String.UnicodeScalarView()
            for code in line[line.index(after: space)...].split(separator: "-") {
                if let value = UInt32(code, radix: 16), let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            }
            table[String(line[..<space])] = String(scalars)
        }
        return table
    }()

    static let keys: [String: String] = {
        var table: [String: String] = [:]
        var aliases: [String: String] = [:]
        for line in PymdownxTables.keys.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let name = String(line[..<tab]), label = String(line[line.index(after: tab)...])
            if label.hasPrefix("=") { aliases[name] = String(label.dropFirst()) } else { table[name] = label }
        }
        for (alias, target) in aliases { table[alias] = table[target] }
        return table
    }()

    static let keyAliases: [String: String] = {
        var table: [String: String] = [:]
        for line in PymdownxTables.keys.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let label = line[line.index(after: tab)...]
            if label.hasPrefix("=") { table[String(line[..<tab])] = String(label.dropFirst()) }
        }
        return table
    }()

    /// pymdownx.smartsymbols' replacements, longest first.
    static let symbols: [(String, String)] = [
        ("<-->", "\u{2194}"), ("-->", "\u{2192}"), ("<--", "\u{2190}"), ("(tm)", "\u{2122}"), ("(TM)", "\u{2122}"), ("(c)", "\u{00A9}"),
        ("(C)", "\u{00A9}"), ("(r)", "\u{00AE}"), ("(R)", "\u{00AE}"), ("c/o", "\u{2105}"), ("+/-", "\u{00B1}"), ("=/=", "\u{2260}"),
        ("1/4", "\u{00BC}"), ("1/2", "\u{00BD}"), ("3/4", "\u{00BE}"),
    ]

    /// The bytes an extension's syntax starts with (`+`, `=`, `^`, `:`, `(`, `-`, `<`, `/`).
    static let triggers: [Bool] = (0..<256).map { "+=^:(-</~".utf8.contains(UInt8($0)) }

    /// The first occurrence of `needle` in `text`, compared as UTF-8 bytes (Foundation's
    /// `range(of:)` goes through NSString and took most of the time of a page with marks).
    static func find(_ needle: String, in text: Substring) -> Range<String.Index>? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return nil }
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            if utf8[index] == first {
                var matched = true
                var probe = index
                for byte in pattern {
                    guard probe != utf8.endIndex, utf8[probe] == byte else {
                        matched = false
                        break
                    }
                    probe = utf8.index(after: probe)
                }
                if matched { return index..<probe }
            }
            index = utf8.index(after: index)
        }
        return nil
    }

    static func contains(_ text: String, _ needle: String) -> Bool { find(needle, in: Substring(text)) != nil }

    /// The segments of `text`, or `nil` when nothing changes.
    func rewrite(_ text: String, icons: inout [String]) -> [Segment]? {
        // Most text has none of the characters any extension starts with.
        if abbreviations.isEmpty && !text.utf8.contains(where: { Self.triggers[Int($0)] }) { return nil }
        var segments: [Segment] = [.text(text)]
        if extensions.has(.keys) { segments = split(segments, open: "++", close: "++", render: Self.keysHTML) }
        if extensions.has(.mark) { segments = split(segments, open: "==", close: "==") { "<mark>\(escapeHTMLText($0))</mark>" } }
        if extensions.has(.tilde) {
            segments = split(segments, open: "~", close: "~", allowsSpaces: false) { "<sub>\(escapeHTMLText($0))</sub>" }
        }
        if extensions.has(.caret) {
            segments = split(segments, open: "^^", close: "^^") { "<ins>\(escapeHTMLText($0))</ins>" }
            segments = split(segments, open: "^", close: "^", allowsSpaces: false) { "<sup>\(escapeHTMLText($0))</sup>" }
        }
        if extensions.has(.emoji) { segments = segments.flatMap { emoji($0, icons: &icons) } }
        if extensions.has(.smartSymbols) { segments = segments.map(symbols) }
        if !abbreviations.isEmpty { segments = segments.flatMap(abbreviate) }
        if segments == [.text(text)] { return nil }
        return segments
    }

    /// Splits the text segments at `open`…`close` pairs whose content does not start or end
    /// with a space (and has none, without `allowsSpaces`).
    private func split(_ segments: [Segment], open: String, close: String, allowsSpaces: Bool = true, render: (String) -> String?) -> [Segment] {
        var result: [Segment] = []
        for segment in segments {
            guard case .text(let text) = segment, Self.contains(text, open) else {
                result.append(segment)
                continue
            }
            var rest = Substring(text)
            var plain = ""
            while let start = Self.find(open, in: rest) {
                let after = rest[start.upperBound...]
                // `===` or a space after the opener is not one.
                guard let first = after.first, !first.isWhitespace, !after.hasPrefix(String(open.last!)),
                    let end = Self.closing(close, in: after, allowsSpaces: allowsSpaces)
                else {
                    plain += rest[..<start.upperBound]
                    rest = after
                    continue
                }
                let inner = String(after[..<end.lowerBound])
                guard let html = render(inner) else {
                    plain += rest[..<start.upperBound]
                    rest = after
                    continue
                }
                plain += rest[..<start.lowerBound]
                if !plain.isEmpty { result.append(.text(plain)) }
                plain = ""
                result.append(.html(html))
                rest = after[end.upperBound...]
            }
            plain += rest
            if !plain.isEmpty { result.append(.text(plain)) }
        }
        return result
    }

    private static func closing(_ close: String, in text: Substring, allowsSpaces: Bool) -> Range<Substring.Index>? {
        var from = text.startIndex
        while let found = find(close, in: text[from...]) {
            let inner = text[..<found.lowerBound]
            if !allowsSpaces && inner.contains(where: \.isWhitespace) { return nil }
            if let last = inner.last, !last.isWhitespace, !text[found.upperBound...].hasPrefix(String(close.last!)) { return found }
            from = found.upperBound
        }
        return nil
    }

    /// `++ctrl+alt+del++` as pymdownx.keys writes it.
    static func keysHTML(_ inner: String) -> String? {
        let parts = inner.split(separator: "+", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && !$0.contains(" ") || ($0.hasPrefix("\"") && $0.hasSuffix("\"") && $0.count >= 2) })
        else { return nil }
        var html = "<span class=\"keys\">"
        for (number, part) in parts.enumerated() {
            if number > 0 { html += "<span>+</span>" }
            if part.hasPrefix("\"") {
                html += "<kbd>\(escapeHTMLText(String(part.dropFirst().dropLast())))</kbd>"
                continue
            }
            let name = part.lowercased()
            let canonical = keyAliases[name] ?? name
            guard let label = keys[canonical] else { return nil }
            html += "<kbd class=\"key-\(escapeHTMLAttribute(canonical))\">\(escapeHTMLText(label))</kbd>"
        }
        return html + "</span>"
    }

    private func emoji(_ segment: Segment, icons: inout [String]) -> [Segment] {
        guard case .text(let text) = segment, text.utf8.contains(UInt8(ascii: ":")) else { return [segment] }
        var result: [Segment] = []
        var plain = ""
        var rest = Substring(text)
        while let colon = rest.firstIndex(of: ":") {
            let after = rest[rest.index(after: colon)...]
            let name = after.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "+" }
            if !name.isEmpty, after.dropFirst(name.count).first == ":", Self.isIcon(name) {
                icons.append(String(name))
                plain += rest[...colon]
                rest = after
            } else if !name.isEmpty, after.dropFirst(name.count).first == ":", let value = Self.emoji[String(name)] {
                plain += rest[..<colon]
                result.append(.text(plain))
                plain = ""
                result.append(.text(value))
                rest = after.dropFirst(name.count + 1)
            } else {
                plain += rest[...colon]
                rest = after
            }
        }
        plain += rest
        result.append(.text(plain))
        return result.filter { $0 != .text("") }
    }

    /// `text` without its emoji and icon shortcodes.
    static func removingShortcodes(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let colon = rest.firstIndex(of: ":") {
            let after = rest[rest.index(after: colon)...]
            let name = after.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "+" }
            if !name.isEmpty, after.dropFirst(name.count).first == ":", isIcon(name) || emoji[String(name)] != nil {
                result += rest[..<colon]
                rest = after.dropFirst(name.count + 1)
            } else {
                result += rest[...colon]
                rest = after
            }
        }
        return result + rest
    }

    /// Material's icon shortcodes (`:material-check:`, `:fontawesome-brands-github:`): SVG
    /// icons Folio does not ship.
    static func isIcon(_ name: Substring) -> Bool {
        ["material-", "fontawesome-", "octicons-", "simple-"].contains { name.hasPrefix($0) }
    }

    private func symbols(_ segment: Segment) -> Segment {
        guard case .text(var text) = segment else { return segment }
        for (pattern, symbol) in Self.symbols {
            // `c/o` and fractions only as words of their own: not in `1/2/2024` or `abc/output`.
            let needsBoundary = pattern.first?.isLetter == true || pattern.first?.isNumber == true
            var from = text.startIndex
            while let range = Self.find(pattern, in: text[from...]) {
                let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
                let after = range.upperBound < text.endIndex ? text[range.upperBound] : nil
                func isWordy(_ character: Character?) -> Bool { character.map { $0.isLetter || $0.isNumber || $0 == "/" || $0 == "_" } ?? false }
                if needsBoundary && (isWordy(before) || isWordy(after)) {
                    from = range.upperBound
                    continue
                }
                text.replaceSubrange(range, with: symbol)
                from = text.startIndex
            }
        }
        return .text(text)
    }

    /// Every whole-word occurrence of a defined abbreviation as `<abbr title="…">`.
    private func abbreviate(_ segment: Segment) -> [Segment] {
        guard case .text(let text) = segment else { return [segment] }
        var result: [Segment] = []
        var plain = ""
        var rest = Substring(text)
        outer: while !rest.isEmpty {
            for (term, title) in abbreviations where rest.hasPrefix(term) {
                let before = plain.last ?? result.last.flatMap { if case .text(let t) = $0 { return t.last } else { return nil } }
                let after = rest.dropFirst(term.count).first
                let isWordChar: (Character?) -> Bool = { $0.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
                if !isWordChar(before), !isWordChar(after) {
                    if !plain.isEmpty { result.append(.text(plain)) }
                    plain = ""
                    result.append(.html("<abbr title=\"\(escapeHTMLAttribute(title))\">\(escapeHTMLText(term))</abbr>"))
                    rest = rest.dropFirst(term.count)
                    continue outer
                }
            }
            plain.append(rest.removeFirst())
        }
        if !plain.isEmpty { result.append(.text(plain)) }
        return result
    }
}
