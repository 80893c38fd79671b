import Testing
import FolioMarkdown

@Suite struct MarkdownParserTests {
    let parser = MarkdownParser()

    @Test func headingsGetIdsInHTML() {
        let document = parser.parse("## Instalação rápida\n\n## Configuração do `worker`\n\n## *Setup*\n\n## Setup\n")
        #expect(document.headings.map(\.id) == ["instalação-rápida", "configuração-do-worker", "setup", "setup-1"])
        #expect(document.headings[1].text == "Configuração do worker")
        #expect(document.html.contains("<h2 id=\"instalação-rápida\">Instalação rápida<a class=\"heading-anchor\" href=\"#instalação-rápida\""))
        #expect(
            document.html.contains(
                "<h2 id=\"configuração-do-worker\">Configuração do <code>worker</code><a class=\"heading-anchor\" href=\"#configuração-do-worker\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n"
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

    @Test func rewriterChangesHTMLNotExtractedDestination() {
        let document = parser.parse("[a](a.md#x) ![i](img.png)\n") { $0 == "a.md#x" ? "../a/#x" : nil }
        #expect(document.html.contains("<a href=\"../a/#x\">a</a>"))
        #expect(document.html.contains("<img src=\"img.png\" alt=\"i\" />"))
        #expect(document.links.first?.destination == "a.md#x")
        #expect(document.images.first?.destination == "img.png")
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
        let html = parser.parse("~~old~~ www.example.com\n\n- [x] done\n\n<script>alert(1)</script>\n").html
        #expect(html.contains("<del>old</del>"))
        #expect(html.contains("<a href=\"http://www.example.com\">www.example.com</a>"))
        #expect(html.contains("checked=\"\""))
        #expect(html.contains("&lt;script>"))
    }

    @Test func sourcePositionsStayOutOfHTML() {
        #expect(!parser.parse("# T\n\ntext\n").html.contains("data-sourcepos"))
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
}
