import Foundation
import Testing

@testable import FolioBuild
@testable import FolioModel

/// `folio` blocks: tables generated from deliverables, runbooks, compose files, makefiles and
/// YAML lists, as a reader sees them in the built page, with their links checked where they were
/// written.
@Suite struct DirectiveTests {
    static let fence = "```"

    static let deliverables = """
        title: Entregas do estágio
        intro: Veja o [guia de setup](../docs/setup.md).
        requirements:
          - id: llms
            name: LLMs
          - id: documentacao
            name: Documentação
            description: Guias e <b>runbooks</b>
        deliverables:
          - id: trilhas-llm
            title: Trilhas de IA/LLM | pedidos
            requirements: [llms]
            impact: Experimentos <script>alert(1)</script> prontos; ver [instalação](../docs/setup.md#instalação) e [nada](nada.md).
            details: |
              Notebooks em [ml/llm](../ml/llm/).
            artifacts:
              - title: Guia de experimentos
                path: docs/setup.md
              - title: Bibliotecas
                path: ml/llm
              - title: Vídeo de demonstração
                kind: video
                status: planned
              - title: Modelo no HuggingFace
                url: https://huggingface.co/acme/pedidos
                kind: model
                status: planned
              - title: Runbook antigo
                path: docs/antigo.md
            commands: ["make llm-setup"]
        next_steps: Publicar o vídeo.
        """

    static func page(_ blocks: String...) -> String {
        "# Entregas\n\n## Resumo\n\n" + blocks.map { "\(fence)folio\n\($0)\n\(fence)\n\n" }.joined()
    }

    func tree(_ page: String, language: String = "pt-BR", extra: [String: String] = [:]) throws -> TempTree {
        try TempTree(
            [
                "folio.yaml": "language: \(language)\ndeliverables: data/entregas.yaml\n",
                "data/entregas.yaml": Self.deliverables,
                "docs/setup.md": "# Setup\n\n## Instalação\n",
                "ml/llm/README.md": "# LLM\n",
                "content/entregas.md": page,
            ].merging(extra) { _, new in new })
    }

    func body(_ tree: TempTree, _ page: String = "site/entregas/index.html") throws -> String {
        let html = try #require(tree.read(page))
        let start = try #require(html.range(of: "<article class=\"page\">"))
        let end = try #require(html.range(of: "</article>"))
        return String(html[start.upperBound..<end.lowerBound])
    }

    @Test func theSummaryIsARealTableWithLinksPlannedAndMissingArtifacts() throws {
        let tree = try tree(Self.page("deliverables: summary"))
        let run = tree.folio("build")
        #expect(run.status == 1, "a missing artifact is an error")
        #expect(
            run.stderr.contains(
                "data/entregas.yaml:29:15: error: the artifact 'Runbook antigo' of 'trilhas-llm' points at 'docs/antigo.md', which does not exist (fix the path, or mark the artifact 'status: planned') [deliverable.artifact-missing]"
            ))
        let html = try body(tree)
        #expect(html.contains("<p>Veja o <a href=\"../docs/setup.md\">guia de setup</a>.</p>"), "the intro's link is relative to the data file, kept as written")
        #expect(html.contains("<th>Entrega</th>\n<th>Impacto principal</th>\n<th>Artefatos disponíveis</th>\n<th>Requisito</th>"))
        #expect(html.contains("<td>Trilhas de IA/LLM | pedidos</td>"), "a '|' in a title does not split the cell")
        #expect(
            html.contains(
                "<td>Experimentos &lt;script&gt;alert(1)&lt;/script&gt; prontos; ver <a href=\"../docs/setup.md#instala%C3%A7%C3%A3o\">instalação</a> e <a href=\"../data/nada.md\">nada</a>.</td>"
            ), "raw HTML from YAML is text")
        #expect(
            html.contains(
                "<td><a href=\"../docs/setup.md\">Guia de experimentos</a>; <a href=\"../ml/llm/\">Bibliotecas</a>; <a href=\"https://huggingface.co/acme/pedidos\">Modelo no HuggingFace</a>; Runbook antigo (<strong>não encontrado</strong>); previsto: Vídeo de demonstração (vídeo); <code>make llm-setup</code></td>"
            ) == false, "a planned URL is not linked yet")
        #expect(
            html.contains(
                "<td><a href=\"../docs/setup.md\">Guia de experimentos</a>; <a href=\"../ml/llm/\">Bibliotecas</a>; Runbook antigo (<strong>não encontrado</strong>); previsto: Vídeo de demonstração (vídeo), Modelo no HuggingFace (modelo); <code>make llm-setup</code></td>"
            ))
        #expect(html.contains("<td><strong>LLMs</strong></td>"))
        #expect(!html.contains("<script>"))
    }

    @Test func detailsHaveASectionPerDeliverableWithUniqueIds() throws {
        let tree = try tree(Self.page("deliverables: details") + "## 1. Trilhas de IA/LLM | pedidos\n")
        _ = tree.folio("build")
        let html = try body(tree)
        #expect(html.contains("<h2 id=\"1-trilhas-de-iallm--pedidos\">"), "the page's own headings keep their ids")
        #expect(html.contains("<h3 id=\"1-trilhas-de-iallm--pedidos-1\">1. Trilhas de IA/LLM | pedidos"), "a generated heading gets the next one")
        #expect(html.contains("<p>Notebooks em <a href=\"../ml/llm/\">ml/llm</a>.</p>"))
        #expect(html.contains("<li><strong>Comandos:</strong> <code>make llm-setup</code></li>"))
        #expect(html.contains("<li><strong>Situação:</strong> concluída</li>"))
        #expect(html.contains("<blockquote>\n<p><strong>Próximos passos:</strong> Publicar o vídeo.</p>\n</blockquote>"))
        let toc = try #require(tree.read("site/entregas/index.html"))
        #expect(toc.contains("href=\"#1-trilhas-de-iallm--pedidos-1\""), "generated headings are in the table of contents")
    }

    @Test func generatedLinksAreCheckedWhereTheyWereWritten() throws {
        let tree = try tree(Self.page("deliverables: summary", "deliverables: details"))
        let run = tree.folio("check", "links", "--format", "json")
        #expect(run.status == 1)
        let json = run.stdout.joined(separator: "\n")
        #expect(json.contains("\"rule\":\"link.missing-file\",\"severity\":\"error\",\"file\":\"data/entregas.yaml\",\"line\":13,\"column\":13"))
        let text = tree.folio("check", "links").stdout
        #expect(
            text.filter { $0.hasPrefix("data/") } == [
                "data/entregas.yaml:13:13: error: '../data/nada.md' points at 'data/nada.md', which does not exist [link.missing-file]"
            ], "one finding, though the link is shown twice")
    }

    @Test func labelsFollowTheLanguageAndTheConfig() throws {
        let english = try tree(Self.page("requirements: coverage"), language: "en")
        _ = english.folio("build")
        let html = try body(english)
        #expect(html.contains("<th>Requirement</th>\n<th>Deliverables</th>\n<th>Progress</th>"))
        #expect(html.contains("<td><strong>LLMs</strong></td>\n<td>Trilhas de IA/LLM | pedidos</td>\n<td>1/1 done; 2/5 artifacts available (40%)</td>"))
        #expect(html.contains("<td><strong>Documentação</strong>: Guias e &lt;b&gt;runbooks&lt;/b&gt;</td>\n<td></td>\n<td><strong>not covered yet</strong></td>"))
        let labelled = try tree(
            Self.page("deliverables: summary"),
            extra: ["folio.yaml": "language: pt-BR\ndeliverables: data/entregas.yaml\nlabels:\n  requirement: Requisito do estágio\n"])
        _ = labelled.folio("build")
        #expect(try body(labelled).contains("<th>Requisito do estágio</th>"))
    }

    @Test func runbooksComposeAndMakeTablesComeFromTheRepository() throws {
        let tree = try TempTree([
            "folio.yaml": "language: pt-BR\n",
            "content/index.md": Self.page("runbooks: index", "compose: services", "make: targets"),
            "content/runbooks/pedidos.md": "---\nowner: time-pedidos\nservice: orders\nseverity: alta\nlast_reviewed: 2026-01-15\nreview_every: 30d\n---\n# Reinício dos pedidos\n",
            "content/runbooks/fila.md": "---\nowner: plataforma\nlast_reviewed: 2026-02-20\n---\n# Fila parada\n",
            "docker-compose.yml": "services:\n  orders:\n    build: ./services/orders\n    ports: [\"8080:8080\"]\n    depends_on: [postgres]\n  postgres:\n    image: postgres:16\n    profiles: [db]\n",
            "services/orders/Dockerfile": "FROM scratch\n",
            "Makefile": "## llm-setup: prepara o ambiente LLM\nllm-setup:\n\techo\nworker-run: deps ## roda o worker\n\techo\nX := 1 ## not a target\n",
        ])
        var options = BuildOptions(workingDirectory: tree.root)
        options.today = Runbook.day("2026-03-01")!
        _ = Builder.build(options)
        let html = try body(tree, "site/index.html")
        #expect(
            html.contains(
                "<tr>\n<td><a href=\"runbooks/fila/\">Fila parada</a></td>\n<td>plataforma</td>\n<td></td>\n<td></td>\n<td>2026-02-20</td>\n<td>2026-05-21</td>\n<td>em dia</td>\n</tr>\n<tr>\n<td><a href=\"runbooks/pedidos/\">Reinício dos pedidos</a></td>\n<td>time-pedidos</td>\n<td>orders</td>\n<td>alta</td>\n<td>2026-01-15</td>\n<td>2026-02-14</td>\n<td><strong>atrasada</strong></td>\n</tr>"
            ))
        #expect(
            html.contains(
                "<tr>\n<td><strong>orders</strong></td>\n<td>build: <a href=\"../services/orders/\">./services/orders</a></td>\n<td><code>8080:8080</code></td>\n<td>postgres</td>\n<td></td>\n</tr>"
            ))
        #expect(html.contains("<td><strong>postgres</strong></td>\n<td><code>postgres:16</code></td>\n<td></td>\n<td></td>\n<td>db</td>"))
        #expect(
            html.contains(
                "<tbody>\n<tr>\n<td><code>make llm-setup</code></td>\n<td>prepara o ambiente LLM</td>\n</tr>\n<tr>\n<td><code>make worker-run</code></td>\n<td>roda o worker</td>\n</tr>\n</tbody>"
            ))
    }

    @Test func anyYAMLListIsATable() throws {
        let tree = try TempTree([
            "content/index.md": Self.page("table:\n  data: ../data/servicos.yaml\n  columns: [nome, {dono: Responsável}, docs]"),
            "data/servicos.yaml": "- nome: orders\n  dono: time-pedidos\n  docs: \"[runbook](../content/index.md)\"\n- nome: \"<i>catalog</i>\"\n  dono: [ana, bia]\n",
        ])
        #expect(tree.folio("build").status == 0)
        let html = try body(tree, "site/index.html")
        #expect(html.contains("<th>nome</th>\n<th>Responsável</th>\n<th>docs</th>"))
        #expect(html.contains("<td>orders</td>\n<td>time-pedidos</td>\n<td><a href=\"./\">runbook</a></td>"))
        #expect(html.contains("<td>&lt;i&gt;catalog&lt;/i&gt;</td>\n<td>ana, bia</td>\n<td></td>"))
    }

    @Test func aBadDirectiveIsAnErrorAtItsLineAndHidesNothingElse() throws {
        let page = Self.page(
            "deliverables: sumary", "tabel: x", "compose: services\nfile: ../nao-existe.yml", "make: targets\ncolumns: [a]", "deliverables: [summary",
            "runbooks: index", "table:\n  data: ../../../etc/passwd")
        let tree = try TempTree(["content/index.md": page, "content/other.md": "# Outra\n\n[quebrado](nada.md)\n"])
        let run = tree.folio("build")
        #expect(run.status == 1)
        #expect(
            run.stderr.filter { $0.contains("[directive.") } == [
                "content/index.md:6:15: error: 'deliverables' must be 'summary' or 'details', found 'sumary' (did you mean 'summary'?) [directive.invalid]",
                "content/index.md:10:1: error: unknown directive 'tabel' (did you mean 'table'?) [directive.invalid]",
                "content/index.md:15:7: error: the compose file '../nao-existe.yml' does not exist (paths are relative to the page; start with '/' for the repository root) [directive.file-missing]",
                "content/index.md:20:1: error: 'make' takes no option 'columns' (it takes: file) [directive.invalid]",
                "content/index.md:25:1: error: this folio block is not valid YAML: while parsing a flow sequence: did not find expected ',' or ']' [directive.invalid]",
                "content/index.md:33:9: error: the data file '../../../etc/passwd' is outside the repository; Folio reads data from the repository only (paths are relative to the page; start with '/' for the repository root) [directive.file-missing]",
            ])
        #expect(run.stderr.contains("content/other.md:3:1: error: 'nada.md' points at 'content/nada.md', which does not exist [link.missing-file]"))
        let html = try body(tree, "site/index.html")
        #expect(html.contains("<th>Runbook</th>"), "the good directive after the bad ones is rendered")
        #expect(!html.contains("sumary"), "a bad directive shows nothing")
    }

    @Test func badDataFilesAreReportedAtTheirLine() throws {
        let tree = try TempTree([
            "folio.yaml": "deliverables: [a.yaml, b.yaml]\n",
            "a.yaml": "deliverables: []\n",
            "b.yaml": "deliverables: []\n",
            "content/index.md": Self.page(
                "table: {data: lista.yaml, columns: [nome, dono]}", "compose: services\nfile: compose.yaml", "deliverables: summary",
                "make: targets\nfile: Makefile"),
            "content/lista.yaml": "- nome: orders\n- just text\n",
            "content/compose.yaml": "services: [orders\n",
            "content/Makefile": "all:\n\techo\n",
        ])
        let run = tree.folio("build")
        #expect(
            run.stderr.filter { $0.contains("[directive.") } == [
                "content/compose.yaml:2:1: error: the compose file is not valid YAML: while parsing a flow sequence: did not find expected ',' or ']' [directive.data-invalid]",
                "content/index.md:14:1: error: folio.yaml names 2 deliverables files: say which one (add 'file: path' to the block) [directive.invalid]",
                "content/index.md:18:1: warning: no target of 'content/Makefile' says what it does, so the table is empty (add '## what it does' after a target's prerequisites, or a line '## target: what it does') [directive.empty]",
                "content/lista.yaml:2:3: error: each entry of the list is a mapping, found \"just text\" [directive.data-invalid]",
            ])
    }

    @Test func deliverablesFilesAreReadOnceAndCheckedWhereverTheyAreNamed() throws {
        let tree = try TempTree([
            "folio.yaml": "deliverables: faltando.yaml\n",
            "outras.yaml": "deliverables:\n  - id: a\n    title: A\n    requirements: [nenhum]\n",
            "content/index.md": Self.page("deliverables: summary", "deliverables: details\nfile: ../outras.yaml"),
        ])
        let build = tree.folio("build")
        #expect(
            build.stderr.filter { !$0.hasPrefix("built ") } == [
                "content/index.md:5:1: error: the deliverables file 'faltando.yaml' named in folio.yaml does not exist (fix 'deliverables:' in folio.yaml, or name a file with 'file:') [directive.file-missing]",
                "outras.yaml:4:20: error: 'a' names the requirement 'nenhum', which is not defined [deliverable.unknown-requirement]",
            ])
        let check = tree.folio("check", "deliverables")
        #expect(
            check.stdout == [
                "folio.yaml:1:15: error: the deliverables file 'faltando.yaml' does not exist [deliverable.file-missing]",
                "outras.yaml:4:20: error: 'a' names the requirement 'nenhum', which is not defined [deliverable.unknown-requirement]",
                "checked 1 file: 2 errors, 0 warnings",
            ], "a file only a directive names is checked too")
    }
}
