import ArgumentParser
import FolioBuild
import FolioModel

/// `folio report`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report progress on the deliverables: per requirement, planned and missing artifacts, totals.",
        discussion: "Exit status: 0, or 1 when an artifact is missing (or, with --fail-on planned, planned); 2 for usage or configuration errors.")

    enum FailOn: String, ExpressibleByArgument { case planned }

    @Option(name: .long, help: ArgumentHelp("Configuration file; its folder is the repository root.", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("text, markdown, json or csv.", valueName: "format"))
    var format: ProgressReport.Format = .text

    @Option(name: .long, help: ArgumentHelp("Also exit 1 when an artifact is still planned.", valueName: "planned"))
    var failOn: FailOn?

    func execute(workingDirectory: String, output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        let result = Reporter.report(
            BuildOptions(workingDirectory: workingDirectory, configPath: config), format: format, failsOnPlanned: failOn == .planned)
        FolioCommand.printAll(result.diagnostics, to: errors)
        if var text = result.text {
            if text.hasSuffix("\n") { text.removeLast() }
            output(text)
        }
        return result.status.rawValue
    }
}

extension ProgressReport.Format: ExpressibleByArgument {}
