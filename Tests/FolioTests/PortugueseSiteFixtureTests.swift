import Foundation
import Testing

/// What a reader sees in the Portuguese fixture site (its files are compared by FixtureTests).
@Suite struct PortugueseSiteFixtureTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/portuguese-site").path

    func build() throws -> (TempTree, (status: Int32, stdout: [String], stderr: [String])) {
        let tree = try TempTree(copying: Self.fixture + "/input")
        return (tree, tree.folio("build"))
    }

    @Test func sameInputGivesByteIdenticalSite() throws {
        let (first, _) = try build()
        let (second, _) = try build()
        let files = first.files(under: "site")
        #expect(files == second.files(under: "site"))
        for file in files { #expect(first.read("site/" + file) == second.read("site/" + file), "\(file) differs between runs") }
    }

    @Test func whatAReaderSees() throws {
        let (tree, _) = try build()
        let setup = try #require(tree.read("site/guia/setup/index.html"))
        // Links to .md pages point at the pages' URLs; repeated headings get -1.
        #expect(setup.contains("<a href=\"../../\">início</a>"))
        #expect(setup.contains("<a href=\"../\">seção</a>"))
        #expect(setup.contains("<h2 id=\"configuração-do-worker-1\">"))
        // Values from YAML are escaped wherever they appear.
        let runbook = try #require(tree.read("site/operacao/runbook/index.html"))
        #expect(runbook.contains("<title>Runbook &lt;orders&gt; &amp; &quot;pagamentos&quot; · Microservice Shop</title>"))
        #expect(!runbook.contains("<orders>"))
        let home = try #require(tree.read("site/index.html"))
        #expect(home.contains("content=\"Documentação do &lt;Microservice Shop&gt; &amp; seus runbooks\""))
        // cmark-gfm percent-encodes non-ASCII in hrefs; browsers decode the fragment before matching ids.
        #expect(home.contains("<a href=\"guia/setup/#instala%C3%A7%C3%A3o-r%C3%A1pida\">instalação rápida</a>"))
        // Navigation: weighted pages first, then by title; the current page is marked.
        let order = ["Preparação do ambiente", "Alpha sem peso"].map { setup.range(of: ">\($0)</a>")?.lowerBound }
        #expect(order[0] != nil && order[1] != nil && order[0]! < order[1]!)
        #expect(setup.contains("<a href=\"../../guia/setup/\" aria-current=\"page\">Preparação do ambiente</a>"))
        #expect(setup.contains("<span>Anterior</span>Guia</a>"))
        #expect(setup.contains("<span>Próximo</span>Alpha sem peso</a>"))
        #expect(setup.contains("<link rel=\"canonical\" href=\"https://docs.example.org/shop/guia/setup/\">"))
        // A folder without index.md gets a generated landing page that lists it, and is a link.
        // On a small site a closed section's pages are there too, hidden until its arrow opens them.
        #expect(setup.contains("<li class=\"nav-item nav-section\"><button class=\"nav-toggle\" type=\"button\" aria-expanded=\"false\" aria-label=\"Mostrar páginas de Operacao\"></button><a href=\"../../operacao/\">Operacao</a>\n<ul class=\"is-collapsed\">"))
        let section = try #require(tree.read("site/operacao/index.html"))
        #expect(section.contains("<h1>Operacao</h1>"))
        #expect(section.contains("<li><a href=\"runbook/\">Runbook &lt;orders&gt; &amp; &quot;pagamentos&quot;</a></li>"))
    }
}
