import FolioCheck
import FolioCompile
import FolioLoad
import FolioModel
import FolioReport
import Foundation

/// What `folio check` was asked to do.
public struct CheckOptions: Sendable {
    /// The names of the checks there are (``SiteChecks``), in the order they run.
    public static var checkNames: [String] { SiteChecks.all.map(\.name) }

    public var build: BuildOptions
    /// The checks to run, by name; `folio check` alone runs all of them.
    public var checks: [String]
    /// `folio check` with no subcommand: every check, and what `folio build` would report
    /// (front matter, unreadable pages, route conflicts).
    public var isEveryCheck: Bool
    /// `--all`: every Markdown file of the repository, not only the content folder.
    public var all = false
    /// `--external` (or `links.external` in folio.yaml): request external URLs.
    public var external = false
    /// `--no-cache`: neither read nor write `.folio/cache/`.
    public var useCache = true
    /// `--run`: execute the runbook blocks marked `{run}`; `--update`: rewrite their expected output.
    public var runsRunbooks = false
    public var updatesRunbooks = false
    /// `--run-timeout`: seconds each runbook block may take.
    public var runTimeout: Double = 60
    /// Called while external URLs are checked: (done, total).
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// The time the cache compares ages against.
    public var now = Date()

    /// Options for the named checks; `nil` means `folio check`, every check.
    public init(build: BuildOptions, checks: [String]? = nil) {
        self.build = build
        self.checks = checks ?? Self.checkNames
        isEveryCheck = checks == nil
    }
}

/// What a check found, and the exit code.
public struct CheckResult: Sendable {
    public var status: BuildResult.Status
    /// Set when the checks ran; `nil` for a configuration error.
    public var report: CheckReport?
    /// Configuration problems (exit 2), printed as text whatever the format.
    public var diagnostics: [Diagnostic]
    /// What the checks read (the compiled site, the pages' links). The command line keeps it until
    /// it exits, so that the pages are never freed one by one (that took 35 ms of a 10,000-page
    /// check), as ``BuildResult/compiled``.
    public var compiled: (any Sendable)?
}

/// `folio check`: load -> parse -> compile as for a build, then the checks, without writing a
/// site. Only the external check's cache is written, under `.folio/cache/`.
public enum Checker {
    public static func check(_ options: CheckOptions) -> CheckResult {
        var diagnostics = Diagnostics()
        let timings = Timings()
        let isEveryCheck = options.isEveryCheck
        let purpose = Builder.Purpose.check(readingFrontMatter: isEveryCheck, readingCode: options.checks.contains(CommandsCheck().name))
        guard let compilation = Builder.compile(options.build, for: purpose, into: &diagnostics) else {
            return CheckResult(status: .configuration, report: nil, diagnostics: diagnostics.sorted, compiled: nil)
        }
        let (setup, site, reader) = (compilation.setup, compilation.site, compilation.reader)
        timings.mark("load, parse, compile")
        let sources = LinkSources.collect(site, reader: reader, all: options.all, excluding: site.config.links.excludeFiles)
        var run = CheckRun(options: options, setup: setup, site: site, reader: reader, sources: sources, timings: timings)
        if isEveryCheck {
            // `folio check` reports what the build would: unreadable pages, bad front matter, route conflicts.
            run.findings.add(contentsOf: diagnostics)
        }
        for check in SiteChecks.all { check.prepare(&run, isAsked: options.checks.contains(check.name)) }
        for check in SiteChecks.all { check.run(&run, isAsked: options.checks.contains(check.name)) }
        defer { timings.mark("report") }
        let report = CheckReport(
            checks: options.checks, findings: run.findings.sorted, files: sources.map(\.path), links: run.links, commands: run.commandCount,
            runs: run.runs)
        return CheckResult(status: report.errors > 0 ? .findings : .clean, report: report, diagnostics: [], compiled: (site, compilation.parsed, sources))
    }
}
