import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `folio check links` on a repository with every kind of link, in a real git work tree, in
/// every output format; the expected outputs are in CheckFixtures/links-repo/expected (update
/// with `FOLIO_UPDATE_FIXTURES=1 swift test` and review the diff).
@Suite struct LinkCheckTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("CheckFixtures/links-repo").path

    /// The fixture as a git repository, with a git-ignored file holding a broken link.
    static func repository() throws -> TempTree {
        let tree = try TempTree(copying: fixture + "/input")
        try tree.write("notas/\n", to: ".gitignore")
        try tree.write("[quebrado](nada.md)\n", to: "notas/rascunho.md")
        try tree.write("[quebrado](nada.md)\n", to: "node_modules/pkg/README.md")
        try tree.gitInit()
        return tree
    }

    @Test(arguments: ["text", "json", "github", "junit", "sarif", "markdown"])
    func everyFormatMatchesItsExpectedOutput(_ format: String) throws {
        let tree = try Self.repository()
        let run = tree.folio("check", "links", "--all", "--format", format)
        #expect(run.status == 1)
        #expect(run.stderr.isEmpty)
        let output = run.stdout.joined(separator: "\n") + "\n"
        #expect(!output.contains("node_modules") && !output.contains("notas/"), "git-ignored files and node_modules are not read")
        let expected = Self.fixture + "/expected/" + format + ".txt"
        if FixtureTests.isUpdating { try Data(output.utf8).write(to: URL(fileURLWithPath: expected)) }
        #expect(Data(output.utf8) == FileManager.default.contents(atPath: expected), "\(expected) differs")
    }

    @Test func textNamesEachProblemWithItsFix() throws {
        let run = try Self.repository().folio("check", "links", "--all")
        let lines = run.stdout
        let expected = [
            // Portuguese anchors: the accented heading id is suggested for the folded one.
            "content/index.md:7:56: error: 'operacao/runbook.md#reinicio-do-servico': 'content/operacao/runbook.md' has no heading or anchor 'reinicio-do-servico' (did you mean 'operacao/runbook.md#reinício-do-serviço'?) [link.missing-anchor]",
            // A folder's fragment is looked up in its README.
            "content/index.md:8:44: error: '../ml/llm/#treino': 'ml/llm/README.md' has no heading or anchor 'treino' [link.missing-anchor]",
            "content/index.md:9:45: error: '../ml/llm/requirements.txt#L2-L9': 'ml/llm/requirements.txt' has 3 lines (the last line is #L3) [link.missing-anchor]",
            "content/index.md:10:3: error: '../../fora.md' leads outside the repository (link to a file inside the repository, or use a full https:// URL) [link.outside-repository]",
            "content/index.md:10:26: warning: the link has no target (write where it should lead, or remove the link) [link.empty]",
            "content/index.md:10:37: warning: 'htps://example.org' has the unknown scheme 'htps:'; it is not checked and is left out of the page (did you mean 'https://example.org'?) [link.unknown-scheme]",
            "content/index.md:10:68: warning: 'link:https://example.org' has the unknown scheme 'link:'; it is not checked and is left out of the page (did you mean 'https://example.org'?) [link.unknown-scheme]",
            "content/index.md:11:3: error: '(https://example.org)' is read as a relative path to a file that does not exist: the parentheses are part of the link (remove the extra parentheses: 'https://example.org') [link.missing-file]",
            // A reference-style link is reported where it is used, not at its definition.
            "content/index.md:11:41: error: '../docs/setpu.md' points at 'docs/setpu.md', which does not exist (did you mean '../docs/setup.md'?) [link.missing-file]",
            "content/index.md:12:12: error: 'operacao/runbok.md' points at 'content/operacao/runbok.md', which does not exist (did you mean 'operacao/runbook.md'?) [link.missing-file]",
            "content/index.md:12:86: error: '#entregas': this page has no heading or anchor 'entregas' (did you mean '#entregas-do-estágio'?) [link.missing-anchor]",
            "content/index.md:23:1: warning: this folio-ignore comment suppresses nothing: line 24 has no link (remove the comment) [link.unused-ignore]",
            // --all: files outside the content folder, .github included.
            ".github/PULL_REQUEST_TEMPLATE.md:1:29: error: '../docs/setup.md#instalacao': 'docs/setup.md' has no heading or anchor 'instalacao' (did you mean '../docs/setup.md#instalação'?) [link.missing-anchor]",
            "README.md:4:3: error: 'docs/setpu.md' points at 'docs/setpu.md', which does not exist (did you mean 'docs/setup.md'?) [link.missing-file]",
            "docs/setup.md:5:65: error: '../content/operacao/runbook.md#reinicio': 'content/operacao/runbook.md' has no heading or anchor 'reinicio' (did you mean '../content/operacao/runbook.md#reinício-do-serviço'?) [link.missing-anchor]",
            "folio.yaml:6:7: warning: the ignore pattern '^https://nunca-usado\\.example/' matched no link (remove it from links.ignore) [link.unused-ignore]",
        ]
        for line in expected { #expect(lines.contains(line), "missing: \(line)") }
        #expect(lines.last == "checked 6 files and 32 links: 11 errors, 5 warnings")
        let all = lines.joined(separator: "\n")
        for valid in ["'operacao/runbook.md#reinício-do-serviço':", "#configuração'", "llm#readme", "#L2'", "Makefile#L1", "#top", "'../ml/llm/'", "rascunho", "nada.md", "intranet"] {
            #expect(!all.contains(valid), "\(valid) is valid, ignored or git-ignored, and must not be reported")
        }
    }

    @Test func withoutAllOnlyTheContentFolderIsRead() throws {
        let run = try Self.repository().folio("check", "links")
        let text = run.stdout.joined(separator: "\n")
        #expect(run.status == 1)
        #expect(!text.contains("README.md:") && !text.contains(".github/") && !text.contains("docs/setup.md:"))
        #expect(text.contains("checked 2 files"))
    }

    @Test func jsonIsTheContractAndSarifAndJUnitAreWellFormed() throws {
        let tree = try Self.repository()
        let json = try JSONSerialization.jsonObject(with: Data(tree.folio("check", "links", "--all", "--format", "json").stdout.joined().utf8))
        let root = try #require(json as? [String: Any])
        #expect(root["version"] as? Int == 1)
        let findings = try #require(root["findings"] as? [[String: Any]])
        let anchor = try #require(findings.first { $0["rule"] as? String == "link.missing-anchor" && $0["line"] as? Int == 7 })
        #expect(anchor["check"] as? String == "links")
        #expect(anchor["file"] as? String == "content/index.md")
        #expect(anchor["target"] as? String == "operacao/runbook.md#reinicio-do-servico")
        #expect(anchor["suggestion"] as? String == "did you mean 'operacao/runbook.md#reinício-do-serviço'?")
        let summary = try #require(root["summary"] as? [String: Int])
        #expect(summary == ["files": 6, "links": 32, "errors": 11, "warnings": 5])

        let sarif = try #require(
            try JSONSerialization.jsonObject(with: Data(tree.folio("check", "links", "--all", "--format", "sarif").stdout.joined().utf8))
                as? [String: Any])
        #expect(sarif["version"] as? String == "2.1.0")
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 16)
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
            let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            #expect((location?["artifactLocation"] as? [String: Any])?["uri"] is String)
            #expect((location?["region"] as? [String: Any])?["startLine"] is Int)
        }

        let junit = Data(tree.folio("check", "links", "--all", "--format", "junit").stdout.joined(separator: "\n").utf8)
        let parser = XMLParser(data: junit)
        #expect(parser.parse(), "JUnit output is well-formed XML")
    }

    @Test func cleanRepositoryExitsZeroAndWarningsDoNotFail() throws {
        let tree = try TempTree([
            "content/index.md": "# Início\n\n## Instalação rápida\n\n[aqui](#instalação-rápida) e [vazio]()\n",
        ])
        let run = tree.folio("check", "links")
        #expect(run.status == 0)
        #expect(run.stdout.last == "checked 1 file and 2 links: 0 errors, 1 warning")
        #expect(tree.folio("check").status == 0)
        #expect(!tree.exists("site"), "a check writes no site")
    }

    @Test func aFragmentInTheWrongCaseNamesTheId() throws {
        let tree = try TempTree([
            "content/index.md": "# Início\n\n## Instalação rápida\n\n[aqui](#Instalação-Rápida) e [lá](outra.md#SETUP)\n",
            "content/outra.md": "# Outra\n\n## Setup\n",
        ])
        let run = tree.folio("check", "links")
        #expect(run.status == 1)
        #expect(
            run.stdout.filter { $0.contains("error:") } == [
                "content/index.md:5:1: error: '#Instalação-Rápida': this page has the anchor 'instalação-rápida', not 'Instalação-Rápida'; only GitHub forgives the case of a fragment (write '#instalação-rápida') [link.missing-anchor]",
                "content/index.md:5:30: error: 'outra.md#SETUP': 'content/outra.md' has the anchor 'setup', not 'SETUP'; only GitHub forgives the case of a fragment (write 'outra.md#setup') [link.missing-anchor]",
            ])
    }

    @Test func badSettingsAreConfigurationErrors() throws {
        let tree = try TempTree([
            "content/index.md": "# Home\n",
            "folio.yaml": "links:\n  ignore: ['([unclosed']\n  timeot: 3s\nanchors:\n  slugs: mkdocs\n",
        ])
        let run = tree.folio("check", "links", "--format", "json")
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains { $0.hasPrefix("folio.yaml:2:12: error: '([unclosed' in 'links.ignore' is not a valid regular expression") })
        #expect(run.stderr.contains("folio.yaml:3:3: warning: unknown setting 'links.timeot' (did you mean 'timeout'?) [config.unknown-key]"))
        #expect(run.stderr.contains { $0.hasPrefix("folio.yaml:5:10: error: 'anchors.slugs' must be one of github, python-markdown, found 'mkdocs'") })
        #expect(tree.folio("check", "links", "--format", "xml").status == 2)
    }

    @Test func directoryURLsReadSiteLinksAsMkDocsDoes() throws {
        let files = [
            "content/a/b.md": "# B\n\n[page](../page/) [bare](../page) [anchor](../page/#setup) [none](../nada/) [home](../../)\n",
            "content/a/page.md": "# Page\n\n## Setup\n",
            "content/index.md": "# Home\n",
        ]
        let plain = try TempTree(files)
        let plainRun = plain.folio("check", "links")
        #expect(plainRun.status == 1)
        #expect(plainRun.stdout.filter { $0.contains("[link.missing-file]") || $0.contains("[link.outside-repository]") }.count == 4, "../../ is the repository root, which exists")

        var mkdocs = files
        mkdocs["folio.yaml"] = "links:\n  directory_urls: true\n"
        let tree = try TempTree(mkdocs)
        let run = tree.folio("check", "links")
        #expect(run.status == 1)
        #expect(run.stdout.filter { $0.contains("error:") } == ["content/a/b.md:3:59: error: '../nada/' points at 'content/nada', which does not exist [link.missing-file]"])
        // The built site links those pages too.
        #expect(tree.folio("build").status == 1)
        #expect(tree.read("site/a/b/index.html")?.contains("href=\"../page/#setup\"") == true)
    }

    @Test func pythonMarkdownSlugsForSitesWrittenForMkDocs() throws {
        let files = [
            "content/index.md": "# Início\n\n## Instalação rápida\n\n## Instalação rápida\n\n[a](#instalacao-rapida) [b](#instalacao-rapida_1) [c](#instalação-rápida)\n"
        ]
        var mkdocs = files
        mkdocs["folio.yaml"] = "anchors:\n  slugs: python-markdown\n"
        let tree = try TempTree(mkdocs)
        let run = tree.folio("check", "links")
        #expect(
            run.stdout.filter { $0.contains("error:") } == [
                "content/index.md:7:51: error: '#instalação-rápida': this page has no heading or anchor 'instalação-rápida' (did you mean '#instalacao-rapida'?) [link.missing-anchor]"
            ])
        #expect(tree.folio("build").status == 1)
        let html = try #require(tree.read("site/index.html"))
        #expect(html.contains("id=\"instalacao-rapida\"") && html.contains("id=\"instalacao-rapida_1\""), "the site's ids follow the setting")

        let github = try TempTree(files)
        #expect(github.folio("check", "links").stdout.filter { $0.contains("error:") }.count == 2)
    }

    @Test func ignorePatternsAndCommentsSuppressFindings() throws {
        let tree = try TempTree([
            "folio.yaml": "links:\n  ignore:\n    - ^rascunhos/\n",
            "content/index.md": "# Home\n\n[a](rascunhos/x.md)\n\n[b](nada.md) <!-- folio-ignore-line -->\n\n<!-- folio-ignore-next-line -->\n[c](outro.md)\n\n[d](quebrado.md)\n",
        ])
        let run = tree.folio("check", "links")
        #expect(
            run.stdout.filter { $0.contains(": error:") || $0.contains(": warning:") } == [
                "content/index.md:10:1: error: 'quebrado.md' points at 'content/quebrado.md', which does not exist [link.missing-file]"
            ])
    }

    @Test func everyCheckAlsoReportsWhatTheBuildWould() throws {
        let tree = try TempTree([
            "content/index.md": "---\nweight: high\n---\n# Home\n\n[x](nada.md)\n"
        ])
        let all = tree.folio("check", "--format", "json")
        #expect(all.status == 1)
        let text = all.stdout.joined(separator: "\n")
        #expect(text.contains(#"{"check":"site","rule":"yaml.type","severity":"error","file":"content/index.md","line":2,"column":9"#))
        #expect(text.contains(#""check":"links","rule":"link.missing-file""#))
        let links = tree.folio("check", "links", "--format", "json").stdout.joined(separator: "\n")
        #expect(!links.contains("yaml.type"), "check links reports links only")
        #expect(links.contains("link.missing-file"))
    }

    @Test func buildReportsTheSameFindingsForItsPages() throws {
        let tree = try Self.repository()
        let check = tree.folio("check", "links").stdout.filter { $0.hasPrefix("content/") && !$0.contains("[link.unused-ignore]") }
        let build = tree.folio("build").stderr.filter { $0.hasPrefix("content/") && !$0.contains("[link.outside-site]") }
        #expect(!check.isEmpty)
        #expect(check == build)
    }
}
