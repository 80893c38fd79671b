import FolioCheck
import FolioLoad
import FolioModel
import FolioReport
import Foundation

/// What `folio report` printed and its exit status.
public struct ReportResult: Sendable {
    public var status: BuildResult.Status
    /// The report, or `nil` when it could not be made.
    public var text: String?
    /// Problems, printed on standard error.
    public var diagnostics: [Diagnostic]
}

/// `folio report`: reads the deliverables files named in folio.yaml and reports progress.
public enum Reporter {
    public static func report(_ options: BuildOptions, format: ProgressReport.Format, failsOnPlanned: Bool) -> ReportResult {
        var diagnostics = Diagnostics()
        guard let setup = Setup.resolve(options, forWriting: false, into: &diagnostics) else {
            return ReportResult(status: .configuration, text: nil, diagnostics: diagnostics.sorted)
        }
        guard !setup.config.deliverables.isEmpty else {
            diagnostics.error(
                "config.deliverables", "folio.yaml names no deliverables file", at: SourceLocation(path: setup.configDisplay),
                suggestion: "add 'deliverables: path/to/deliverables.yaml'")
            return ReportResult(status: .configuration, text: nil, diagnostics: diagnostics.sorted)
        }
        let tree = Builder.load(setup, into: &diagnostics).tree
        var deliverables = DeliverablesLoad(tree: tree, reader: RepositoryReader(root: setup.root, tree: tree))
        deliverables.read(setup.config.deliverables, configPath: setup.configDisplay)
        var found = deliverables.diagnostics
        found.add(contentsOf: DeliverableCheck(deliverables.files, tree: tree).diagnostics)
        // What the report itself shows (missing artifacts) is not repeated as a diagnostic.
        let problems = found.sorted.filter { $0.rule != "deliverable.artifact-missing" }
        guard deliverables.files.count == setup.config.deliverables.count else {
            return ReportResult(status: .configuration, text: nil, diagnostics: problems)
        }
        var report = ProgressReport(deliverables.files, tree: tree)
        report.labels = Strings.table(for: setup.config)
        let fails = !report.missing.isEmpty || (failsOnPlanned && !report.planned.isEmpty)
        return ReportResult(status: fails ? .findings : .clean, text: report.rendered(format), diagnostics: problems)
    }
}
