import Foundation
import Testing

/// What a user sees from the site model: overrides, skipped folders, landing pages, languages.
@Suite struct SiteBehaviourTests {
    @Test func userTemplateAndAssetOverrideTheBuiltInOnes() throws {
        let tree = try TempTree([
            "content/index.md": "# Home\n",
            "templates/page.mustache": "<article class=\"mine\">{{{page.content}}}<p>Source: {{page.source}}</p></article>\n",
            "templates/assets/folio.css": "body { color: rebeccapurple; }\n",
            "templates/assets/extra.js": "// extra\n",
        ])
        let run = tree.folio("build")
        #expect(run.status == 0)
        let home = try #require(tree.read("site/index.html"))
        #expect(home.contains("<article class=\"mine\"><h1 id=\"home\">"))
        #expect(home.contains("<p>Source: content/index.md</p>"))
        #expect(home.contains("<nav id=\"sidebar\""), "the other templates still come from the built-in theme")
        #expect(tree.read("site/assets/folio.css") == "body { color: rebeccapurple; }\n")
        #expect(tree.read("site/assets/extra.js") == "// extra\n")
        #expect(tree.read("site/assets/folio.js")?.contains("folio-theme") == true)
    }

    @Test func outputFolderInsideContentIsSkipped() throws {
        let tree = try TempTree(["folio.yaml": "content: docs\noutput: docs/_site\n", "docs/index.md": "# Home\n"])
        #expect(tree.folio("build").status == 0)
        let second = tree.folio("build")
        #expect(second.status == 0)
        #expect(second.stdout == ["built 1 page into docs/_site/ (0 errors, 0 warnings)"])
        #expect(tree.files(under: "docs/_site").filter { $0.hasSuffix(".html") } == ["index.html"])
    }

    @Test func readmeIsALandingPageAndTitlesFallBackToFileNames() throws {
        let tree = try TempTree([
            "content/README.md": "Intro without a heading.\n",
            "content/ops/README.md": "# Operações\n",
            "content/ops/restart-orders.md": "Just text.\n",
        ])
        #expect(tree.folio("build").status == 0)
        let page = try #require(tree.read("site/ops/restart-orders/index.html"))
        #expect(page.contains("<title>Restart orders · Documentation</title>"))
        #expect(page.contains("<h1>Restart orders</h1>"))
        #expect(page.contains("<li><a href=\"../\">Operações</a></li>"))
        #expect(tree.exists("site/ops/index.html"))
    }

    @Test func englishThemeWordsAndUnknownLanguageWarning() throws {
        let tree = try TempTree(["folio.yaml": "language: fr\n", "content/index.md": "# Home\n\n## Part\n"])
        let run = tree.folio("build")
        #expect(run.status == 0)
        #expect(
            run.stderr == ["folio.yaml:1:11: warning: the theme has no translation for 'fr'; using English (use one of: en, pt-BR) [config.language]"]
        )
        #expect(tree.read("site/index.html")?.contains(">On this page</p>") == true)
        #expect(tree.read("site/index.html")?.contains("<html lang=\"fr\">") == true)
    }

    @Test func aFailedBuildLeavesThePreviousSite() throws {
        let tree = try TempTree(["content/index.md": "# One\n"])
        #expect(tree.folio("build").status == 0)
        try tree.write("{{#broken}\n", to: "templates/layout.mustache")
        try tree.write("# Two\n", to: "content/index.md")
        #expect(tree.folio("build").status == 2)
        #expect(tree.read("site/index.html")?.contains("One") == true)
        #expect(!tree.exists(".site.folio-staging"))
    }
}
