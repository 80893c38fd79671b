import Foundation
import Testing

@testable import FolioBuild
@testable import FolioModel

/// Runbook front matter: owner, service, severity and review dates in a header, an overdue
/// runbook warned about and shown with a banner, measured against an injected day.
@Suite struct RunbookMetadataTests {
    static let page = "---\ntitle: Reinício do serviço de pedidos\nowner: time-pedidos\nservice: orders\nseverity: alta\nlast_reviewed: 2026-01-15\nreview_every: 30d\n---\n# Reinício\n\nPassos.\n"

    func build(_ tree: TempTree, today: String, strict: Bool = false) -> BuildResult {
        var options = BuildOptions(workingDirectory: tree.root, isStrict: strict)
        options.today = Runbook.day(today)!
        return Builder.build(options)
    }

    @Test func anOverdueRunbookIsAWarningAndABanner() throws {
        let tree = try TempTree(["folio.yaml": "language: pt-BR\n", "content/runbook.md": Self.page])
        let result = build(tree, today: "2026-03-01")
        #expect(result.status == .clean)
        #expect(
            result.diagnostics.map(\.description) == [
                "content/runbook.md:6:16: warning: this runbook was last reviewed on 2026-01-15 and is due every 30 days: overdue since 2026-02-14 (review it, then update last_reviewed) [runbook.overdue]"
            ])
        let html = try #require(tree.read("site/runbook/index.html"))
        #expect(html.contains("<p class=\"runbook-overdue\" role=\"alert\">Este runbook está com a revisão atrasada: Próxima revisão 2026-02-14</p>"))
        #expect(html.contains("<div><dt>Responsável</dt><dd>time-pedidos</dd></div>"))
        #expect(html.contains("<div><dt>Próxima revisão</dt><dd>2026-02-14 (30 dias)</dd></div>"))
        #expect(build(tree, today: "2026-03-01", strict: true).status == .findings, "--strict makes an overdue runbook an error")
    }

    @Test func aRunbookInTimeHasNoBannerAndTheDefaultComesFromTheConfig() throws {
        let tree = try TempTree([
            "folio.yaml": "runbooks:\n  review_every: 12w\n",
            "content/runbook.md": "---\nowner: \"<b>ops</b>\"\nlast_reviewed: 2026-01-15\n---\n# Runbook\n",
        ])
        let result = build(tree, today: "2026-03-01")
        #expect(result.diagnostics.isEmpty)
        let html = try #require(tree.read("site/runbook/index.html"))
        #expect(!html.contains("runbook-overdue"))
        #expect(html.contains("<dd>2026-04-09 (84 days)</dd>"))
        #expect(html.contains("<dd>&lt;b&gt;ops&lt;/b&gt;</dd>"), "values from front matter are escaped")
    }

    @Test func badDatesAndDurationsAreErrorsAtTheirLine() throws {
        let tree = try TempTree(["content/runbook.md": "---\nowner: ops\nlast_reviewed: 2026-02-30\nreview_every: soon\n---\n# Runbook\n"])
        let result = build(tree, today: "2026-03-01")
        #expect(
            result.diagnostics.map(\.description) == [
                "content/runbook.md:3:16: error: 'last_reviewed' must be a date written YYYY-MM-DD, found '2026-02-30' [runbook.invalid-date]",
                "content/runbook.md:4:15: error: 'review_every' must be a number of days or weeks from 1d to 3650d, such as 90d or 12w, found 'soon' [runbook.invalid-duration]",
            ])
        #expect(result.status == .findings)
    }
}
