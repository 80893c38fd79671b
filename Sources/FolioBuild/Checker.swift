import FolioCheck
import FolioCompile
import FolioLoad
import FolioModel
import FolioReport
import FolioWrite
import Foundation

/// What `folio check` was asked to do.
public struct CheckOptions: Sendable {
    /// The checks to run; `folio check` alone runs all of them.
    public enum Check: String, Sendable, CaseIterable {
        case links, commands, deliverables
    }

    public var build: BuildOptions
    public var checks: [Check]
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
    public init(build: BuildOptions, checks: [Check]? = nil) {
        self.build = build
        self.checks = checks ?? Check.allCases
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
    /// The compiled site the checks read. The command line keeps it until it exits, so that the
    /// pages are never freed one by one (that took 35 ms of a 10,000-page check).
    public var site: Site?
}

/// `folio check`: load -> parse -> compile as for a build, then the checks, without writing a
/// site. Only the external check's cache is written, under `.folio/cache/`.
public enum Checker {
    public static func check(_ options: CheckOptions) -> CheckResult {
        var diagnostics = Diagnostics()
        let timings = Timings()
        let isEveryCheck = options.isEveryCheck
        guard let compilation = Builder.compile(options.build, forWriting: false, readingFrontMatter: isEveryCheck, into: &diagnostics) else {
            return CheckResult(status: .configuration, report: nil, diagnostics: diagnostics.sorted, site: nil)
        }
        let (setup, site, reader) = (compilation.setup, compilation.site, compilation.reader)
        let settings = site.config.links
        var findings = Diagnostics()
        if isEveryCheck {
            // `folio check` reports what the build would: unreadable pages, bad front matter, route conflicts.
            findings.add(contentsOf: diagnostics)
        }
        timings.mark("load, parse, compile")
        let sources = LinkSources.collect(site, reader: reader, all: options.all, excluding: settings.excludeFiles)
        var commands: Int?
        var runs: [CheckReport.Run] = []
        // The deliverables files were read by compile; they are checked, and their commands and
        // URLs go to the other checks, only when the deliverables are checked.
        let checksDeliverables = options.checks.contains(.deliverables)
        let deliverables = DeliverableCheck(checksDeliverables ? site.deliverables.files : [], tree: site.tree)
        if checksDeliverables { findings.add(contentsOf: site.deliverables.diagnostics) }
        findings.add(contentsOf: deliverables.diagnostics)
        if options.checks.contains(.commands) || !deliverables.commands.isEmpty {
            let documents = options.checks.contains(.commands) ? sources.map { CommandSources.commands(in: $0.document, file: $0.path) } : []
            let found = documents.flatMap(\.commands) + deliverables.commands
            for problem in documents.flatMap(\.problems) { findings.add(problem) }
            var check = CommandCheck(tree: site.tree, reader: reader)
            check.check(found)
            commands = found.count
            findings.add(contentsOf: check.diagnostics)
            for placeholder in sources.flatMap({ CommandSyntax.placeholders(in: $0.document, file: $0.path) }) { findings.add(placeholder) }
            for error in CommandSyntax.check(sources.flatMap { CommandSyntax.blocks(in: $0.document, file: $0.path) }) { findings.add(error) }
            if options.runsRunbooks {
                let runbooks = Runbooks(root: setup.root, timeout: options.runTimeout, isUpdating: options.updatesRunbooks)
                let results = runbooks.run(sources.flatMap { Runbooks.blocks(in: $0.document, file: $0.path) })
                for result in results {
                    if let diagnostic = result.diagnostic { findings.add(diagnostic) }
                    runs.append(
                        CheckReport.Run(file: result.block.file, line: result.block.code.position.line - 1, failure: result.diagnostic?.message))
                }
                if options.updatesRunbooks {
                    for (file, text) in Runbooks.updates(results, reader: reader) { SourceUpdate.replace(setup.root + "/" + file, with: text) }
                }
                timings.mark("runbooks")
            }
            timings.mark("command check")
        }
        var links: Int?
        if options.checks.contains(.links) || !deliverables.externals.isEmpty {
            var outcome =
                options.checks.contains(.links)
                ? LinkCheck(site: site, reader: reader, settings: settings, configPath: setup.configDisplay).run(sources) : LinkCheck.Outcome()
            outcome.externals += deliverables.externals
            links = options.checks.contains(.links) ? outcome.links : nil
            findings.add(contentsOf: outcome.diagnostics)
            for unused in outcome.unusedIgnores { findings.add(unused) }
            timings.mark("link check")
            if options.external || settings.external {
                let cache = options.useCache ? LinkCache(folder: setup.root + "/.folio/cache", maxAge: settings.cacheMaxAge, now: options.now) : nil
                let external = ExternalCheck(settings: settings, cached: cache?.load(), now: options.now, progress: options.progress)
                let checked = external.run(outcome.externals)
                for finding in checked.diagnostics { findings.add(finding) }
                if let cache, let entries = checked.cache { cache.save(entries) }
            }
        }
        defer { timings.mark("report") }
        let report = CheckReport(
            checks: options.checks.map(\.rawValue), findings: findings.sorted, files: sources.map(\.path), links: links, commands: commands,
            runs: runs)
        return CheckResult(status: report.errors > 0 ? .findings : .clean, report: report, diagnostics: [], site: site)
    }
}
