import FolioText
import Testing

@testable import FolioMarkdown

/// Python-Markdown's and pymdown-extensions' syntax, rendered with their class names, with
/// positions kept for the checks.
@Suite struct MarkdownExtensionsTests {
    func render(_ text: String, _ extensions: MarkdownExtensions = .all) -> MarkdownDocument {
        var parser = MarkdownParser(slugs: .pythonMarkdown)
        parser.extensions = extensions
        return parser.parse(text)
    }

    @Test func admonitionBodyIsMarkdownAndKeepsPositions() {
        let document = render("""
            !!! tip "Use [links](other.md)"
                Body with [a link](x.md).

                ```bash
                make llm-setup
                ```
            """)
        #expect(document.html.hasPrefix("<div class=\"admonition tip\">\n<p class=\"admonition-title\">Use <a href=\"\u{3}0\u{4}\">links</a></p>\n<p>Body with"))
        #expect(document.html.hasSuffix("</code></pre></div>\n</div>\n"))
        #expect(document.links.map(\.position) == [TextPosition(line: 1, column: 14), TextPosition(line: 2, column: 15)])
        #expect(document.codeBlocks.map(\.position) == [TextPosition(line: 5, column: 5)])
        #expect(!document.html.contains("!!!"))
    }

    @Test func titlesTypesAndEmptyTitles() {
        #expect(render("!!! note\n    x\n").html == "<div class=\"admonition note\">\n<p class=\"admonition-title\">Note</p>\n<p>x</p>\n</div>\n")
        #expect(render("!!! danger \"\"\n    x\n").html == "<div class=\"admonition danger\">\n<p>x</p>\n</div>\n")
        #expect(render("!!! danger highlight \"Hi\"\n    x\n").html.hasPrefix("<div class=\"admonition danger highlight\">\n<p class=\"admonition-title\">Hi</p>"))
    }

    @Test func twoSpaceIndentedAdmonitionStaysText() {
        // Python-Markdown only sees `!!!` at a block's start; indented by two it is paragraph text.
        let html = render("Text\n\n  !!! note\n      body\n").html
        #expect(html.contains("!!! note"))
        #expect(!html.contains("admonition"))
    }

    @Test func detailsAndAlerts() {
        #expect(render("??? note \"More\"\n    hidden\n").html == "<details class=\"note\"><summary>More</summary>\n<p>hidden</p>\n</details>\n")
        #expect(render("???+ warning\n    shown\n").html.hasPrefix("<details class=\"warning\" open=\"open\"><summary>Warning</summary>"))
        let alert = render("> [!WARNING]\n> Careful [here](a.md)\n", MarkdownExtensions(enabled: []))
        #expect(alert.html == "<div class=\"admonition warning\">\n<p class=\"admonition-title\">Warning</p>\n<p>Careful <a href=\"\u{3}0\u{4}\">here</a></p>\n</div>\n")
        #expect(alert.links.first?.position == TextPosition(line: 2, column: 11))
        // A tab before `[!NOTE]` (found by fuzzing: it read past the end of the line).
        #expect(render(">\t\t[!NOTE]\n> x\n").html.hasPrefix("<div class=\"admonition note\">"))
    }

    @Test func tabsGroupWithFencesAndAdmonitionsInside() {
        let document = render("""
            !!! example

                === "Python"

                    ```python
                    print(1)
                    ```

                ===+ "Shell"

                    !!! warning
                        see [x](missing.md)
            """)
        let html = document.html
        #expect(html.contains("<div class=\"tabbed-set tabbed-alternate\" data-tabs=\"1:2\"><input id=\"__tabbed_1_1\" name=\"__tabbed_1\" type=\"radio\" /><input checked=\"checked\" id=\"__tabbed_1_2\""))
        #expect(html.contains("<div class=\"tabbed-labels\"><label for=\"__tabbed_1_1\">Python</label><label for=\"__tabbed_1_2\">Shell</label></div>"))
        #expect(html.components(separatedBy: "class=\"tabbed-block\"").count == 3)
        #expect(html.contains("<code class=\"language-python\"><span class=\"nb\">print</span>(<span class=\"mi\">1</span>)"))
        #expect(document.codeBlocks.first?.position == TextPosition(line: 6, column: 9))
        #expect(document.links.first?.position == TextPosition(line: 12, column: 17))
        #expect(!html.contains("==="))
    }

    @Test func admonitionInAListItem() {
        let html = render("- item\n\n    !!! note\n        in a list\n\n- next\n").html
        #expect(html.contains("<li>\n<p>item</p>\n<div class=\"admonition note\">"))
        #expect(html.contains("<p>in a list</p>\n</div>\n</li>"))
    }

    @Test func containersNestAtMostSixteenDeep() {
        let text = (0..<20).map { String(repeating: " ", count: 4 * $0) + "!!! note \"L\($0)\"" }.joined(separator: "\n") + "\n"
        let html = render(text).html
        #expect(html.components(separatedBy: "<div class=\"admonition note\">").count - 1 == 16)
        #expect(html.contains("!!! note &quot;L16&quot;"))
    }

    @Test func fencedMarkersAreLeftAlone() {
        let html = render("```markdown\n!!! note\n    body\n```\n").html
        #expect(html.contains("!!! note\n    body"))
    }

    @Test func attributeListsOnHeadingsAndLinks() {
        let document = render("# Title {#custom .big}\n\n## Custom\n\n## Again { #custom }\n\n[Go](x.md){ .md-button target=_blank onclick=alert(1) }\n")
        #expect(document.headings.map(\.id) == ["custom", "custom_1", "custom"])
        #expect(document.html.contains("<h1 id=\"custom\" class=\"big\">Title<a"))
        #expect(document.html.contains("class=\"md-button\" target=\"_blank\">Go</a>"))
        #expect(!document.html.contains("onclick"))
        #expect(document.findings.map(\.rule) == ["anchor.duplicate"])
        #expect(document.findings.first?.position.line == 5)
    }

    @Test func attributeListsOnParagraphs() {
        let document = render("Lorem (1) ipsum.\n{ .annotate }\n\n{ #feedback style=\"x\" }\n\nPlain {not a list}\n")
        #expect(document.html.contains("<p class=\"annotate\">Lorem (1) ipsum.</p>"))
        #expect(document.html.contains("<p id=\"feedback\"></p>"))
        #expect(document.html.contains("<p>Plain {not a list}</p>"))
        #expect(document.anchors.contains("feedback"))
    }

    @Test func definitionListsAndAbbreviations() {
        let html = render("Term\n:   Definition *here*\n\n*[HTML]: Hyper Text\n\nSome HTML.\n").html
        #expect(html.contains("<dl>\n<dt>Term</dt>\n<dd>\n<p>Definition <em>here</em></p>\n</dd>\n</dl>"))
        #expect(html.contains("<p>Some <abbr title=\"Hyper Text\">HTML</abbr>.</p>"))
        // An abbreviation made of digits leaves the containers' markers alone (found by fuzzing).
        let digits = render("*[2]: two\n\n!!! note\n    x\n\n!!! note\n    2 things\n").html
        #expect(digits.components(separatedBy: "<div class=\"admonition note\">").count == 3)
        #expect(digits.contains("<abbr title=\"two\">2</abbr> things"))
    }

    /// Found by fuzzing: an abbreviation's title holding U+0000 ended the C string of its HTML
    /// node, the attribute stayed open, and text further on (`onclick=...`) became markup.
    @Test func aNulInAnAbbreviationTitleIsReplacedNotWritten() {
        var parser = MarkdownParser()
        parser.extensions = MarkdownExtensions(enabled: [.abbr])
        let html = parser.parse("*[API]: a\u{0}\"b\"\n\nAPI x\u{0} onclick=alert(1) API\n").html
        #expect(html == "<p><abbr title=\"a\u{FFFD}&quot;b&quot;\">API</abbr> x\u{FFFD} onclick=alert(1) <abbr title=\"a\u{FFFD}&quot;b&quot;\">API</abbr></p>\n")
    }

    @Test func inlineExtensions() {
        let html = render("==mark== ^^ins^^ H^2^O ++ctrl+alt+del++ :smile: (c) --> :material-check:\n").html
        #expect(html.contains("<mark>mark</mark> <ins>ins</ins> H<sup>2</sup>O"))
        #expect(html.contains("<span class=\"keys\"><kbd class=\"key-control\">Ctrl</kbd><span>+</span><kbd class=\"key-alt\">Alt</kbd><span>+</span><kbd class=\"key-delete\">Del</kbd></span>"))
        #expect(html.contains("😄 © →"))
        #expect(render("1/2 cup, c/o Ana, on 1/2/2024, in abc/output, https://x.org/1/2 (c)\n").html
            == "<p>½ cup, ℅ Ana, on 1/2/2024, in abc/output, <a href=\"\u{3}0\u{4}\">https://x.org/1/2</a> ©</p>\n")
        #expect(html.contains(":material-check:"))
        #expect(render("a == b and c == d\n").html == "<p>a == b and c == d</p>\n")
        #expect(render("H~2~O and ~~gone~~ and `#!python x = 1`\n").html == "<p>H<sub>2</sub>O and <del>gone</del> and <code class=\"language-python highlight\">x = <span class=\"mi\">1</span></code></p>\n")
        #expect(render("`#!bash make x`\n").codeSpans.first.map { ($0.code, $0.position.column) }! == ("make x", 9))
    }

    @Test func customFencesAndMarkdownInHTML() {
        var extensions = MarkdownExtensions.all
        extensions.customFences = [.init(name: "mermaid", className: "mermaid")]
        #expect(render("```mermaid\ngraph LR\n  A --> B\n```\n", extensions).html == "<pre class=\"mermaid\"><code>graph LR\n  A --&gt; B\n</code></pre>\n")
        let html = render("<div class=\"grid\" markdown>\n*text*\n</div>\n").html
        #expect(html.contains("<div class=\"grid\">"))
        #expect(html.contains("<em>text</em>"))
    }

    @Test func markerCharactersInTheInputAreNotMarkers() {
        let html = render("!!! note\n    \u{E000}0\u{E001} x \u{E002}\n").html
        #expect(html.contains("\u{FFFD}0\u{FFFD} x \u{FFFD}"))
    }

    @Test func snippetNamesWithLineRanges() {
        #expect(BlockExtensions.snippetName("a.md") == ("a.md", nil))
        #expect(BlockExtensions.snippetName("a.md:3") == ("a.md", 3...Int.max))
        #expect(BlockExtensions.snippetName("a.md:3:5") == ("a.md", 3...5))
        #expect(BlockExtensions.snippetName("a.md:5:3") == ("a.md", 5...5))
        #expect(BlockExtensions.snippetName("c:/x.md:0:2") == ("c:/x.md", 1...2))
        #expect(BlockExtensions.snippetName("a:b") == ("a:b", nil))
    }

    @Test func snippetsAreReadWithOrigins() {
        var parser = MarkdownParser(slugs: .pythonMarkdown)
        parser.extensions = .all
        parser.snippetReader = { name in
            switch name {
            case "a.md": return .success(("docs/a.md", "From A [link](gone.md)\n\n--8<-- \"b.md\"\n"))
            case "b.md": return .success(("docs/b.md", "--8<-- \"a.md\"\nFrom B\n"))
            default: return .failure(SnippetError("no such file"))
            }
        }
        parser.extensions.snippetsAutoAppend = ["abbreviations.md"]
        let reader = parser.snippetReader!
        parser.snippetReader = { name in
            name == "abbreviations.md" ? .success(("includes/abbreviations.md", "*[HTML]: Hyper Text\n")) : reader(name)
        }
        let document = parser.parse("Intro HTML\n\n--8<-- \"a.md\"\n\n;--8<-- \"escaped\"\n--8<-- \"nope.md\"\n")
        #expect(document.html.hasPrefix("<p>Intro <abbr title=\"Hyper Text\">HTML</abbr></p>"))
        #expect(document.html.contains("<p>From A <a"))
        #expect(document.html.contains("From B"))
        #expect(document.html.contains("&quot;escaped&quot;"))
        #expect(document.links.first?.file == "docs/a.md")
        #expect(document.links.first?.position == TextPosition(line: 1, column: 8))
        #expect(document.findings.map(\.rule) == ["snippet.cycle", "snippet.missing"])
        // A snippet cannot forge the parser's own placeholders (U+0001 to U+0005), as a page cannot.
        var plain = MarkdownParser(slugs: .pythonMarkdown)
        plain.extensions = .all
        plain.snippetReader = { _ in .success(("docs/forged.md", "[a](x.md) \u{3}0\u{4} \u{1}id\u{2}\n")) }
        let forged = plain.parse("--8<-- \"forged.md\"\n").html(hrefs: { _ in "REPLACED" })
        #expect(forged == "<p><a href=\"REPLACED\">a</a> \u{FFFD}0\u{FFFD} \u{FFFD}id\u{FFFD}</p>\n")
        #expect(document.findings.first?.file == "docs/b.md")
        #expect(document.findings.last?.position.line == 6)
    }

    @Test func pythonMarkdownRulesForMkDocsSites() {
        var extensions = MarkdownExtensions.all
        extensions.pythonFootnoteIDs = true
        extensions.lastReferenceWins = true
        extensions.tabbedSlugify = true
        extensions.tabbedCombineHeaderSlug = true
        let document = render("""
            ## Anchor links

            === "... or even me"

                x

            === "Image"

                y

            Note[^1] and [a link][x].

            [^1]: The note.

            [x]: first.md
            [x]: second.md
            """, extensions)
        #expect(document.html.contains("<sup class=\"footnote-ref\"><a href=\"#fn:1\" id=\"fnref:1\""))
        #expect(document.html.contains("<li id=\"fn:1\">"))
        #expect(document.links.first { $0.text == "a link" }?.destination == "second.md")
        #expect(document.html.contains("id=\"anchor-links--or-even-me\""))
        #expect(document.html.contains("<label for=\"anchor-links-image\">Image</label>"))
        #expect(document.anchors.contains("anchor-links--or-even-me"))
        #expect(document.anchors.contains("fn:1"))
    }
}
