import ArgumentParser
import FolioBuild
import FolioModel
import Foundation


/// The `folio` command line. A library, so tests run it in-process.
public struct FolioCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Build and check documentation that lives in a repository.",
        discussion: "Exit status: 0 clean, 1 findings in the content, 2 usage or configuration error.",
        version: folioVersion,
        subcommands: [BuildCommand.self, ServeCommand.self, CheckCommand.self, ReportCommand.self])

    public init() {}

    /// Set by the `folio` executable, which exits right after `run`: large results are then kept
    /// in `keptUntilExit` rather than freed piece by piece just before the process ends.
    nonisolated(unsafe) public static var exitsAfterRun = false
    nonisolated(unsafe) static var keptUntilExit: (any Sendable)?

    /// Runs the command line and returns the exit status; output goes to the given streams.
    public static func run(
        _ arguments: [String], workingDirectory: String = FileManager.default.currentDirectoryPath,
        output: (String) -> Void = { print($0) }, errors: (String) -> Void = { printError($0) }
    ) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var build = command as? BuildCommand {
                return build.execute(workingDirectory: workingDirectory, output: output, errors: errors)
            }
            if let serve = command as? ServeCommand {
                return serve.execute(workingDirectory: workingDirectory, output: output, errors: errors)
            }
            if let report = command as? ReportCommand {
                return report.execute(workingDirectory: workingDirectory, output: output, errors: errors)
            }
            if let check = command as? CheckCommand {
                return check.arguments.execute(checks: nil, workingDirectory: workingDirectory, output: output, errors: errors)
            }
            if let links = command as? CheckLinksCommand {
                return links.arguments.execute(checks: ["links"], workingDirectory: workingDirectory, output: output, errors: errors)
            }
            if let deliverables = command as? CheckDeliverablesCommand {
                return deliverables.arguments.execute(checks: ["deliverables"], workingDirectory: workingDirectory, output: output, errors: errors)
            }
            if let commands = command as? CheckCommandsCommand {
                return commands.arguments.execute(checks: ["commands"], workingDirectory: workingDirectory, output: output, errors: errors)
            }
            try command.run()
            return 0
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                output(message)
                return 0
            }
            errors(message)
            return 2
        }
    }

    /// Diagnostics, one per line, a thousand lines per write: a line per write made a report of
    /// 12,000 findings cost 150 ms of system time, and one write of them all held the report four
    /// times at once (its lines, their text, the text with its newline, its bytes: 10 MB for
    /// 12,000 findings), which was the top of a build's peak memory.
    static func printAll(_ diagnostics: [Diagnostic], to errors: (String) -> Void) {
        var start = 0
        while start < diagnostics.count {
            let lines = Array(diagnostics[start..<min(start + 1_000, diagnostics.count)])
            // Formatted on every core: 12,000 findings took 30 ms on one.
            errors((diagnostics.count > 1_000 ? parallelMap(lines, \.description) : lines.map(\.description)).joined(separator: "\n"))
            start += lines.count
        }
    }

    /// Writes a line to standard error.
    public static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// `folio build`.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site from the content folder into the output folder.",
        discussion: """
            Pages are built into a staging folder beside the output and swapped in when complete, so \
            the previous site stays whole if the build fails or is killed. Problems print as \
            path:line:column: severity: message [rule].
            """)

    @Option(name: .long, help: ArgumentHelp("Configuration file; its folder is the repository root.", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Output folder (overrides 'output' in folio.yaml).", valueName: "dir"))
    var output: String?

    @Flag(name: .long, help: "Treat warnings as errors; on any finding keep the previous site.")
    var strict = false

    @Flag(name: .customLong("no-cache"), help: "Render every page again, neither reading nor writing .folio/cache/.")
    var noCache = false

    mutating func execute(workingDirectory: String, output print: (String) -> Void, errors: (String) -> Void) -> Int32 {
        var options = BuildOptions(
            workingDirectory: workingDirectory, configPath: config, output: output, isStrict: strict,
            progress: { FolioCommand.printError($0) })
        options.usesCache = !noCache
        let result = Builder.build(options)
        if FolioCommand.exitsAfterRun { FolioCommand.keptUntilExit = result.compiled }
        FolioCommand.printAll(result.diagnostics, to: errors)
        if result.pagesWritten > 0, let folder = result.output { print("built " + result.summary(into: folder)) }
        return result.status.rawValue
    }
}
