import FolioMarkdown
import FolioText
import Testing

@Suite struct MarkdownParserTests {
    let parser = MarkdownParser()

    @Test func headingsGetIdsInHTML() {
        let document = parser.parse("## Instalação rápida\n\n## Configuração do `worker`\n\n## *Setup*\n\n## Setup\n")
        #expect(document.headings.map(\.id) == ["instalação-rápida", "configuração-do-worker", "setup", "setup-1"])
        #expect(document.headings[1].text == "Configuração do worker")
        #expect(document.html.contains("<h2 id=\"instalação-rápida\">Instalação rápida<a class=\"heading-anchor\" href=\"#instalação-rápida\""))
        #expect(
            document.html.contains(
                "<h2 id=\"configuração-do-worker\">Configuração do <code>worker</code><a class=\"heading-anchor\" href=\"#configuração-do-worker\" aria-label=\"Link to this section: Configuração do worker\">#</a></h2>\n"
            ))
        #expect(document.html.contains("<h2 id=\"setup\"><em>Setup</em>"))
    }

    @Test func linksKeepLineAndScalarColumn() {
        let document = parser.parse("Olá, é [setup](docs/setup.md#instalação) e <https://x.org>.\n")
        #expect(document.links.map(\.destination) == ["docs/setup.md#instalação", "https://x.org"])
        #expect(document.links[0].position == TextPosition(line: 1, column: 8))
        #expect(document.links[1].isAutolink)
        #expect(!document.links[0].isAutolink)
    }

    @Test func linksInTablesTasksAndFootnotesAreFound() {
        let text = "| a |\n|---|\n| [c](c.md) |\n\n- [ ] [t](t.md)\n\nx[^1]\n\n[^1]: [f](f.md)\n"
        let document = parser.parse(text)
        #expect(document.links.filter { !$0.destination.hasPrefix("#") }.map(\.destination) == ["c.md", "t.md", "f.md"])
        #expect(document.links.first { $0.destination == "c.md" }?.position == TextPosition(line: 3, column: 3))
    }

    @Test func linksAndImagesInTableCellsAreRendered() {
        // A table cell may hold only some inline kinds; links used to vanish from tables.
        let document = parser.parse("| a | b |\n|---|---|\n| [c](c.md \"t\") | ![i](i.png) **x** |\n")
        #expect(
            document.htmlAsWritten.contains(
                "<td><a href=\"c.md\" title=\"t\">c</a></td>\n<td><img src=\"i.png\" alt=\"i\" /> <strong>x</strong></td>"))
    }

    @Test func directiveBlocksAreReplacedAndGeneratedHTMLIsEscaped() {
        let document = parser.parse("# A\n\n```folio\nruns: x\n```\n\n[a](a.md)\n")
        #expect(document.directiveBlocks == [0])
        #expect(!document.htmlAsWritten.contains("runs: x"))
        var generated = MarkdownParser()
        generated.allowsRawHTML = false
        generated.headingsBefore = ["A"]
        // A folio block inside generated content is not expanded again: it stays a code block.
        let fragment = generated.parse("## A\n\n<b>x</b> [g](g.md) <img src=x.png>\n\n```folio\nnested: x\n```\n")
        #expect(fragment.links.map(\.destination) == ["g.md"], "raw HTML from YAML is text and holds no links")
        let merged = document.expandingDirectives([0: fragment])
        #expect(merged.links.map(\.destination) == ["a.md", "g.md"])
        #expect(merged.headings.map(\.id) == ["a", "a-1"])
        #expect(
            merged.htmlAsWritten.contains(
                "<h2 id=\"a-1\">A<a class=\"heading-anchor\" href=\"#a-1\" aria-label=\"Link to this section: A\">#</a></h2>\n<p>&lt;b&gt;x&lt;/b&gt; <a href=\"g.md\">g</a> &lt;img src=x.png&gt;</p>\n<div class=\"language-folio highlight\"><pre><code class=\"language-folio\">nested: x\n</code></pre></div>\n<p><a href=\"a.md\">a</a></p>"
            ))
    }

    @Test func placeholdersAreFilledInAtRenderTime() {
        let document = parser.parse("[a](a.md#x \"T&\") ![i *b*](img.png) [e](<https://x.org/a b'c&d>)\n")
        #expect(document.links.map(\.destination) == ["a.md#x", "img.png", "https://x.org/a b'c&d"])
        #expect(document.links.map(\.kind) == [.link, .image, .link])
        #expect(document.images.map(\.destination) == ["img.png"])
        let html = document.html { $0 == 0 ? "../a/#x" : nil }
        #expect(
            html
                == "<p><a href=\"../a/#x\" title=\"T&amp;\">a</a> <img src=\"img.png\" alt=\"i b\" /> <a href=\"https://x.org/a%20b&#x27;c&amp;d\">e</a></p>\n"
        )
    }

    /// With every destination kept, the HTML is byte for byte what cmark-gfm renders itself.
    @Test func keptDestinationsRenderAsCmarkDoes() {
        let document = parser.parse("[t](<a b\"'&[]^`{|}~!$()*+,;=:@?#%é> \"ti\\\"t&le<>'\") ![al *t* `c` <b>x</b>](i.png \"T\")\n")
        #expect(
            document.htmlAsWritten
                == "<p><a href=\"a%20b%22&#x27;&amp;%5B%5D%5E%60%7B%7C%7D~!$()*+,;=:@?#%%C3%A9\" title=\"ti&quot;t&amp;le&lt;&gt;'\">t</a> <img src=\"i.png\" alt=\"al t c &lt;b&gt;x&lt;/b&gt;\" title=\"T\" /></p>\n"
        )
    }

    /// Found by fuzzing: cmark-gfm reads U+0000 as U+FFFD, so a raw HTML link after NULs was
    /// placed past its line when Folio's copy of the text kept them.
    @Test func aRawHTMLLinkAfterANulKeepsItsLine() {
        let document = parser.parse("\u{0}\u{0}<a href=\"x.md\">x</a>\n")
        #expect(document.links.map(\.position) == [TextPosition(line: 1, column: 12)])
    }

    @Test func rawHTMLReferencesAreLinksWithTheirPositions() {
        let text =
            "Intro\n\n<p align=\"center\">\n  <img alt=\"logo\" src=\"img/logo.png\">\n</p>\n\n> <a href='docs/setup.md#instalação'>setup</a>\n\nÉ <a href=\"x.md?a=1&amp;b=2\">x</a>\n"
        let document = parser.parse(text)
        #expect(document.links.map(\.destination) == ["img/logo.png", "docs/setup.md#instalação", "x.md?a=1&b=2"])
        #expect(document.links.map(\.kind) == [.html, .html, .html])
        #expect(
            document.links.map(\.position) == [
                TextPosition(line: 4, column: 24), TextPosition(line: 7, column: 12), TextPosition(line: 9, column: 12),
            ])
        #expect(document.htmlAsWritten.contains("<img alt=\"logo\" src=\"img/logo.png\">"))
        #expect(document.htmlAsWritten.contains("<a href=\"x.md?a=1&amp;b=2\">x</a>"))
        #expect(document.html { $0 == 0 ? "../img/logo.png" : nil }.contains("src=\"../img/logo.png\""))
    }

    @Test func bareAutolinksCarryTheirRealPositions() {
        let document = parser.parse("Intro\n\nVeja https://x.org/a e www.ex.com ou me@x.org.\n\n| a |\n|---|\n| é https://y.org |\n")
        #expect(document.links.map(\.destination) == ["https://x.org/a", "http://www.ex.com", "mailto:me@x.org", "https://y.org"])
        #expect(
            document.links.map(\.position) == [
                TextPosition(line: 3, column: 6), TextPosition(line: 3, column: 24), TextPosition(line: 3, column: 38),
                TextPosition(line: 7, column: 5),
            ])
        #expect(document.links.allSatisfy { $0.isAutolink })
    }

    @Test func anchorsAreHeadingsFootnotesAndRawHTMLIds() {
        let document = parser.parse("# Título\n\nx[^n]\n\n<a id=\"legado\"></a>\n<span name='old'>o</span>\n\n`<a id=\"not\">`\n\n[^n]: nota\n")
        #expect(document.anchors == ["título", "fnref-n", "legado", "old", "fn-n"])
    }

    @Test func nothingInCodeIsALink() {
        let document = parser.parse("`[a](b.md)` and\n\n```html\n<a href=\"c.md\">c</a>\n```\n")
        #expect(document.links.isEmpty)
    }

    @Test func codeBlocksKeepLanguageAndFirstCodeLine() {
        let document = parser.parse("Intro\n\n```bash title=x\nmake llm-setup\ndocker compose up -d\n```\n")
        let block = document.codeBlocks.first
        #expect(block?.language == "bash")
        #expect(block?.code == "make llm-setup\ndocker compose up -d\n")
        #expect(block?.position.line == 4)
        #expect(block?.isFenced == true)
    }

    @Test func gfmExtensionsRender() {
        let html = parser.parse("~~old~~ www.example.com\n\n- [x] done\n\n<script>alert(1)</script>\n").htmlAsWritten
        #expect(html.contains("<del>old</del>"))
        #expect(html.contains("<a href=\"http://www.example.com\">www.example.com</a>"))
        #expect(html.contains("checked=\"\""))
        #expect(!html.contains("script") && !html.contains("alert"), "a script goes with its content, as on GitHub")
    }

    @Test func sourcePositionsStayOutOfHTML() {
        #expect(!parser.parse("# T\n\ntext\n").html.contains("data-sourcepos"))
    }

    /// The replacement in CCmarkThreads is in effect, so parses run on every core.
    @Test func parsingIsThreadSafeHere() {
        #expect(MarkdownParser.isThreadSafe)
    }

    /// Pages parsed on every core at once give exactly what one-at-a-time parsing gives:
    /// strikethrough, autolinks, tables, task lists, footnotes, headings and links.
    @Test func concurrentParsesMatchSerialParses() async {
        let pages = (0..<300).map { index in
            """
            # Page \(index)

            ~~old \(index)~~ see www.example.org/\(index) and https://example.com/x\(index).

            | a | b |
            | --- | --- |
            | [l](p\(index).md#s) | ~~t~~ |

            - [x] done \(index)
            - [ ] todo[^n]

            [^n]: note \(index)

            ## Seção \(index % 7)
            """
        }
        let serial = pages.map { parser.parse($0) }
        let concurrent = await withTaskGroup(of: (Int, MarkdownDocument).self) { group in
            for (index, page) in pages.enumerated() { group.addTask { (index, parser.parse(page)) } }
            var documents = [MarkdownDocument?](repeating: nil, count: pages.count)
            for await (index, document) in group { documents[index] = document }
            return documents
        }
        #expect(serial.allSatisfy { $0.htmlAsWritten.contains("<del>") && $0.htmlAsWritten.contains("href=\"http://www.example.org/") })
        for index in pages.indices { #expect(concurrent[index] == serial[index], "page \(index)") }
    }

    @Test func concurrentParsesKeepStrikethrough() async {
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask { parser.parse("Line \(index) ~~gone~~ and ~~also~~ | x |\n").html.contains("<del>gone</del>") }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 })
    }
}

@Suite struct SentinelTests {
    @Test func controlCharactersInTextCannotForgeHeadingIds() {
        let html = MarkdownParser().parse("## A\u{1}evil\u{2} title\n\ntext \u{1}x\u{2} more\n").html
        #expect(html.contains("<h2 id=\"aevil-title\">A\u{FFFD}evil\u{FFFD} title"))
        #expect(html.contains("text \u{FFFD}x\u{FFFD} more"))
    }

    @Test func controlCharactersInTextCannotForgeLinkPlaceholders() {
        let document = MarkdownParser().parse("[a](a.md) text \u{3}0\u{4} <b title=\"\u{3}0\u{4}\">x</b>\n")
        let html = document.html { _ in "FILLED" }
        #expect(html == "<p><a href=\"FILLED\">a</a> text \u{FFFD}0\u{FFFD} <b title=\"\u{FFFD}0\u{FFFD}\">x</b></p>\n")
    }

    @Test func controlCharactersInTextCannotForgeDirectives() {
        let document = MarkdownParser().parse("```folio\nruns: x\n```\n\ntext \u{5}0\u{5}\n")
        let merged = document.expandingDirectives([0: MarkdownParser().parse("GENERATED\n")])
        #expect(merged.html == "<p>GENERATED</p>\n<p>text \u{FFFD}0\u{FFFD}</p>\n")
    }
}

/// A build and the link check leave code spans out (only the command check reads them); the
/// links they find, and where, are the same either way.
@Suite struct CodeSpansLeftOutTests {
    @Test func linksAndTheirPlacesAreTheSameWithoutCodeSpans() {
        let text = """
            # Links

            See `https://example.org/a` then https://example.org/a and `x` www.example.org/b.

            `https://example.org/c` https://example.org/c `https://example.org/c` https://example.org/c

            - `make build` then <https://example.org/d>
            - https://example.org/e `https://example.org/e`

            > `a` [text](x.md) `b` https://example.org/f
            """
        var parser = MarkdownParser()
        let withSpans = parser.parse(text, renderingHTML: false)
        parser.collectsCode = false
        let without = parser.parse(text, renderingHTML: false)
        #expect(withSpans.codeSpans.count == 8)
        #expect(without.codeSpans.isEmpty)
        #expect(without.links == withSpans.links)
        #expect(without.headings == withSpans.headings && without.anchors == withSpans.anchors)
        #expect(withSpans.links.map(\.position.column) == [34, 64, 25, 71, 22, 3, 7, 24])
    }
}

/// `Link` keeps its rare fields in a box and its position in 32 bits: each still reads back as
/// set, and a link whose box was emptied equals one that never had it.
@Suite struct LinkLayoutTests {
    @Test func everyFieldReadsBackAsSet() {
        var link = Link(destination: "a.md#b", text: "A", position: TextPosition(line: 7, column: 3), written: "a.md#b")
        #expect(link.written == "a.md#b" && link.file == nil)
        link.file = "data/x.yaml"
        link.position = TextPosition(line: 120_000, column: 4_096)
        #expect(link.written == "a.md#b" && link.file == "data/x.yaml")
        #expect(link.position == TextPosition(line: 120_000, column: 4_096))
        link.written = ""
        link.file = nil
        #expect(link == Link(destination: "a.md#b", text: "A", position: TextPosition(line: 120_000, column: 4_096)))
        #expect(link != Link(destination: "a.md#b", text: "A", position: TextPosition(line: 120_000, column: 4_097)))
        link.text = ""
        #expect(link == Link(destination: "a.md#b", text: "", position: TextPosition(line: 120_000, column: 4_096)))
    }

    /// A page's destinations share one string: each link still reads its own, byte for byte
    /// (multi-byte characters, a combining accent that would join the next destination's first
    /// letter, an empty one), equals the link it was, and can be given a destination of its own.
    @Test func packedLinksReadTheirOwnDestinations() {
        let destinations = ["a.md#b", "instala\u{E7}\u{E3}o.md#configura\u{E7}\u{E3}o", "", "e\u{301}", "https://example.org/a?b=c#d", "x.md"]
        let links = destinations.enumerated().map { Link(destination: $1, text: "", position: TextPosition(line: $0 + 1, column: 1)) }
        var packed = Link.packed(links)
        #expect(packed.map(\.destination) == destinations)
        #expect(packed.map { Array($0.destination.utf8) } == destinations.map { Array($0.utf8) })
        #expect(packed == links)
        packed[1].destination = "other.md"
        #expect(packed.map(\.destination) == [destinations[0], "other.md"] + destinations[2...])
        #expect(Link.packed([links[0]]) == [links[0]])
    }

    /// The parser hands out its links packed: the same destinations as written.
    @Test func parsedLinksKeepTheirDestinations() {
        let document = MarkdownParser().parse("[a](a.md#x) ![b](img/b.png) <https://example.org/c> [d](<d e.md>) <a href=\"f.html\">f</a>\n")
        #expect(document.links.map(\.destination) == ["a.md#x", "img/b.png", "https://example.org/c", "d e.md", "f.html"])
    }

    /// Without `collectsCode` (a build, the link check) code blocks keep no code, but a
    /// `folio` block keeps its own: compile expands it.
    @Test func codeIsKeptOnlyWhereItIsRead() {
        let text = "```bash\nmake llm-setup\n```\n\n```folio\ntable: runbooks\n```\n\nRun `make test`.\n"
        var parser = MarkdownParser()
        let with = parser.parse(text)
        parser.collectsCode = false
        let without = parser.parse(text)
        #expect(with.codeBlocks.map(\.code) == ["make llm-setup\n", "table: runbooks\n"])
        #expect(without.codeBlocks.map(\.code) == ["", "table: runbooks\n"])
        #expect(without.codeBlocks.map(\.language) == ["bash", "folio"] && without.codeSpans.isEmpty && with.codeSpans.count == 1)
        #expect(without.html == with.html)
    }
}
