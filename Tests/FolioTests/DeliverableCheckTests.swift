import Foundation
import Testing

/// `folio check deliverables` on the internship's deliverables, in YAML: every problem at its
/// line, artifacts against the repository, commands through the command check.
@Suite struct DeliverableCheckTests {
    static let deliverables = """
        title: Entregas do estágio
        requirements:
          - id: llms
            name: LLMs
          - id: mlops
            name: MLOps
          - id: documentacao
            name: Documentação
        deliverables:
          - id: trilhas-llm
            title: Trilhas de IA/LLM aplicadas ao fluxo de pedidos
            requirements: [llms]
            impact: Mantêm experimentos prontos para copilotos.
            artifacts:
              - title: Guia de experimentos
                path: docs/experiments-notebooks.md
                kind: doc
              - title: Código
                path: ml/llm/
                kind: code
              - title: Vídeo
                path: videos/trilhas.mp4
                kind: video
                status: planned
              - title: Modelo no HuggingFace
                url: https://huggingface.co/acme/pedidos
                kind: model
                status: planned
            commands: ["make llm-setup"]
          - id: pipelines-mlops
            title: Pipelines e governança MLOps/LLMOps
            requirements: [mlop]
            impact: Padronizam ingestão, treino e deploy.
            staus: done
            artifacts:
              - title: Guia MLOps
                path: docs/mlops-llmops.md
                kind: guide
            commands: ["make worker-run", "docker compose up -d"]
          - id: trilhas-llm
            title: Repetida
            status: shipped
            artifacts:
              - title: Sem destino
        """

    @Test func everyProblemIsReportedAtItsLine() throws {
        let tree = try TempTree([
            "folio.yaml": "deliverables: data/entregas.yaml\n",
            "data/entregas.yaml": Self.deliverables,
            "Makefile": "llm-setup:\n\tpython -m venv .venv\n",
            "compose.yaml": "services:\n  orders: {}\n",
            "docs/experiments-notebooks.md": "# Experimentos\n",
            "ml/llm/README.md": "# LLM\n",
            "content/index.md": "# Entregas\n",
        ])
        let run = tree.folio("check", "deliverables")
        #expect(run.status == 1)
        #expect(
            run.stdout == [
                // 'mlop' is a typo, so no deliverable fulfils 'mlops' either.
                "data/entregas.yaml:5:9: warning: no deliverable fulfils the requirement 'mlops' [deliverable.uncovered-requirement]",
                "data/entregas.yaml:7:9: warning: no deliverable fulfils the requirement 'documentacao' [deliverable.uncovered-requirement]",
                "data/entregas.yaml:32:20: error: 'pipelines-mlops' names the requirement 'mlop', which is not defined (did you mean 'mlops'?) [deliverable.unknown-requirement]",
                "data/entregas.yaml:34:5: warning: unknown field 'staus' in a deliverable (did you mean 'status'?) [deliverable.unknown-field]",
                "data/entregas.yaml:37:15: error: the artifact 'Guia MLOps' of 'pipelines-mlops' points at 'docs/mlops-llmops.md', which does not exist (fix the path, or mark the artifact 'status: planned') [deliverable.artifact-missing]",
                "data/entregas.yaml:38:15: error: 'kind' must be one of doc, code, notebook, video, model, demo, dataset, other, found 'guide' [deliverable.invalid-value]",
                // Commands go through the command check: make llm-setup exists, worker-run does not.
                "data/entregas.yaml:39:16: error: 'Makefile' has no target 'worker-run' [command.make-target-missing]",
                "data/entregas.yaml:40:9: error: the deliverable id 'trilhas-llm' is used twice [deliverable.duplicate-id]",
                "data/entregas.yaml:42:13: error: 'status' must be one of done, in-progress, planned, found 'shipped' [deliverable.invalid-value]",
                "data/entregas.yaml:44:9: error: an available artifact needs 'path' (a repository path) or 'url' (add where it is, or mark it 'status: planned') [deliverable.artifact-target]",
                "checked 1 file and 3 commands: 7 errors, 3 warnings",
            ])
    }

    @Test func aMissingTitleIsAnErrorAndTheDeliverableIsStillReported() throws {
        let tree = try TempTree([
            "folio.yaml": "deliverables: entregas.yaml\n",
            "entregas.yaml": "requirements:\n  - id: llms\ndeliverables:\n  - id: sem-titulo\n    requirements: [llms]\n    artifacts:\n      - path: README.md\n",
            "README.md": "# Loja\n",
            "content/index.md": "# Entregas\n\n```folio\ndeliverables: summary\n```\n",
        ])
        let run = tree.folio("check", "deliverables")
        #expect(
            run.stdout == [
                "entregas.yaml:4:5: error: a deliverable needs 'title' [yaml.missing-key]",
                "entregas.yaml:7:9: error: an artifact needs 'title' [yaml.missing-key]",
                "checked 1 file: 2 errors, 0 warnings",
            ])
        let report = tree.folio("report", "--format", "csv")
        #expect(report.stdout.contains { $0.hasPrefix("sem-titulo,sem-titulo,done,llms,1,0,0") }, "\(report.stdout)")
        _ = tree.folio("build")
        #expect(tree.read("site/index.html")?.contains("<td>sem-titulo</td>") == true, "the page still shows it, by its id")
    }

    @Test func badYAMLAndAMissingFileAreReportedWhereTheyAre() throws {
        let tree = try TempTree([
            "folio.yaml": "deliverables:\n  - data/entregas.yaml\n  - data/faltando.yaml\n",
            "data/entregas.yaml": "deliverables:\n  - id: x\n    artifacts: [unclosed\n",
            "content/index.md": "# Entregas\n",
        ])
        let run = tree.folio("check", "deliverables")
        #expect(run.status == 1)
        #expect(run.stdout.contains("folio.yaml:3:5: error: the deliverables file 'data/faltando.yaml' does not exist [deliverable.file-missing]"))
        #expect(run.stdout.contains { $0.hasPrefix("data/entregas.yaml:4:1: error: ") && $0.hasSuffix("[yaml.syntax]") })
    }
}
