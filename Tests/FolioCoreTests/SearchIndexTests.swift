import Foundation
import Testing

/// `site/assets/search-index.js`, which the theme's search box reads: each page cut into
/// sections at its headings, as the plain text a reader sees.
@Suite struct SearchIndexTests {
    /// The index a build wrote, decoded from its script.
    func index(_ tree: TempTree) throws -> (pages: [[String: Any]], sections: [[String: Any]], script: String) {
        let script = try #require(tree.read("site/assets/search-index.js"))
        let prefix = "window.folioSearchIndex="
        #expect(script.hasPrefix(prefix) && script.hasSuffix(";\n"))
        let json = script.dropFirst(prefix.count).dropLast(2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return (object["pages"] as? [[String: Any]] ?? [], object["sections"] as? [[String: Any]] ?? [], script)
    }

    @Test func pagesAreCutIntoSectionsOfPlainText() throws {
        let tree = try TempTree([
            "folio.yaml": "language: pt-BR\n",
            "content/index.md": """
            ---
            title: "Guia <b>& \\"aspas\\""
            ---
            Texto de abertura com &amp; e <span>HTML</span>.

            ## Instalação rápida

            Rode `make llm-setup`:

            ```sh
            make llm-setup
            ```

            <script>var x = 1;</script>

            | serviço | dono |
            | --- | --- |
            | orders | time-pedidos |

            ### Detalhe
            fim <!-- comentário -->

            """,
            "content/outra.md": "# Outra página\n\n## Instalação rápida\n\nDe novo.\n",
        ])
        #expect(tree.folio("build").status == 0)
        let (pages, sections, script) = try index(tree)
        #expect(pages.map { $0["t"] as? String } == ["Guia <b>& \"aspas\"", "Outra página"])
        #expect(pages.map { $0["u"] as? String } == ["", "outra/"])
        let rows = sections.map { [String(describing: $0["p"] ?? ""), $0["t"] as? String ?? "", $0["a"] as? String ?? "", $0["x"] as? String ?? ""] }
        #expect(
            rows == [
                ["0", "Guia <b>& \"aspas\"", "", "Texto de abertura com & e HTML."],
                // A <script> is removed with its content, so search does not find it.
                ["0", "Instalação rápida", "instalação-rápida", "Rode make llm-setup: make llm-setup serviço dono orders time-pedidos"],
                ["0", "Detalhe", "detalhe", "fim"],
                // The H1 is the page's title; the ids are the page's own.
                ["1", "Outra página", "", ""],
                ["1", "Instalação rápida", "instalação-rápida", "De novo."],
            ])
        #expect(!script.contains("<"), "no value can close a script element")
    }

    @Test func theIndexIsInReadingOrderAndTheSameEveryRun() throws {
        let files = [
            "content/index.md": "# Início\n",
            "content/b.md": "---\nweight: 1\n---\n# Bê\n",
            "content/a.md": "---\nweight: 2\n---\n# Á\n",
        ]
        let first = try TempTree(files), second = try TempTree(files)
        #expect(first.folio("build").status == 0 && second.folio("build").status == 0)
        #expect(try index(first).pages.map { $0["t"] as? String } == ["Início", "Bê", "Á"])
        #expect(first.read("site/assets/search-index.js") == second.read("site/assets/search-index.js"))
    }

    @Test func aPublishedFileCannotTakeTheIndexPath() throws {
        let tree = try TempTree(["content/index.md": "# Início\n", "content/assets/search-index.js": "alert(1)\n"])
        let run = tree.folio("build")
        #expect(run.stderr.contains { $0.hasPrefix("content/assets/search-index.js") }, "\(run.stderr)")
        #expect(tree.read("site/assets/search-index.js")?.hasPrefix("window.folioSearchIndex=") == true)
    }

    @Test func searchFalseLeavesOutTheBoxAndTheIndex() throws {
        let tree = try TempTree(["folio.yaml": "search: false\n", "content/index.md": "# Início\n", "content/assets/search-index.js": "mine\n"])
        #expect(tree.folio("build").status == 0)
        #expect(tree.read("site/search-index.js") == nil)
        #expect(tree.read("site/assets/search-index.js") == "mine\n", "the path is free for a file of the site's own")
        #expect(tree.read("site/index.html")?.contains("data-folio-search") == false)
        let bad = try TempTree(["folio.yaml": "search: nao\n", "content/index.md": "# Início\n"])
        let run = bad.folio("build")
        #expect(run.status == 2)
        #expect(run.stderr == ["folio.yaml:1:9: error: 'search' must be true or false, found \"nao\" [yaml.type]"])
    }
}
