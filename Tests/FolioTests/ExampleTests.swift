import Foundation
import Testing

@testable import FolioBuild
@testable import FolioModel

/// examples/microservice-shop, the seed's world: its deliverables page carries everything the
/// hand-written seed page says, generated from docs/entregas.yaml; its architecture page shows
/// the compose file; `folio report` shows the three requirements covered.
@Suite struct ExampleTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/microservice-shop").path

    func built() throws -> TempTree {
        let tree = try TempTree(copying: Self.example)
        var options = BuildOptions(workingDirectory: tree.root, isStrict: true)
        options.today = Runbook.day("2026-11-25")!
        let result = Builder.build(options)
        #expect(result.status == .clean, "the example builds clean: \(result.diagnostics.map(\.description))")
        return tree
    }

    func rows(_ html: String, table number: Int) -> [[String]] {
        let tables = html.components(separatedBy: "<tbody>").dropFirst().map { $0.components(separatedBy: "</tbody>")[0] }
        guard tables.indices.contains(number) else { return [] }
        return tables[number].components(separatedBy: "<tr>").dropFirst().map { row in
            row.components(separatedBy: "<td>").dropFirst().map { $0.components(separatedBy: "</td>")[0] }
        }
    }

    @Test func theDeliverablesPageSaysWhatTheSeedSays() throws {
        let tree = try built()
        let html = try #require(tree.read("site/entregas-do-estagio/index.html"))
        let summary = rows(html, table: 0)
        #expect(summary.map { $0.first ?? "" } == [
            "Trilhas de IA/LLM aplicadas ao fluxo de pedidos", "Pipelines e governança MLOps/LLMOps", "Documentação operacional e runbooks unificados",
        ])
        #expect(summary.map { $0.last ?? "" } == ["<strong>LLMs</strong>", "<strong>MLOps</strong>", "<strong>Documentação</strong>"])
        #expect(
            summary[0][2]
                == "<a href=\"../experiments-notebooks/\">docs/experiments-notebooks.md</a>; <a href=\"https://github.com/acme/microservice-shop/tree/main/ml/llm\">ml/llm/</a>; <a href=\"https://github.com/acme/microservice-shop/blob/main/ml/llm/README.md\">ml/llm/README.md</a>; previsto: Vídeo das trilhas (vídeo), Modelo de embeddings no HuggingFace (modelo); <code>make llm-setup</code>"
        )
        #expect(summary[1][2].contains("<a href=\"https://github.com/acme/microservice-shop/blob/main/Makefile\">Makefile</a>"))
        #expect(summary[1][2].hasSuffix("<code>make llm-setup</code>, <code>make worker-run</code>, <code>docker compose up -d</code>"))
        #expect(summary[2][2].hasPrefix("<a href=\"https://github.com/acme/microservice-shop/blob/main/README.md\">README.md</a>; <a href=\"../setup/\">docs/setup.md</a>; <a href=\"../runbook/\">docs/runbook.md</a>; <a href=\"../architecture/\">docs/architecture.md</a>; previsto: Vídeo oficial de onboarding (vídeo)"))
        #expect(html.contains("<th>Requisito do estágio</th>"), "the seed's column name, from labels: in folio.yaml")
        for (number, title) in ["1. Trilhas de IA/LLM aplicadas ao fluxo de pedidos", "2. Pipelines e governança MLOps/LLMOps", "3. Documentação operacional e runbooks unificados"].enumerated() {
            #expect(html.contains(">\(title)<a class=\"heading-anchor\""), "details section \(number + 1)")
        }
        #expect(
            html.contains("<li><strong>Requisito do estágio:</strong> <a href=\"#cobertura-dos-requisitos\"><strong>LLMs</strong></a></li>"),
            "each deliverable links to the requirement coverage on the same page")
        #expect(html.contains("previsões descritas no <a href=\"https://github.com/acme/microservice-shop/blob/main/ROADMAP.md\">ROADMAP.md</a>"))
        #expect(
            rows(html, table: 1).map { $0.last ?? "" } == [
                "1/1 concluída; 3/5 artefatos disponíveis (60%)", "1/1 concluída; 4/6 artefatos disponíveis (67%)", "1/1 concluída; 4/5 artefatos disponíveis (80%)",
            ])
    }

    @Test func architectureRunbooksAndMakeTargetsComeFromTheRepository() throws {
        let tree = try built()
        let architecture = try #require(tree.read("site/architecture/index.html"))
        let services = rows(architecture, table: 0)
        #expect(services.map { $0[0] }.map { $0.replacingOccurrences(of: "<strong>", with: "").replacingOccurrences(of: "</strong>", with: "") } == [
            "gateway", "orders", "catalog", "payments", "worker", "rabbitmq", "postgres",
        ])
        #expect(services[4] == [
            "<strong>worker</strong>", "build: <a href=\"https://github.com/acme/microservice-shop/tree/main/services/worker\">./services/worker</a>", "", "rabbitmq", "ml",
        ])
        #expect(services[5][2] == "<code>5672:5672</code>, <code>15672:15672</code>")
        #expect(rows(architecture, table: 1)[1] == ["orders", "time-pedidos", "interna", "<a href=\"https://grafana.example.com/d/orders\">Grafana</a> · <a href=\"../runbook/\">runbook</a>"])
        let home = try #require(tree.read("site/index.html"))
        #expect(rows(home, table: 0) == [
            ["<a href=\"runbook/\">Runbook do serviço de pedidos</a>", "time-pedidos", "orders", "alta", "2026-11-02", "2027-01-31", "em dia"],
            ["<a href=\"runbooks/pagamentos/\">Pagamentos recusados</a>", "time-pagamentos", "payments", "crítica", "2026-10-15", "2026-12-14", "em dia"],
        ])
        let setup = try #require(tree.read("site/setup/index.html"))
        #expect(rows(setup, table: 0).map { $0[0] } == [
            "<code>make help</code>", "<code>make up</code>", "<code>make down</code>", "<code>make logs</code>", "<code>make test</code>",
            "<code>make llm-setup</code>", "<code>make worker-run</code>", "<code>make docs</code>", "<code>make check</code>",
        ])
    }

    @Test func theReportShowsTheRequirementsCoveredAndThePlannedVideoAndModel() throws {
        let tree = try TempTree(copying: Self.example)
        let run = tree.folio("report", "--format", "json")
        #expect(run.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.joined(separator: "\n").utf8)) as? [String: Any])
        let requirements = try #require(json["requirements"] as? [[String: Any]])
        #expect(requirements.map { $0["id"] as? String } == ["llms", "mlops", "documentacao"])
        #expect(requirements.allSatisfy { $0["covered"] as? Bool == true })
        let planned = try #require(json["planned"] as? [[String: Any]])
        #expect(planned.map { "\($0["deliverable"] ?? ""):\($0["kind"] ?? "")" } == [
            "trilhas-llm:video", "trilhas-llm:model", "pipelines-mlops:video", "pipelines-mlops:demo", "documentacao-operacional:video",
        ])
        #expect((json["missing"] as? [Any])?.isEmpty == true)
        #expect(tree.folio("report", "--fail-on", "planned").status == 1, "planned artifacts fail the report when asked")
        let text = tree.folio("report").stdout
        #expect(Array(text.prefix(6)) == [
            "Entregas do estágio", "", "requisito     entregas                  disponíveis  previstos  ausentes",
            "LLMs          trilhas-llm               3            2          0", "MLOps         pipelines-mlops           4            2          0",
            "Documentação  documentacao-operacional  4            1          0",
        ], "the report speaks the site's language")
        #expect(text.contains("  modelo: Modelo de embeddings no HuggingFace (trilhas-llm)"))
        #expect(text.contains("3 entregas, 16 artefatos: 11 disponíveis (69%), 5 previstos (31%), 0 ausentes"))
    }

    @Test func theExampleIsCleanForEveryCheck() throws {
        let tree = try TempTree(copying: Self.example)
        let run = tree.folio("check", "--all")
        #expect(run.stdout == ["checked 13 files, 77 links and 35 commands: 0 errors, 0 warnings"], "\(run.stdout)")
        #expect(run.status == 0)
    }
}
