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

    @Test func aNotFoundPageWorksAtAnyDepth() throws {
        let tree = try TempTree(["folio.yaml": "title: \"<Docs> & co\"\n", "content/index.md": "# Início\n", "content/guia/setup.md": "# Setup\n"])
        #expect(tree.folio("build").status == 0)
        let page = try #require(tree.read("site/404.html"))
        // Shown at any address, so its links are written from the root and <base> anchors them.
        #expect(page.contains("<base href=\"/\">"))
        #expect(page.contains("<title>Page not found · &lt;Docs&gt; &amp; co</title>"))
        #expect(page.contains("<link rel=\"stylesheet\" href=\"./assets/folio.css\">"))
        #expect(page.contains("<a href=\"./guia/\">"))
        #expect(page.contains("<h1>Page not found</h1>") && page.contains("<p><a href=\"./\">Início</a></p>"))
        #expect(!page.contains("aria-current"), "no page of the navigation is current")
        #expect(!page.contains("href=\"#"), "a fragment link would lead to the home page under <base>")
        #expect(tree.read("site/assets/search-index.js")?.contains("404") == false)

        let shop = try TempTree([
            "folio.yaml": "base_url: https://docs.example.org/shop\nlanguage: pt-BR\n", "content/index.md": "# Início\n",
            "content/404.html": "meu\n",
        ])
        let run = shop.folio("build")
        #expect(shop.read("site/404.html")?.contains("<base href=\"/shop/\">") == true)
        #expect(shop.read("site/404.html")?.contains("<h1>Página não encontrada</h1>") == true)
        #expect(shop.read("site/sitemap.xml")?.contains("404") == false)
        #expect(run.stderr.contains { $0.hasPrefix("content/404.html") }, "a file of the site's own cannot take Folio's 404 page: \(run.stderr)")
    }

    @Test func outputFolderInsideContentIsSkipped() throws {
        let tree = try TempTree(["folio.yaml": "content: docs\noutput: docs/_site\n", "docs/index.md": "# Home\n"])
        #expect(tree.folio("build").status == 0)
        let second = tree.folio("build")
        #expect(second.status == 0)
        #expect(second.stdout == ["built 1 page into docs/_site/ (0 errors, 0 warnings)"])
        #expect(tree.files(under: "docs/_site").filter { $0.hasSuffix(".html") }.sorted() == ["404.html", "index.html"])
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
        #expect(tree.read("site/index.html")?.contains(">On this page</summary>") == true)
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
