import Foundation
import Testing

@testable import FolioMarkdown

/// Raw HTML and link URLs of a page, made safe as GitHub makes a README safe.
@Suite struct HTMLSanitizerTests {
    let parser = MarkdownParser()

    /// The rendered HTML of `markdown`, placeholders filled with each link's own destination.
    func html(_ markdown: String, parser: MarkdownParser = MarkdownParser()) -> String {
        parser.parse(markdown).html(hrefs: { _ in nil })
    }

    @Test(arguments: [
        ("[x](javascript:alert(1))", "<p><a>x</a></p>"),
        ("![i](javascript:alert(1))", "<p><img alt=\"i\" /></p>"),
        ("<javascript:alert(1)>", "<p><a>javascript:alert(1)</a></p>"),
        ("[d](data:text/html,x)", "<p><a>d</a></p>"),
        ("![s](data:image/svg+xml,x)", "<p><img alt=\"s\" /></p>"),
        ("![p](data:image/png;base64,AAAA)", "<p><img src=\"data:image/png;base64,AAAA\" alt=\"p\" /></p>"),
        ("[v](VBScript:x)", "<p><a>v</a></p>"),
        ("[t](<java\tscript:alert(1)>)", "<p><a>t</a></p>"),
        ("[ok](https://x.org/a?b=1&c=2) [m](mailto:a@b.c) [r](../a.md#b) [f](#top)",
            "<p><a href=\"https://x.org/a?b=1&amp;c=2\">ok</a> <a href=\"mailto:a@b.c\">m</a> <a href=\"../a.md#b\">r</a> <a href=\"#top\">f</a></p>"),
    ])
    func markdownLinksKeepOnlySafeURLs(markdown: String, expected: String) {
        #expect(html(markdown).trimmingCharacters(in: .newlines) == expected)
    }

    @Test(arguments: [
        ("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href='jav&#x09;ascript:alert(1)'>x</a>", "<a>x</a>"),
        ("<a href=\"&#106;avascript:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\"javascript&colon;alert(1)\">x</a>", "<a href=\"javascript&amp;colon;alert(1)\">x</a>"),
        ("<img src=x onerror=\"alert(1)\">", "<img src=\"x\">"),
        ("<b onmouseover=alert(1) title='a\"b'>b</b>", "<b title=\"a&quot;b\">b</b>"),
        ("<a href='x\"onclick=alert(1)'>q</a>", "<a href=\"x%22onclick=alert(1)\">q</a>"),
        ("<img src=\"data:image/png;base64,AA\" alt=ok>", "<img src=\"data:image/png;base64,AA\" alt=\"ok\">"),
        ("<a href=\"data:image/png;base64,AA\">d</a>", "<a>d</a>"),
        ("<details open><summary>S</summary>", "<details open><summary>S</summary>"),
        // Found by fuzzing: an aria- name is kept only when it is letters, never with markup in it.
        ("<details aria-label=x aria-x<script>y>", "<details aria-label=\"x\">y>"),
        ("<p style=\"position:fixed\" align=center>x</p>", "<p align=\"center\">x</p>"),
        ("<form action=\"https://evil\"><input name=x></form>", ""),
        ("<svg><script>alert(1)</script></svg>", ""),
        ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", ""),
        ("<!-- c --!><img src=x onerror=alert(1)>", "<img src=\"x\">"),
        ("<!--><img src=x onerror=alert(1)>-->", "<img src=\"x\">-->"),
        ("<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">", ""),
        ("<base href=\"https://evil/\">", ""),
        ("<picture><source media=\"(prefers-color-scheme: dark)\" srcset=\"dark.png, javascript:x 2x\"><img src=light.png></picture>",
            "<picture><source media=\"(prefers-color-scheme: dark)\"><img src=\"light.png\"></picture>"),
    ])
    func rawHTMLIsSanitized(raw: String, expected: String) {
        // An HTML block: the whole line is one raw literal.
        #expect(html("<div>\(raw)</div>\n") == "<div>\(expected)</div>\n")
    }

    /// Links' URLs are escaped as cmark-gfm's houdini escapes them: every ASCII character, and
    /// bytes beyond ASCII, each in its own URL and in one with all of them.
    @Test func hrefsAreEscapedAsHoudiniEscapesThem() {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+!*(),%#@?=;:/$~".utf8)
        func expected(_ text: String) -> String {
            text.utf8.map { byte in
                byte == UInt8(ascii: "&") ? "&amp;" : byte == UInt8(ascii: "'") ? "&#x27;"
                    : safe.contains(byte) ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }.joined()
        }
        var all = ""
        for code in 1..<128 {
            let text = "a" + String(UnicodeScalar(UInt8(code))) + "b"
            #expect(escapeHref(text) == expected(text), "\(code)")
            all += text
        }
        for text in ["docs/instalação.md#passo-2", "ü", all + "é"] { #expect(escapeHref(text) == expected(text), "\(text)") }
        #expect(escapeHref("a b&c'd") == "a%20b&amp;c&#x27;d")
        #expect(escapeHref("guide/setup/#install") == "guide/setup/#install")
    }

    @Test func scriptAndStyleBlocksDisappearWithTheirContent() {
        let rendered = html("<script>\nalert(1)\n</script>\n\n<style>body{display:none}</style>\n\nafter\n")
        #expect(!rendered.contains("alert"))
        #expect(!rendered.contains("display"))
        #expect(rendered.contains("<p>after</p>"))
    }

    /// Hostile inputs from XSS filter-evasion lists: nothing that runs script survives.
    @Test func noHostileInputRunsScript() {
        let inputs = [
            "<IMG SRC=\"javascript:alert('XSS');\">", "<IMG SRC=JaVaScRiPt:alert('XSS')>", "<IMG SRC=`javascript:alert(\"XSS\")`>",
            "<a onmouseover=\"alert(document.cookie)\">xxs link</a>", "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
            "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>", "<IMG SRC=# onmouseover=\"alert('xxs')\">",
            "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
            "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
            "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058>",
            "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61>", "<IMG SRC=\"jav\tascript:alert('XSS');\">",
            "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">", "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
            "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>", "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
            "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>", "<IMG SRC=\"`<javascript:alert>`('XSS')\"", "<iframe src=http://xss.rocks/scriptlet.html <",
            "<svg/onload=alert('XSS')>", "<BODY BACKGROUND=\"javascript:alert('XSS')\">", "<IMG DYNSRC=\"javascript:alert('XSS')\">",
            "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">", "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
            "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">", "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
            "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">", "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
            "<EMBED SRC=\"data:image/svg+xml;base64,PHN2Zz4=\" type=\"image/svg+xml\"></EMBED>", "<a href=\"\u{1}javascript:alert(1)\">x</a>",
            "<a href=\" javascript:alert(1)\">x</a>", "<a href=\"JAVASCRIPT:alert(1)\">x</a>", "<a href=\"javascript\n:alert(1)\">x</a>",
            "<details open ontoggle=alert(1)>", "<video poster=javascript:alert(1)>", "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>", "<img src=\"x` `<script>alert(1)</script>\"` `>",
            "<a/href=\"javascript:alert(1)\">x</a>", "<a href=javascript:alert(1)//>x</a>", "<textarea><script>alert(1)</script></textarea>",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<a href=\"jav&Tab;ascript:alert(1)\">x</a>",
        ]
        for input in inputs {
            for markdown in [input, "<div>\n\n\(input)\n\n</div>", "text \(input) text", "> \(input)", "- \(input)"] {
                let rendered = html(markdown)
                // Every attribute of every tag (text shown as `&lt;...&gt;` is no tag).
                for attribute in HTMLAttributes.scan(rendered) {
                    #expect(!attribute.name.hasPrefix("on") && attribute.name != "style", "\(markdown) -> \(rendered)")
                    if ["href", "src", "poster", "srcset", "background", "action", "formaction", "data"].contains(attribute.name) {
                        #expect(HTMLSanitizer.isSafeURL(attribute.value, isImage: true), "\(markdown) -> \(rendered)")
                    }
                }
                let lowered = rendered.lowercased()
                for element in ["<script", "<svg", "<iframe", "<style", "<object", "<embed", "<link", "<meta", "<base", "<form", "<input", "<body", "<math"] {
                    #expect(!lowered.contains(element), "\(markdown) -> \(rendered)")
                }
            }
        }
    }

    @Test func theOptOutPublishesRawHTMLAsWritten() {
        var unsafe = MarkdownParser()
        unsafe.sanitizesHTML = false
        #expect(html("<b onclick=\"go()\">b</b> [x](javascript:go())", parser: unsafe).contains("<b onclick=\"go()\">b</b> <a href=\"javascript:go()\">x</a>"))
    }

    @Test(arguments: [
        ("https://x", false, true), ("HTTP://x", false, true), ("mailto:a@b", false, true), ("../a.md", false, true), ("#x", false, true),
        ("//cdn/x", false, true), ("a/b:c", false, true), ("javascript:x", false, false), (" \u{1}JavaScript:x", false, false),
        ("java\nscript:x", false, false), ("data:image/png;base64,A", true, true), ("data:image/png;base64,A", false, false),
        ("data: image/gif,x", true, true), ("data:image/svg+xml,x", true, false), ("file:///etc/passwd", false, false), ("ftp://x", false, false),
    ])
    func urlSafety(url: String, isImage: Bool, isSafe: Bool) {
        #expect(HTMLSanitizer.isSafeURL(url, isImage: isImage) == isSafe)
    }
}

/// The limits a page is held to before cmark-gfm builds it.
@Suite struct MarkdownGuardTests {
    func table(columns: Int, rows: Int, prefix: String = "") -> String {
        prefix + "|" + Array(repeating: "a", count: columns).joined(separator: "|") + "|\n" + prefix + "|"
            + Array(repeating: "-", count: columns).joined(separator: "|") + "|\n" + String(repeating: prefix + "|x\n", count: rows)
    }

    @Test func amplifyingTablesAreFoundWhereTheyStart() {
        let text = "# T\n\nText\n\n" + table(columns: 1_000, rows: 10_000)
        #expect(MarkdownGuard.largeTable(in: text) == MarkdownGuard.LargeTable(line: 5, columns: 1_000, rows: 10_002))
        #expect(MarkdownGuard.largeTable(in: "> quoted\n>\n" + table(columns: 600, rows: 900, prefix: "> "))?.line == 3)
        let refused = MarkdownParser().parse(text)
        #expect(refused.refusal?.line == 5 && refused.html.isEmpty && refused.links.isEmpty)
    }

    @Test func ordinaryTablesAndLookalikesPass() {
        #expect(MarkdownGuard.largeTable(in: table(columns: 2, rows: 50_000)) == nil)
        #expect(MarkdownGuard.largeTable(in: "Title\n---\n" + String(repeating: "text\n", count: 600_000)) == nil, "a setext underline is no table")
        #expect(MarkdownGuard.largeTable(in: "a\n\n---\n" + String(repeating: "x\n", count: 600_000)) == nil, "a thematic break is no table")
        #expect(MarkdownGuard.largeTable(in: table(columns: 300, rows: 900) + "\n" + table(columns: 300, rows: 900)) != nil, "the page's tables add up")
        #expect(MarkdownParser().parse(table(columns: 3, rows: 3)).refusal == nil)
    }

    /// Found by fuzzing: cmark ends a line at a lone \r too, so the guard must, or a table hidden
    /// behind carriage returns is counted wrong.
    @Test func carriageReturnsEndLinesAsForCmark() {
        let text = "|a|b|\r|-|-|\r" + String(repeating: "|x|y|\r", count: 30)
        #expect(MarkdownGuard.largeTable(in: text, maximumCells: 50) == MarkdownGuard.LargeTable(line: 1, columns: 2, rows: 32))
    }
}

/// Found by fuzzing: a delimiter row under a header with another number of cells (`-|\` has
/// two, `|-` one) makes no table in cmark-gfm, so a real table can start a few lines further
/// down; and cmark-gfm's table rows take \v and \f as spaces.
@Suite struct MarkdownGuardWiderTableTests {
    @Test func aWiderTableInsideWhatLookedLikeATableIsCounted() {
        let text = "-|\\\n|-\n:|y\n-|-\n" + String(repeating: "x\n", count: 30)
        let html = MarkdownParser().parse(text).html
        #expect(html.components(separatedBy: "<td").count - 1 == 60, "cmark-gfm makes a two-column table of 30 rows")
        #expect(MarkdownGuard.largeTable(in: text, maximumCells: 50) != nil)
        #expect(MarkdownGuard.largeTable(in: text, maximumCells: 50) == MarkdownGuard.LargeTable(line: 3, columns: 2, rows: 32), "the refusal names the table's line")
        #expect(MarkdownGuard.largeTable(in: text, maximumCells: 80) == nil)
        // At full size, the amplifying table behind such a paragraph: 10 million cells to cmark-gfm.
        let wide = "|" + Array(repeating: "a", count: 1_000).joined(separator: "|") + "|\n|" + Array(repeating: "-", count: 1_000).joined(separator: "|") + "|\n"
        let hidden = "-|\\\n|-\n" + wide + String(repeating: "x\n", count: 10_000)
        #expect(MarkdownGuard.largeTable(in: hidden)?.columns == 1_000)
        #expect(MarkdownParser().parse(hidden).refusal != nil)
    }

    /// Found by fuzzing too: `:-` without a pipe is no setext underline but a one-column table.
    @Test func anAlignedDelimiterRowWithoutPipesMakesATable() {
        let text = "a|b\n\nheader\n:-\n" + String(repeating: "row\n", count: 60)
        #expect(MarkdownParser().parse(text).html.components(separatedBy: "<td").count - 1 == 60)
        #expect(MarkdownGuard.largeTable(in: text, maximumCells: 50) == MarkdownGuard.LargeTable(line: 3, columns: 1, rows: 62))
        #expect(MarkdownGuard.largeTable(in: "a|b\n\nTitle\n---\n" + String(repeating: "row\n", count: 60), maximumCells: 50) == nil, "still a setext heading")
    }

    @Test func verticalTabsAndFormFeedsAreSpacesInADelimiterRow() {
        for space in ["\u{0B}", "\u{0C}"] {
            let text = "a|b\n-|" + space + "-" + space + "\n" + String(repeating: "c|d\n", count: 30)
            #expect(MarkdownParser().parse(text).html.components(separatedBy: "<td").count - 1 == 60)
            #expect(MarkdownGuard.largeTable(in: text, maximumCells: 50) == MarkdownGuard.LargeTable(line: 1, columns: 2, rows: 32))
        }
    }
}

/// Found by fuzzing: a "prepend" scalar (U+06DD) joins the character after it into one Swift
/// Character, so escaping Character by Character let a quote or `&` through.
@Suite struct PrependScalarTests {
    @Test func escapingSeesEveryScalar() {
        let prepend = "\u{6DD}"
        let title = escapeHTML("x" + prepend + "\"><script>")
        #expect(title == "x" + prepend + "&quot;&gt;&lt;script&gt;")
        let mixed = escapeHTML(prepend + "&" + prepend + "'")
        #expect(mixed == prepend + "&amp;" + prepend + "&#39;")
        let decoded = HTMLAttributes.decodeReferences(Array((prepend + "&quot;").utf8)[...])
        #expect(decoded == prepend + "\"")
    }

    @Test func sanitizingIsStableAcrossPrependScalars() {
        let prepend = "\u{6DD}"
        let input = Array(("<source src=" + prepend + "\"pgn. alt=" + prepend + "&amp;>").utf8)
        let once = HTMLSanitizer.sanitize(input)
        let twice = HTMLSanitizer.sanitize(once)
        #expect(twice == once)
        let text = String(decoding: once, as: UTF8.self)
        #expect(text == "<source src=\"" + prepend + "&quot;pgn.\">")
    }
}

/// Found by fuzzing (a segmentation fault in cmark_node_get_title): an image is freed with its
/// description, and links or raw HTML inside that description were touched again afterwards.
@Suite struct NestedInImageTests {
    @Test func linksAndHTMLInsideAnImageDescription() {
        let document = MarkdownParser().parse("![[x](y.md)](z.png) and ![<b>a</b>](p.png) [![b](c.png)](d.md)\n")
        #expect(document.links.map(\.destination) == ["z.png", "y.md", "p.png", "d.md", "c.png"])
        let html = document.html(hrefs: { _ in nil })
        #expect(html == "<p><img src=\"z.png\" alt=\"x\" /> and <img src=\"p.png\" alt=\"&lt;b&gt;a&lt;/b&gt;\" /> <a href=\"d.md\"><img src=\"c.png\" alt=\"b\" /></a></p>\n")
    }

    @Test func escapedHTMLInsideAnImageOfGeneratedContent() {
        var parser = MarkdownParser()
        parser.allowsRawHTML = false
        let html = parser.parse("![<b>a</b> [x](y.md)](p.png)\n").html(hrefs: { _ in nil })
        #expect(html.contains("<img src=\"p.png\""))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
