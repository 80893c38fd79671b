import FolioCheck
import FolioLoad
import FolioReport

/// `folio check commands`: the commands of the docs (and those handed on) against the
/// repository, `bash -n` on shell blocks, placeholders; with `--run`, the runbook blocks.
struct CommandsCheck: SiteCheck {
    let name = "commands"

    func run(_ run: inout CheckRun, isAsked: Bool) {
        guard isAsked || !run.commands.isEmpty else { return }
        let sources = run.sources
        let documents = isAsked ? sources.map { CommandSources.commands(in: $0.document, file: $0.path) } : []
        let found = documents.flatMap(\.commands) + run.commands
        for problem in documents.flatMap(\.problems) { run.findings.add(problem) }
        var check = CommandCheck(tree: run.site.tree, reader: run.reader)
        check.check(found)
        run.commandCount = found.count
        run.findings.add(contentsOf: check.diagnostics)
        for placeholder in sources.flatMap({ CommandSyntax.placeholders(in: $0.document, file: $0.path) }) { run.findings.add(placeholder) }
        for error in CommandSyntax.check(sources.flatMap { CommandSyntax.blocks(in: $0.document, file: $0.path) }) { run.findings.add(error) }
        if run.options.runsRunbooks { runRunbooks(&run) }
        run.timings.mark("command check")
    }

    /// `--run`: the runnable runbook blocks, one after another; with `--update`, their expected
    /// output rewritten in the docs (the only files Folio writes in the repository).
    private func runRunbooks(_ run: inout CheckRun) {
        let options = run.options
        let runbooks = Runbooks(root: run.setup.root, timeout: options.runTimeout, isUpdating: options.updatesRunbooks)
        let results = runbooks.run(run.sources.flatMap { Runbooks.blocks(in: $0.document, file: $0.path) })
        for result in results {
            if let diagnostic = result.diagnostic { run.findings.add(diagnostic) }
            run.runs.append(CheckReport.Run(file: result.block.file, line: result.block.code.position.line - 1, failure: result.diagnostic?.message))
        }
        if options.updatesRunbooks {
            // Each runbook is replaced whole, so a killed run leaves the old text or the new one.
            for (file, text) in Runbooks.updates(results, reader: run.reader) { FileReplacement.write(Array(text.utf8), to: run.setup.root + "/" + file) }
        }
        run.timings.mark("runbooks")
    }
}
