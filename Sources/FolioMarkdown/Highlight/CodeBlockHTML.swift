/// The HTML of a fenced code block, in pymdownx.highlight's shape so MkDocs themes style it:
///
///     <div class="language-python highlight"><span class="filename">app.py</span><pre><code class="language-python">…</code></pre></div>
///
/// With `linenums`, every line is a `<span class="line" data-n="1">` whose number the theme draws
/// (not text, so selecting or copying the code leaves it out); `hl_lines` adds `hll` to lines.
enum CodeBlockHTML {
    struct Options: Equatable {
        var title: String?
        var firstLine: Int?
        var highlightedLines: Set<Int> = []
    }

    /// The options of a fence's info string: `python title="a.py" linenums="1" hl_lines="2 3-4"`
    /// or `{ .python title="a.py" }`.
    static func options(_ info: String) -> Options {
        var rest = Substring(info).drop { $0 == " " }
        if rest.first == "{" {
            rest = rest.dropFirst().prefix { $0 != "}" }
        } else {
            rest = rest.drop { $0 != " " }
        }
        var options = Options()
        guard rest.contains("="), let list = AttributeList.parse(rest) else { return options }
        for (key, value) in list.pairs {
            switch key {
            case "title":
                options.title = value.isEmpty ? nil : value
            case "linenums":
                // `linenums="1"` or `linenums="10 2"` (start, step: the step is not drawn).
                if let first = value.split(separator: " ").first, let start = Int(first), start >= 0, start < 1_000_000_000 { options.firstLine = start }
            case "hl_lines":
                for part in value.split(separator: " ") where !part.hasPrefix("-") {
                    let bounds = part.split(separator: "-", maxSplits: 1).compactMap { Int($0) }
                    guard let low = bounds.first, low > 0, low < 1_000_000 else { continue }
                    let high = min(bounds.count == 2 ? bounds[1] : low, low + 10_000)
                    if high >= low { options.highlightedLines.formUnion(low...high) }
                }
            default:
                break
            }
        }
        return options
    }

    /// The block's HTML; `language` may be one Folio has no lexer for (then the code is plain).
    static func render(_ code: String, language: String, options: Options, highlighting: Bool = true) -> String {
        let bytes = Array(code.utf8)
        let lexer = highlighting ? Highlighter.language(named: language) : nil
        let tokens = lexer.map { Highlighter.tokens(bytes, language: $0) } ?? []
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2 + 160)
        let languageClass = language.isEmpty ? "" : "language-" + escapeHTML(language) + " "
        out += Array("<div class=\"\(languageClass)highlight\">".utf8)
        if let title = options.title { out += Array("<span class=\"filename\">\(escapeHTMLText(title))</span>".utf8) }
        out += Array("<pre><code".utf8)
        var classes: [String] = language.isEmpty ? [] : ["language-" + escapeHTML(language)]
        if options.firstLine != nil { classes.append("linenums") }
        if !classes.isEmpty { out += Array(" class=\"\(classes.joined(separator: " "))\"".utf8) }
        out += Array(">".utf8)
        let lines = options.firstLine != nil || !options.highlightedLines.isEmpty ? HTMLWriter.Lines(highlighted: options.highlightedLines, firstNumber: options.firstLine) : nil
        // cmark keeps the block's final newline; as in its own output, it stays inside <code>.
        HTMLWriter.write(bytes, tokens: tokens, lines: lines, to: &out)
        out += Array("</code></pre></div>\n".utf8)
        return String(decoding: out, as: UTF8.self)
    }
}
