internal import CCmarkGFM
internal import CCmarkThreads
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import FolioText
import Foundation

/// Parses GitHub-flavoured Markdown with the system libcmark-gfm and copies what Folio needs into
/// Swift values. Only the MarkdownParser files touch cmark-gfm: this one parses and renders,
/// `+TreeWalker` reads the tree, `+Rewriting` changes it for rendering.
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
    /// Whether raw HTML goes through ``HTMLSanitizer`` and unsafe link URLs (`javascript:`) are
    /// left out; `markdown: {unsafe_html: true}` in folio.yaml turns it off.
    public var sanitizesHTML = true
    /// The texts of headings that already have ids on the page this Markdown is placed in, so
    /// that its own ids do not repeat them.
    public var headingsBefore: [String] = []
    /// The syntax beyond GitHub's that is on (admonitions by default).
    public var extensions = MarkdownExtensions()
    /// Whether `codeSpans` is filled and code blocks keep their code, for the command check (a
    /// `folio` block keeps its code always: compile expands it). A build and the link check
    /// leave them empty: 200,000 spans at 10,000 pages, each looked up in the source, and 20,000
    /// blocks whose code (5 MB) a build held until its last page was written.
    public var collectsCode = true
    /// Whether a Markdown link keeps its text (``Link/text``; raw HTML's attribute names are
    /// always kept): only a literate-nav file's entries read it, and the pages of a build of
    /// 10,000 held 8 MB of it.
    public var keepsLinkText = true
    /// Reads the files `--8<--` snippets name (`pymdownx.snippets`); without it none is included.
    public var snippetReader: SnippetReader?

    /// Makes a parser.
    public init(slugs: SlugStyle = .github) {
        self.slugs = slugs
    }

    /// U+0001 to U+0005 mark heading ids, link placeholders and directives during rendering (and
    /// are not allowed in HTML), so any in the text become U+FFFD; positions do not move. So does
    /// U+0000, as cmark-gfm replaces it in its own copy of the text: left as it was, the byte
    /// offsets of the two copies differed and a raw HTML link after a NUL was placed on the
    /// line after its own (found by fuzzing).
    static func withoutSentinels(_ text: String) -> String {
        var copy = text
        guard copy.withUTF8({ $0.contains { $0 <= 5 } }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(scalar.value <= 5 ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }

    /// Runs `work` under the lock unless parsing is thread-safe.
    private static func locked<T>(_ work: () -> T) -> T {
        isThreadSafe ? work() : lock.withLock(work)
    }

    /// A parser with Folio's options and extensions (registered by `isThreadSafe`, which every
    /// parse reads first).
    /// With `doubleTildeOnly` (pymdownx.tilde on), `~x~` is left for the subscript and only
    /// `~~x~~` is struck through.
    private static func newParser(doubleTildeOnly: Bool = false) -> OpaquePointer? {
        let options = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | (doubleTildeOnly ? CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE : 0)
        guard let parser = cmark_parser_new(options) else { return nil }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        return parser
    }

    /// Parses `markdown` (a page body whose lines are the file's lines) into a document.
    /// Without `renderingHTML` (a check reads links and anchors only) the document's `html` is
    /// empty, which saves a sixth of the time spent holding the lock.
    public func parse(_ text: String, renderingHTML: Bool = true) -> MarkdownDocument {
        if let table = MarkdownGuard.largeTable(in: text) {
            var refused = MarkdownDocument()
            refused.refusal = MarkdownDocument.Refusal(
                line: table.line,
                message:
                "this table would make \(table.columns) columns x \(table.rows) rows = \(table.cells) cells, over the limit of \(MarkdownGuard.maximumTableCells) for a page; the page was not built"
            )
            return refused
        }
        var document = parseWithinLimits(text, renderingHTML: renderingHTML)
        // A build holds every page's links until it ends: their destinations in one string.
        document.links = Link.packed(document.links)
        if MarkdownGuard.isOverExpanded(html: document.html.utf8.count, markdown: text.utf8.count) {
            let size = document.html.utf8.count
            document = MarkdownDocument()
            document.refusal = MarkdownDocument.Refusal(line: 1, message: "this page renders to \(size >> 20) MB of HTML from \(text.utf8.count >> 10) KB of Markdown, over \(MarkdownGuard.maximumExpansion) times its size; the page was not built")
        }
        return document
    }

    private func parseWithinLimits(_ text: String, renderingHTML: Bool) -> MarkdownDocument {
        var markdown = Self.withoutSentinels(text)
        var blocks = BlockExtensions(extensions: extensions, snippetReader: snippetReader)
        var origins: [LineOrigin]?
        if markdown.utf8.withContiguousStorageIfAvailable({ BlockExtensions.mayApply($0, extensions) }) ?? true {
            let rewritten = blocks.rewrite(markdown)
            markdown = rewritten.text
            origins = rewritten.origins
        }
        let index = LineIndex(markdown)
        // Only feed + finish (inline parsing toggles the global tables) and rendering hold the
        // lock; walking the finished tree reads this document's nodes alone and runs on every core.
        guard let (parser, root) = Self.locked({ () -> (OpaquePointer, OpaquePointer)? in
            guard let parser = Self.newParser(doubleTildeOnly: extensions.has(.tilde)) else { return nil }
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
        walker.sanitizesHTML = sanitizesHTML
        walker.document.isSanitized = sanitizesHTML
        walker.extensions = extensions
        walker.collectsCode = collectsCode
        walker.keepsLinkText = keepsLinkText
        walker.walk(root)
        // A build holds every page's headings until it ends: without the room appending left.
        walker.document.headings = walker.document.headings.fitted()
        walker.document.anchors = walker.headingNodes.map(\.heading.id) + walker.rawAnchors
        walker.document.findings = walker.findings
        if let origins { walker.document.remap(origins) }
        walker.document.findings = blocks.findings + walker.document.findings
        // Footnote ids come from cmark-gfm's renderer, so a page with footnotes is rendered.
        guard renderingHTML || walker.hasFootnotes || blocks.hasSlugTabs else { return walker.document }
        walker.sanitizeRawHTML()
        walker.applyInlineAttributes()
        walker.applyFenceIDs()
        walker.applyInlineHilite()
        walker.applyInlineExtensions(root, abbreviations: blocks.abbreviations)
        walker.applyHighlighting()
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
        document.html = BlockExtensions.finish(attachHeadingIds(document.html), fragments: blocks.fragments)
        if containsBytes(document.html, "<table") { document.html = wrapTables(document.html) }
        if containsBytes(document.html, "<input type=\"checkbox\"") {
            let label = " aria-label=\"\(escapeHTML(extensions.taskLabel))\" />"
            document.html = document.html.replacingOccurrences(of: "<input type=\"checkbox\" disabled=\"\" />", with: "<input type=\"checkbox\" disabled=\"\"" + label)
                .replacingOccurrences(of: "<input type=\"checkbox\" checked=\"\" disabled=\"\" />", with: "<input type=\"checkbox\" checked=\"\" disabled=\"\"" + label)
        }
        // Heading ids and raw-HTML ids are known from the walk; cmark-gfm makes footnote ids
        // (`fn-1`, `fnref-1`, `fnref-1-2`) itself, so only a page with footnotes is scanned for them.
        if extensions.pythonFootnoteIDs, containsBytes(document.html, "data-footnote") {
            document.html = pythonFootnoteIDs(document.html)
        }
        if containsBytes(document.html, "data-footnote") || blocks.hasSlugTabs {
            document.anchors = HTMLAttributes.scan(document.html).filter { $0.name == "id" || $0.name == "name" }.map(\.value)
        }
        if !renderingHTML { document.html = "" }
        return document
    }
}

/// Every `<table>` inside `<div class="table-wrap">`, which scrolls sideways on its own, so a wide
/// table never makes the whole page scroll on a phone.
func wrapTables(_ html: String) -> String {
    var html = html
    return html.withUTF8 { bytes -> String in
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var copied = 0
        var index = 0
        // Each `<table>` (or `<table ...>`) gets the wrapper's start before it, each `</table>`
        // its end after it.
        var nextOpen = openingTable(in: bytes, from: 0)
        var nextClose = find(tableClose, in: bytes, from: 0)
        while nextOpen != nil || nextClose != nil {
            if let open = nextOpen, open < nextClose ?? Int.max {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<open]))
                out += tableWrapOpen
                copied = open
                index = open + 1
                nextOpen = openingTable(in: bytes, from: index)
            } else if let close = nextClose {
                let end = close + tableClose.count
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<end]))
                out += tableWrapClose
                copied = end
                index = end
                nextClose = find(tableClose, in: bytes, from: index)
                if let open = nextOpen, open < index { nextOpen = openingTable(in: bytes, from: index) }
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        return String(decoding: out, as: UTF8.self)
    }
}

private let tableOpen = Array("<table".utf8), tableClose = Array("</table>".utf8)
private let tableWrapOpen = Array("<div class=\"table-wrap\">".utf8), tableWrapClose = Array("</div>".utf8)

private func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    needle.withUnsafeBufferPointer { ByteSearch.firstOffset(of: $0, in: bytes, from: start) }
}

/// The next `<table` followed by `>` or a space, from `start`.
private func openingTable(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    var index = start
    while let found = find(tableOpen, in: bytes, from: index) {
        let after = found + tableOpen.count
        if after < bytes.count && (bytes[after] == UInt8(ascii: ">") || bytes[after] == UInt8(ascii: " ")) { return found }
        index = found + 1
    }
    return nil
}

/// Whether `text` contains `needle`, comparing UTF-8 bytes (Foundation's `contains` goes through
/// NSString and cost 9% of a build, measured with perf).
func containsBytes(_ text: String, _ needle: StaticString) -> Bool {
    let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
    guard !pattern.isEmpty else { return true }
    var text = text
    return text.withUTF8 { ByteSearch.firstOffset(of: pattern, in: $0) != nil }
}

/// cmark-gfm's footnote ids and links (`id="fn-1"`, `href="#fnref-1"`) in Python-Markdown's
/// form (`fn:1`, `fnref:1`), in one pass over the bytes.
func pythonFootnoteIDs(_ html: String) -> String {
    let bytes = Array(html.utf8)
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    let prefixes = [Array("id=\"fn".utf8), Array("href=\"#fn".utf8)]
    var index = 0
    while index < bytes.count {
        result.append(bytes[index])
        index += 1
        // After `id="fn` or `href="#fn`, an optional `ref`, then the `-` becomes `:`.
        guard bytes[index - 1] == UInt8(ascii: "n"), let prefix = prefixes.first(where: { result.count >= $0.count && result.suffix($0.count).elementsEqual($0) })
        else { continue }
        _ = prefix
        var probe = index
        if bytes[probe...].starts(with: Array("ref".utf8)) { probe += 3 }
        if probe < bytes.count, bytes[probe] == UInt8(ascii: "-") {
            result += bytes[index..<probe]
            result.append(UInt8(ascii: ":"))
            index = probe + 1
        }
    }
    return String(decoding: result, as: UTF8.self)
}

/// Turns `<h2>\u{1}id="id"\u{2}` (left by `markHeadings`, or attributes of a paragraph) into
/// `<h2 id="id">`, in one pass over
/// the UTF-8 bytes (U+0001 and U+0002 are single bytes there).
func attachHeadingIds(_ html: String) -> String {
    var html = html
    return html.withUTF8 { bytes in
        guard ByteSearch.firstOffset(of: 1, in: bytes) != nil else { return nil }
        return rewriteSentinels(bytes)
    } ?? html
}

/// A run of bytes up to the next marker goes in whole (a byte at a time, this was 2.6% of the
/// parse stage), found with `memchr` (`firstIndex(of:)` on the slice was 1% of a build).
private func rewriteSentinels(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count + 256)
    var index = 0
    while index < bytes.count {
        let next = ByteSearch.firstOffset(of: 1, in: bytes, from: index) ?? bytes.count
        if next > index { result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<next])) }
        index = next
        guard index < bytes.count else { break }
        guard let end = ByteSearch.firstOffset(of: 2, in: bytes, from: index) else {
            result.append(1)
            index += 1
            continue
        }
        if result.last == UInt8(ascii: ">") {
            result.removeLast()
            result.append(UInt8(ascii: " "))
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end]))
            result.append(UInt8(ascii: ">"))
        }
        index = end + 1
    }
    return String(decoding: result, as: UTF8.self)
}

extension String {
    func trimmingSpaces() -> String {
        // Most texts start and end with a visible ASCII character: nothing to trim, and no
        // Unicode properties to look up.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
