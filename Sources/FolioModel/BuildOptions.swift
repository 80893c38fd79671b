import Foundation

/// What `folio build` was asked to do.
public struct BuildOptions: Sendable {
    /// The folder paths are relative to, and the default place of `folio.yaml` (usually the
    /// current directory).
    public var workingDirectory: String
    /// `--config PATH`: the configuration file; its folder becomes the repository root.
    public var configPath: String?
    /// `--output DIR`: overrides `output` from the configuration (relative to the working directory).
    public var output: String?
    /// Overrides `base_url` from the configuration: `folio serve` sets its own address, so that the
    /// preview's 404 page, canonical links and sitemap point at the preview.
    public var baseURL: String?
    /// `--strict`: any error or warning fails the build and keeps the previous site.
    public var isStrict: Bool
    /// The day runbook reviews are measured against: `SOURCE_DATE_EPOCH` when it is set (for
    /// reproducible builds), else now.
    public var today: Date = BuildOptions.defaultToday()
    /// Whether the build reuses what the last build into the same output wrote, through
    /// `.folio/cache/` (`--no-cache`: every page is rendered again).
    public var usesCache = true
    /// `folio serve`: the parsed pages of the previous rebuild, kept in memory.
    public var parseCache: ParseCache?
    /// What `!ENV` in mkdocs.yml reads.
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    /// `SOURCE_DATE_EPOCH` (seconds since 1970) or the current time.
    public static func defaultToday() -> Date {
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Double.init) { return Date(timeIntervalSince1970: epoch) }
        return Date()
    }
    /// Told at once what a user should know while the build runs (another build holds the lock).
    public var progress: @Sendable (String) -> Void

    /// Makes options.
    public init(
        workingDirectory: String, configPath: String? = nil, output: String? = nil, isStrict: Bool = false,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.workingDirectory = workingDirectory
        self.configPath = configPath
        self.output = output
        self.isStrict = isStrict
        self.progress = progress
    }
}

/// What a build did: its diagnostics, sorted, and the exit code the CLI returns.
public struct BuildResult: Sendable {
    package init(status: Status, diagnostics: [Diagnostic], pagesWritten: Int, output: String?) {
        self.status = status
        self.diagnostics = diagnostics
        self.pagesWritten = pagesWritten
        self.output = output
    }

    /// Exit status: 0 clean (warnings allowed unless strict), 1 findings in the content,
    /// 2 usage or configuration errors.
    public enum Status: Int32, Sendable {
        case clean = 0, findings = 1, configuration = 2
    }

    public var status: Status
    public var diagnostics: [Diagnostic]
    /// Pages written (0 when the previous site was kept).
    public var pagesWritten: Int
    /// Of those, the pages taken unchanged from the previous site (an incremental build).
    public var pagesReused = 0
    /// How many pages were parsed; the others' parses were read from `.folio/cache/parse.bin`.
    public var pagesParsed = 0
    /// The site paths of the pages whose file is new, changed or gone since the previous site;
    /// `nil` when every page may have changed (no previous site to compare with).
    public var changedPages: Set<String>?
    /// The output folder, repository-relative when inside the repository.
    public var output: String?
    /// The compiled site, for a caller that ends the process next and would rather not free it
    /// object by object (`folio build` at 10,000 pages spent 100 ms doing so).
    public var compiled: (any Sendable)?

    /// `4 pages into site/ (1 error, 0 warnings)`, as `folio build` and `folio serve` end their report.
    public func summary(into folder: String? = nil) -> String {
        // Counted in place: `filter` copied every diagnostic, 10% of an edit in `folio serve`
        // on a site with 12,000 findings.
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        let place = folder.map { "into \($0)/ " } ?? ""
        return "\(Self.count(pagesWritten, "page")) \(place)(\(Self.count(errors, "error")), \(Self.count(warnings, "warning")))"
    }

    /// `1 page`, `2 pages`.
    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
}
