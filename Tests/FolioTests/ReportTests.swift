import Foundation
import Testing

/// `folio report` on the internship's deliverables: progress per requirement, the planned
/// artifacts by kind (the seed's "no video or HuggingFace model yet" is two planned artifacts),
/// missing ones, totals, and the exit status.
@Suite struct ReportTests {
    static let files: [String: String] = [
        "folio.yaml": "deliverables: data/entregas.yaml\n",
        "content/index.md": "# Entregas\n",
        "docs/experiments-notebooks.md": "# Experimentos\n",
        "ml/llm/README.md": "# LLM\n",
        "data/entregas.yaml": """
            title: Entregas do estágio
            requirements:
              - {id: llms, name: LLMs}
              - {id: mlops, name: MLOps}
              - {id: documentacao, name: Documentação}
            deliverables:
              - id: trilhas-llm
                title: Trilhas de IA/LLM
                requirements: [llms]
                impact: Experimentos prontos.
                artifacts:
                  - {title: Guia de experimentos, path: docs/experiments-notebooks.md, kind: doc}
                  - {title: Código, path: ml/llm/, kind: code}
                  - {title: Vídeo, kind: video, status: planned, path: videos/trilhas.mp4}
                  - {title: Modelo no HuggingFace, kind: model, status: planned, url: "https://huggingface.co/acme/pedidos"}
              - id: pipelines-mlops
                title: Pipelines MLOps
                requirements: [mlops]
                impact: Padronizam.
                artifacts:
                  - {title: Guia MLOps, path: docs/mlops-llmops.md, kind: doc}
            """,
    ]

    @Test func textShowsRequirementsPlannedMissingAndTotals() throws {
        let run = try TempTree(Self.files).folio("report")
        #expect(run.status == 1, "an artifact is missing")
        #expect(
            run.stdout == [
                "Entregas do estágio", "",
                "requirement   deliverables     available  planned  missing",
                "LLMs          trilhas-llm      2          2        0",
                "MLOps         pipelines-mlops  0          0        1",
                "Documentação  none             0          0        0",
                "", "planned:", "  video: Vídeo (trilhas-llm)", "  model: Modelo no HuggingFace (trilhas-llm)",
                "", "missing:", "  docs/mlops-llmops.md: Guia MLOps (pipelines-mlops)",
                "", "2 deliverables, 5 artifacts: 2 available (40%), 2 planned (40%), 1 missing",
            ])
        #expect(run.stderr == ["data/entregas.yaml:5:10: warning: no deliverable fulfils the requirement 'documentacao' [deliverable.uncovered-requirement]"])
    }

    @Test func jsonFollowsTheContractAndCSVOpensInASpreadsheet() throws {
        let tree = try TempTree(Self.files)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(tree.folio("report", "--format", "json").stdout.joined().utf8)) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        let requirements = try #require(json["requirements"] as? [[String: Any]])
        #expect(requirements.first?["deliverables"] as? [String] == ["trilhas-llm"])
        #expect(requirements.last?["covered"] as? Bool == false)
        let deliverable = try #require((json["deliverables"] as? [[String: Any]])?.first)
        #expect(deliverable["artifacts"] as? [String: Int] == ["available": 2, "planned": 2, "missing": 0])
        #expect((json["planned"] as? [[String: String]])?.map { $0["kind"] } == ["video", "model"])
        #expect((json["missing"] as? [[String: String]])?.first?["path"] == "docs/mlops-llmops.md")
        #expect((json["totals"] as? [String: Int])?["missing"] == 1)
        #expect(
            tree.folio("report", "--format", "csv").stdout == [
                "deliverable,title,status,requirements,available,planned,missing",
                "trilhas-llm,Trilhas de IA/LLM,done,llms,2,2,0",
                "pipelines-mlops,Pipelines MLOps,done,mlops,0,0,1",
            ])
    }

    @Test func exitStatusFollowsMissingAndPlannedArtifacts() throws {
        let tree = try TempTree(Self.files)
        try tree.write("# MLOps\n", to: "docs/mlops-llmops.md")
        #expect(tree.folio("report").status == 0)
        #expect(tree.folio("report", "--fail-on", "planned").status == 1)
        #expect(tree.folio("report", "--format", "markdown").stdout.contains("**Planned:** Vídeo (video, trilhas-llm); Modelo no HuggingFace (model, trilhas-llm)."))

        let bare = try TempTree(["content/index.md": "# Home\n"])
        let run = bare.folio("report")
        #expect(run.status == 2)
        #expect(run.stderr == ["folio.yaml: error: folio.yaml names no deliverables file (add 'deliverables: path/to/deliverables.yaml') [config.deliverables]"])
    }
}
