import Foundation
import Testing

@testable import FolioBuild
@testable import FolioModel

/// `folio build` in a repository with mkdocs.yml and no folio.yaml: MkDocs' settings, nav and
/// syntax, with what Folio cannot do said once.
@Suite struct MkDocsProjectTests {
    static let mkdocs = """
        site_name: Loja de Microsserviços
        site_url: https://docs.example.org/loja/
        site_description: Como rodar a loja
        repo_url: https://github.com/example/loja
        edit_uri: edit/main/docs/
        copyright: Copyright &copy; 2026 <a href="https://example.org" onclick="x()">Loja</a>
        theme:
          name: material
          language: pt-BR
          features: [navigation.tabs]
        extra_css: [css/extra.css]
        extra_javascript:
          - js/extra.js
          - path: https://unpkg.com/mermaid@10/dist/mermaid.min.js
          - path: js/start.mjs
            type: module
            async: true
        site_author: !ENV [FOLIO_TEST_AUTHOR, Ninguém]
        nav:
          - Início: index.md
          - Guia:
            - guia/index.md
            - Instalação rápida: guia/instalacao.md
            - guia/deploy.md
            - Sumido: guia/sumido.md
          - GitHub: https://github.com/example/loja
        not_in_nav: |
          rascunhos/*.md
        exclude_docs: |
          *.py
        markdown_extensions:
          - admonition
          - toc:
              permalink: true
          - pymdownx.emoji:
              emoji_generator: !!python/name:material.extensions.emoji.to_svg
          - pymdownx.tabbed:
              alternate_style: true
          - pymdownx.snippets
          - pymdownx.superfences:
              custom_fences:
                - name: mermaid
                  class: mermaid
                  format: !!python/name:pymdownx.superfences.fence_code_format
          - attr_list
        plugins:
          - search
          - redirects:
              redirect_maps:
                antigo.md: guia/instalacao.md
          - macros
        hooks:
          - hooks/x.py
        theme_typo: 1
        site_name: Loja
        """

    func project() throws -> TempTree {
        try TempTree([
            "mkdocs.yml": Self.mkdocs,
            "docs/index.md": "# Loja\n\nVeja [a instalação](guia/instalacao.md#pre-requisitos).\n",
            "docs/guia/index.md": "# Guia\n",
            "docs/guia/instalacao.md": """
                # Instalação

                ## Pré-requisitos { #pre-requisitos }

                !!! tip "Dica"
                    Rode `make llm-setup` e leia [o deploy](deploy.md).

                === "Docker"

                    ```bash
                    docker compose up -d
                    ```

                === "Local"

                    Veja [isto](nao-existe.md).

                --8<-- "../fora.md"

                ```mermaid
                graph LR
                  A --> B
                ```
                """,
            "docs/guia/deploy.md": "# Deploy\n\n:rocket: Pronto :material-check:\n",
            "docs/guia/extra.md": "# Fora do nav\n",
            "docs/rascunhos/ideia.md": "# Ideia\n",
            "docs/script.py": "print(1)\n",
            "docs/css/extra.css": "body{}\n",
            "docs/js/extra.js": "\n",
        ])
    }

    @Test func buildsWithMkDocsSettingsNavAndSyntax() throws {
        let tree = try project()
        let result = tree.folio("build")
        let out = result.stdout + result.stderr
        #expect(result.status == 1)
        // The nav: order, titles as written, a link, prev/next along it; the home first.
        let install = try #require(tree.read("site/guia/instalacao/index.html"))
        #expect(install.contains("<title>Instalação · Loja</title>"))
        #expect(install.contains("rel=\"prev\" href=\"../\"><span>Anterior</span>Guia</a>"))
        #expect(install.contains("rel=\"next\" href=\"../deploy/\"><span>Próximo</span>Deploy</a>"))
        #expect(install.contains(">Instalação rápida</a>"))
        #expect(install.contains("href=\"https://github.com/example/loja\">GitHub</a>"))
        // Syntax: admonition, tabs, mermaid; ids from Python-Markdown and {#id}.
        #expect(install.contains("<div class=\"admonition tip\">\n<p class=\"admonition-title\">Dica</p>"))
        #expect(install.contains("<div class=\"tabbed-set tabbed-alternate\" data-tabs=\"1:2\">"))
        #expect(install.contains("<pre class=\"mermaid\"><code>graph LR\n  A --&gt; B\n</code></pre>"))
        #expect(install.contains("<h2 id=\"pre-requisitos\">"))
        #expect(install.contains("<h1 id=\"instalacao\">"))
        // Site settings: description, extra CSS and JS from the page's folder, edit link in docs_dir, copyright sanitized.
        #expect(install.contains("<meta name=\"description\" content=\"Como rodar a loja\">"))
        #expect(install.contains("<link rel=\"stylesheet\" href=\"../../css/extra.css\">"))
        #expect(install.contains("<script src=\"../../js/extra.js\"></script>"))
        #expect(install.contains("<script src=\"https://unpkg.com/mermaid@10/dist/mermaid.min.js\"></script>"))
        #expect(install.contains("<script src=\"../../js/start.mjs\" type=\"module\" async></script>"))
        #expect(install.contains("https://github.com/example/loja/edit/main/docs/guia/instalacao.md"))
        #expect(install.contains("Copyright © 2026 <a href=\"https://example.org\">Loja</a>"))
        #expect(!install.contains("onclick"))
        #expect(install.contains("<html lang=\"pt-BR\">"))
        // Pages out of the nav are built; excluded files are not; redirects are written.
        #expect(tree.exists("site/guia/extra/index.html"))
        #expect(tree.exists("site/rascunhos/ideia/index.html"))
        #expect(!tree.exists("site/script.py"))
        #expect(tree.read("site/antigo/index.html")?.contains("content=\"0; url=../guia/instalacao/\"") == true)
        #expect(tree.read("site/guia/deploy/index.html")?.contains("🚀 Pronto :material-check:") == true)
        // What the user is told, each at its place.
        let expected = [
            "docs/guia/extra.md: note: this page is not in the nav of mkdocs.yml; it is built but only links lead to it (add it to nav, or list it in not_in_nav) [nav.omitted]",
            "docs/guia/instalacao.md:16:10: error: 'nao-existe.md' points at 'docs/guia/nao-existe.md', which does not exist [link.missing-file]",
            "docs/guia/instalacao.md:18:1: error: snippet '../fora.md': it is outside the repository; snippets are read only from inside it [snippet.missing]",
            "mkdocs.yml:1:1: warning: 'site_name' is given again at line 55; MkDocs uses that one and so does Folio [config.duplicate-key]",
            "mkdocs.yml:25:15: warning: nav names 'guia/sumido.md', which is not a page of 'docs'; the entry is left out [nav.missing]",
            "mkdocs.yml:51:5: warning: plugin 'macros' runs inside MkDocs; Folio does not run it: {{ macros }} and variables stay as written [mkdocs.plugin]",
            "mkdocs.yml:53:5: warning: hook 'hooks/x.py' is Python that runs inside MkDocs; Folio does not run it (what it adds to pages is missing from Folio's site) [mkdocs.hook]",
            "mkdocs.yml:54:1: warning: unknown MkDocs setting 'theme_typo' [config.unknown-key]",
        ]
        for line in expected { #expect(out.contains(line), "\(line)") }
        #expect(out.contains { $0.contains("[emoji.icon]") && $0.hasPrefix("docs/guia/deploy.md: warning: 1 icon shortcodes (:material-check:)") })
        #expect(out.contains { $0.hasPrefix("mkdocs.yml:8:3: note: Folio uses its own theme; theme settings 'name', 'features' are not used") })
        #expect(!out.contains { $0.contains("rascunhos") })
    }

    @Test func folioYamlWinsAndMayImportMkDocs() throws {
        let tree = try project()
        try tree.write("title: Folio manda\nmkdocs: mkdocs.yml\n", to: "folio.yaml")
        let result = tree.folio("build")
        #expect(result.status == 1)
        let home = try #require(tree.read("site/index.html"))
        #expect(home.contains("<title>Loja · Folio manda</title>"))
        #expect(tree.read("site/guia/instalacao/index.html")?.contains("aria-current=\"page\">Instalação rápida</a>") == true)
    }

    @Test func configOptionPicksMkDocsOverFolioYaml() throws {
        let tree = try project()
        try tree.write("title: Folio\ncontent: nowhere\n", to: "folio.yaml")
        let result = tree.folio("build", "--config", "mkdocs.yml")
        #expect(result.status == 1)
        #expect(tree.read("site/guia/instalacao/index.html")?.contains("<title>Instalação · Loja</title>") == true)
        #expect(tree.folio("check", "links", "--config", "mkdocs.yml").stdout.last?.hasPrefix("checked 6 files") == true)
    }

    @Test func defaultOrderIsMkDocsOrder() throws {
        let tree = try TempTree([
            "mkdocs.yml": "site_name: X\n",
            "docs/index.md": "# Home\n",
            "docs/b.md": "# Bê\n",
            "docs/a.md": "# Zed\n",
            "docs/about/index.md": "# About\n",
            "docs/about/team.md": "# Team\n",
            "docs/zz.md": "# Last file\n",
        ])
        #expect(tree.folio("build").status == 0)
        // Files first (index leading, then by file name, not title), then folders.
        let next = ["site/index.html": "a/", "site/a/index.html": "../b/", "site/b/index.html": "../zz/", "site/zz/index.html": "../about/",
            "site/about/index.html": "team/"]
        for (page, target) in next {
            #expect(tree.read(page)?.contains("rel=\"next\" href=\"\(target)\"") == true, "\(page) -> \(target)")
        }
        #expect(tree.read("site/about/team/index.html")?.contains("rel=\"next\"") == false)
        #expect(!tree.exists("site/search/index.html"))
    }

    /// mkdocs-literate-nav: a folder's `nav_file` lists its pages, titled by the links' text.
    /// That file is the only one whose links keep their text in a build (no other stage reads
    /// it).
    @Test func aLiterateNavFileTitlesItsPagesAndAloneKeepsLinkText() throws {
        let tree = try TempTree([
            "mkdocs.yml": "site_name: X\nnav:\n  - index.md\n  - Guia: guia/\nplugins:\n  - literate-nav:\n      nav_file: SUMMARY.md\n",
            "docs/index.md": "# Home\n",
            "docs/guia/SUMMARY.md": "* [Instalação rápida](instalar.md)\n* [Operação diária](operar.md)\n",
            "docs/guia/instalar.md": "# Instalar\n\nVer [a operação](operar.md).\n",
            "docs/guia/operar.md": "# Operar\n",
        ])
        #expect(tree.folio("build").status == 0)
        let sidebar = try #require(tree.read("site/guia/instalar/index.html"))
        #expect(sidebar.contains(">Instalação rápida<") && sidebar.contains(">Operação diária<"))
        var diagnostics = Diagnostics()
        let compilation = try #require(Builder.compile(BuildOptions(workingDirectory: tree.root), into: &diagnostics))
        #expect(compilation.parsed["docs/guia/SUMMARY.md"]?.document.links.map(\.text) == ["Instalação rápida", "Operação diária"])
        #expect(compilation.parsed["docs/guia/instalar.md"]?.document.links.map(\.text) == [""])
    }

    @Test func environmentTagsAndPythonTagsAreRead() throws {
        let tree = try TempTree([
            "mkdocs.yml": "site_name: !ENV [FOLIO_UNSET_NAME_1, FOLIO_UNSET_NAME_2, Padrão]\nmarkdown_extensions:\n  - pymdownx.tabbed:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n",
            "docs/index.md": "# Home\n",
        ])
        #expect(tree.folio("build").status == 0)
        #expect(tree.read("site/index.html")?.contains("<title>Home · Padrão</title>") == true)
    }

    @Test func useDirectoryURLsFalsePublishesFilesThatWorkFromDisk() throws {
        let tree = try TempTree([
            "mkdocs.yml": "site_name: Files\nuse_directory_urls: false\nnav:\n  - index.md\n  - Guide:\n    - guide/index.md\n    - guide/setup.md\n",
            "docs/index.md": "# Home\n\n[Setup](guide/setup.md#install) and [the guide](guide/index.md).\n",
            "docs/guide/index.md": "# Guide\n\n[Home](../index.md)\n",
            "docs/guide/setup.md": "# Setup\n\n## Install\n\n[Self](#install), [up](../index.md).\n",
        ])
        let result = tree.folio("build")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(tree.files(under: "site").filter { $0.hasSuffix(".html") } == ["404.html", "guide/index.html", "guide/setup.html", "index.html"])
        let home = try #require(tree.read("site/index.html"))
        #expect(home.contains("<a href=\"guide/setup.html#install\">Setup</a>"))
        #expect(home.contains("<a class=\"site-title\" href=\"./index.html\">"))
        let setup = try #require(tree.read("site/guide/setup.html"))
        #expect(setup.contains("<link rel=\"stylesheet\" href=\"../assets/folio.css\">"))
        #expect(setup.contains("rel=\"prev\" href=\"index.html\""))
        #expect(setup.contains("<a href=\"../index.html\">up</a>"))
        #expect(SiteAudit(site: tree.root + "/site").deadReferences().isEmpty)
    }

    @Test func folioYamlURLsSetting() throws {
        let tree = try TempTree(["folio.yaml": "urls: pages\n", "content/index.md": "# A\n"])
        let result = tree.folio("build")
        #expect(result.status == 2)
        #expect(result.stderr.contains { $0.hasPrefix("folio.yaml:1:7: error: 'urls' must be folders or files, found \"pages\"") })
    }

    @Test func findingsInSnippetsNameTheSnippetFile() throws {
        let tree = try TempTree([
            "mkdocs.yml": "site_name: S\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snippets]\n  - admonition\n",
            "Makefile": "build:\n\ttrue\n",
            "docs/index.md": "# Home\n\n!!! note\n    --8<-- \"setup.md\"\n",
            "snippets/setup.md": "Run this:\n\n```bash\nmake deploy\n```\n\nSee [gone](nowhere.md).\n",
        ])
        let build = tree.folio("build")
        // Included into the page, the link resolves from the page (as in MkDocs); it is reported where it is written.
        #expect(build.stderr.contains("snippets/setup.md:7:5: error: 'nowhere.md' points at 'docs/nowhere.md', which does not exist [link.missing-file]"), "\(build.stderr)")
        #expect(tree.read("site/index.html")?.contains("<div class=\"admonition note\">\n<p class=\"admonition-title\">Note</p>\n<p>Run this:</p>") == true)
        let check = tree.folio("check", "commands")
        #expect(check.stdout.contains { $0.hasPrefix("snippets/setup.md:4:1: error: 'Makefile' has no target 'deploy'") }, "\(check.stdout)")
    }

    @Test func anImagesFragmentIsNotAnAnchor() throws {
        let tree = try TempTree([
            "folio.yaml": "title: T\n",
            "content/index.md": "# Home\n\n![Dark](img/a.png#gh-dark-mode-only) ![Light](img/a.png#only-light) [text](img/a.png#nope)\n",
            "content/img/a.png": "",
        ])
        let build = tree.folio("build")
        #expect(build.stderr == ["content/index.md:3:69: error: 'img/a.png#nope': 'content/img/a.png' is not Markdown or HTML; only line anchors like #L10 or #L10-L20 exist there [link.missing-anchor]"], "\(build.stderr)")
    }

    @Test func validationLevelsAndStrict() throws {
        let page = "# Home\n\n[gone](gone.md) and [anchor](#nowhere)\n"
        let tree = try TempTree([
            "mkdocs.yml": "site_name: V\nvalidation:\n  links:\n    not_found: warn\n    anchors: ignore\n",
            "docs/index.md": page,
        ])
        let relaxed = tree.folio("build")
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr == ["docs/index.md:3:1: warning: 'gone.md' points at 'docs/gone.md', which does not exist [link.missing-file]"], "\(relaxed.stderr)")
        try tree.write("site_name: V\nstrict: true\nvalidation:\n  links:\n    not_found: warn\n    anchors: ignore\n", to: "mkdocs.yml")
        try tree.write(page + "\nMore.\n", to: "docs/index.md")
        let strict = tree.folio("build")
        #expect(strict.status == 1)
        #expect(tree.read("site/index.html")?.contains("More.") == false)
    }

    @Test func inheritMergesTheParentFile() throws {
        let tree = try TempTree([
            "config/base.yml": "site_name: Base\ntheme:\n  name: material\n  language: pt-BR\nnav:\n  - index.md\n  - Gone: gone.md\n",
            "mkdocs.yml": "INHERIT: config/base.yml\nsite_name: Child\ntheme:\n  features: [a]\n",
            "docs/index.md": "# Home\n",
        ])
        let result = tree.folio("build")
        #expect(result.status == 0)
        let home = try #require(tree.read("site/index.html"))
        #expect(home.contains("<title>Home · Child</title>"))
        #expect(home.contains("<html lang=\"pt-BR\">"))
        #expect(result.stderr.contains("config/base.yml:7:11: warning: nav names 'gone.md', which is not a page of 'docs'; the entry is left out [nav.missing]"), "\(result.stderr)")
        try tree.write("INHERIT: nowhere.yml\n", to: "mkdocs.yml")
        let missing = tree.folio("build")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("mkdocs.yml:1:10: error: INHERIT names 'nowhere.yml', which cannot be read [config.missing]"), "\(missing.stderr)")
    }

    @Test func techDocsCoreTurnsOnItsExtensions() throws {
        // Backstage's TechDocs sites list no extensions: the techdocs-core plugin adds them.
        let tree = try TempTree([
            "mkdocs.yml": "site_name: Service\nplugins:\n  - techdocs-core\n",
            "docs/index.md": "# Service\n\n!!! note\n    Owned by [payments](team.md).\n\n=== \"curl\"\n\n    x\n\n*[SLO]: Service level objective\n\nThe SLO is ==high==.\n",
            "docs/team.md": "# Team\n",
        ])
        let result = tree.folio("build")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains { $0.contains("techdocs-core") })
        let home = try #require(tree.read("site/index.html"))
        #expect(home.contains("<div class=\"admonition note\">"))
        #expect(home.contains("<div class=\"tabbed-set tabbed-alternate\""))
        #expect(home.contains("The <abbr title=\"Service level objective\">SLO</abbr> is <mark>high</mark>."))
        #expect(home.contains(">¶</a></h1>"))
        #expect(home.contains("data-folio-search"))
    }

    @Test func extraTurnsOnItsParts() throws {
        let tree = try TempTree([
            "mkdocs.yml": "site_name: E\nmarkdown_extensions:\n  - extra\n",
            "docs/index.md": "# E\n\nTerm\n:   Definition\n\n## Custom {#custom}\n",
        ])
        #expect(tree.folio("build").status == 0)
        let home = try #require(tree.read("site/index.html"))
        #expect(home.contains("<dt>Term</dt>"))
        #expect(home.contains("<h2 id=\"custom\">"))
    }
}
