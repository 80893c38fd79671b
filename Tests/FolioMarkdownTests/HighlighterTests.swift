import Testing

@testable import FolioMarkdown

/// Build-time highlighting: the tokens a reader sees coloured, and the options of a fence.
/// (Tests/highlight/compare.py checks every lexer against Pygments on real snippets.)
@Suite struct HighlighterTests {
    /// `code`'s coloured tokens as `class:text`.
    func tokens(_ code: String, _ language: Highlighter.Language) -> [String] {
        let bytes = Array(code.utf8)
        return Highlighter.tokens(bytes, language: language).map { "\($0.className):" + String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    @Test func consoleSessionsTellPromptCommandAndOutputApart() {
        #expect(
            tokens("$ make llm-setup\nok\n$ echo \"$HOME\" \\\n>   --x\nuser@host:~/repo$ git status\n", .console) == [
                "gp:$ ", "go:ok\n", "gp:$ ", "nb:echo", "s2:\"", "nv:$HOME", "s2:\"", "se:\\\n", "gp:> ", "gp:user@host:~/repo$ ",
            ])
    }

    @Test func unterminatedSyntaxStaysPlainAndNeverRunsPastTheEnd() {
        for language in Highlighter.Language.allCases {
            // (A string whose last byte is `\` stepped past the end: found by fuzzing.)
            for code in ["\"", "'", "`", "$(", "${", "<!--", "/*", "\"\"\"", "<<EOF", "#!", "[", "{", "<a href=", "f'{", "\\", "x \"\\", "'\\", "`\\", "\"\"\"\\"] {
                let found = Highlighter.tokens(Array(code.utf8), language: language)
                #expect(found.allSatisfy { $0.start < $0.end && $0.end <= code.utf8.count }, "\(language) \(code)")
            }
        }
    }

    /// Found by the pathological pages: 50,000 nested `$(` overflowed the stack of the thread
    /// parsing the page; nesting now stops at `Lexer.maximumDepth` and the rest stays plain.
    @Test func deepNestingIsCutNotRecursedInto() {
        for (language, opener) in [(Highlighter.Language.bash, "$("), (.bash, "`$(\"${"), (.javascript, "`${"), (.swift, "\"\\("), (.python, "f'{")] {
            let code = Array(String(repeating: opener, count: 20000).utf8)
            let found = Highlighter.tokens(code, language: language)
            #expect(!found.isEmpty && found.allSatisfy { $0.end <= code.count }, "\(language)")
        }
        // The here-document still ends at its delimiter when many others are unclosed.
        let doc = String(repeating: "cat <<X1\n", count: 3000) + "cat <<EOF\nhi\nEOF\n"
        #expect(tokens(doc, .bash).last == "s:<<EOF\nhi\nEOF")
    }

    /// Found by fuzzing: `\` before a character of several bytes made an escape token that ended
    /// inside it, and the page showed U+FFFD.
    @Test func tokensNeverCutACharacter() {
        #expect(Highlighter.html("echo \\é ok", language: .bash) == "<span class=\"nb\">echo</span> <span class=\"se\">\\é</span> ok")
    }

    /// Found by fuzzing: `x:.14` in TypeScript never moved past the `.` (a hang).
    @Test func aValueAfterAColonInTypeScriptEnds() {
        #expect(tokens("f(x:.14, 'c')\n", .typescript) == ["s1:'c'"])
    }

    @Test func htmlIsEscapedAndUnknownLanguagesArePlain() {
        #expect(Highlighter.html("<b>&\"", language: .bash) == "&lt;b&gt;<span class=\"p\">&amp;</span><span class=\"s2\">&quot;</span>")
        #expect(Highlighter.language(named: "Python") == .python && Highlighter.language(named: "shell-session") == .console)
        #expect(Highlighter.language(named: "brainfuck") == nil)
        #expect(CodeBlockHTML.render("x < y\n", language: "brainfuck", options: .init()) == "<div class=\"language-brainfuck highlight\"><pre><code class=\"language-brainfuck\">x &lt; y\n</code></pre></div>\n")
    }

    @Test func fenceOptionsAsPymdownxHighlightReadsThem() {
        #expect(CodeBlockHTML.options("python title=\"app.py\" linenums=\"3\" hl_lines=\"1 3-4\"") == .init(title: "app.py", firstLine: 3, highlightedLines: [1, 3, 4]))
        #expect(CodeBlockHTML.options("{ .python title=\"a b.py\" }") == .init(title: "a b.py"))
        #expect(CodeBlockHTML.options("python") == .init())
        #expect(CodeBlockHTML.options("python hl_lines=\"x 0 -3 99999999999\"") == .init(), "nonsense is ignored, not trapped on")
        let html = CodeBlockHTML.render("a = 1\nb = '<'\n", language: "python", options: .init(title: "<x>", firstLine: 9, highlightedLines: [2]))
        #expect(
            html
                == "<div class=\"language-python highlight\"><span class=\"filename\">&lt;x&gt;</span><pre><code class=\"language-python linenums\"><span class=\"line\" data-n=\"9\">a = <span class=\"mi\">1</span></span>\n<span class=\"line hll\" data-n=\"10\">b = <span class=\"s1\">'&lt;'</span></span>\n</code></pre></div>\n")
    }

    @Test func fencesInAPageAreHighlightedAndKeepTheirCodeBlock() {
        let document = MarkdownParser().parse("```yaml title=\"compose.yaml\"\nservices: # all\n  orders: {}\n```\n")
        #expect(document.codeBlocks.map(\.language) == ["yaml"])
        #expect(document.codeBlocks.first?.code == "services: # all\n  orders: {}\n")
        #expect(document.html.hasPrefix("<div class=\"language-yaml highlight\"><span class=\"filename\">compose.yaml</span><pre><code class=\"language-yaml\"><span class=\"nt\">services</span><span class=\"p\">:</span> <span class=\"c1\"># all</span>"))
    }

    @Test func tablesScrollInTheirOwnFrameAndTaskBoxesHaveANames() {
        let html = MarkdownParser().parse("| a |\n| - |\n| b |\n\n- [ ] todo\n- [x] done\n").html
        #expect(html.hasPrefix("<div class=\"table-wrap\"><table>"))
        #expect(html.contains("</table></div>"))
        #expect(html.contains("<input type=\"checkbox\" disabled=\"\" aria-label=\"Task\" /> todo"))
        #expect(html.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"Task\" /> done"))
    }
}
