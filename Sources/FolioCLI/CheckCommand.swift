import ArgumentParser
import FolioBuild
import FolioModel
import FolioReport
import Foundation

/// `folio check`: every check; `folio check links`: the link check alone.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the docs without building the site: links and anchors, commands, deliverables.",
        discussion: """
            With no subcommand, runs every check and also reports what 'folio build' would (bad front \
            matter, unreadable pages). Exit status: 0 no errors (warnings allowed), 1 errors found, \
            2 usage or configuration error.
            """,
        subcommands: [CheckLinksCommand.self, CheckCommandsCommand.self, CheckDeliverablesCommand.self])

    @OptionGroup var arguments: CheckArguments
}

/// `folio check links`.
struct CheckLinksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links",
        abstract: "Check every relative link, image, anchor and (with --external) external URL.",
        discussion: """
            Reads the Markdown pages of the content folder, or with --all every Markdown file git tracks \
            or would track. Links resolve as GitHub resolves them. Findings print as \
            path:line:column: severity: message [rule], or in the --format asked for.
            """)

    @OptionGroup var arguments: CheckArguments
}

/// `folio check commands`.
struct CheckCommandsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commands",
        abstract: "Check the commands the docs tell people to run against the repository, without running them.",
        discussion: """
            make targets (the makefile read in Swift, never run), docker compose services, npm/yarn/pnpm \
            scripts, scripts and folders. Reads the same files as 'folio check links'.
            """)

    @OptionGroup var arguments: CheckArguments
}

/// `folio check deliverables`.
struct CheckDeliverablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliverables",
        abstract: "Check the deliverables files named in folio.yaml: artifacts, requirements, ids, commands.")

    @OptionGroup var arguments: CheckArguments
}

/// The options every check takes.
struct CheckArguments: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file; its folder is the repository root.", valueName: "path"))
    var config: String?

    @Flag(name: .long, help: "Check every Markdown file of the repository, not only the content folder.")
    var all = false

    @Flag(name: .long, help: "Also request external URLs (also 'links: {external: true}' in folio.yaml).")
    var external = false

    @Flag(name: .long, help: "Do not read or write the external-link cache in .folio/cache/.")
    var noCache = false

    @Option(name: .long, help: ArgumentHelp("Output format: text, json, github, junit, sarif or markdown.", valueName: "format"))
    var format: ReportFormat = .text

    @Flag(name: .long, help: "Run the runbook blocks marked {run} and compare their output (commands check).")
    var run = false

    @Flag(name: .long, help: "With --run, rewrite each ```output block with the block's actual output.")
    var update = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("With --run, the seconds each block may take (default 60).", valueName: "seconds"))
    var runTimeout: Double = 60

    mutating func validate() throws {
        if update && !run { throw ValidationError("--update rewrites what --run finds; add --run") }
        if !(runTimeout > 0 && runTimeout <= 86_400) { throw ValidationError("--run-timeout must be more than 0 and at most 86400 seconds") }
    }

    /// Runs `checks`, or every check when `nil` (`folio check`).
    func execute(checks: [String]?, workingDirectory: String, output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        if run, let checks, !checks.contains("commands") {
            errors("Error: --run runs the runbooks of the command check; use 'folio check commands --run' or 'folio check --run'")
            return 2
        }
        var options = CheckOptions(build: BuildOptions(workingDirectory: workingDirectory, configPath: config), checks: checks)
        options.all = all
        options.external = external
        options.useCache = !noCache
        options.runsRunbooks = run
        options.updatesRunbooks = update
        options.runTimeout = runTimeout
        if isatty(STDERR_FILENO) == 1 { options.progress = ProgressBar.show }
        let result = Checker.check(options)
        if FolioCommand.exitsAfterRun { FolioCommand.keptUntilExit = result.compiled }
        if options.progress != nil { ProgressBar.clear() }
        FolioCommand.printAll(result.diagnostics, to: errors)
        guard let report = result.report else { return result.status.rawValue }
        var text = report.rendered(format)
        if text.hasSuffix("\n") { text.removeLast() }
        output(text)
        return result.status.rawValue
    }
}

extension ReportFormat: ExpressibleByArgument {}

/// `checking external links [#######.......] 12/40` on a terminal's stderr.
enum ProgressBar {
    @Sendable static func show(done: Int, total: Int) {
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\rchecking external links [\(bar)] \(done)/\(total)".utf8))
    }

    static func clear() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
