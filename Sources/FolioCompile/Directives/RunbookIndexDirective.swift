import FolioModel

/// `runbooks: index`: a table of every runbook of the site (pages whose front matter has
/// `owner`, `last_reviewed`...), with its owner, service, severity, last review and when the
/// next one is due; an overdue runbook is marked.
///
/// ````markdown
/// ```folio
/// runbooks: index
/// ```
/// ````
struct RunbookIndexDirective: DirectiveKind {
    let name = "runbooks"
    let values = ["index"]
    let options: [String] = []

    func generate(_ directive: Directive, in context: DirectiveContext, with expander: inout DirectiveExpander, into output: inout GeneratedMarkdown)
        -> Bool
    {
        let rows = context.runbooks.compactMap { page -> (cells: [String], origin: SourceLocation)? in
            guard let runbook = page.runbook else { return nil }
            let state =
                runbook.isOverdue
                ? "**\(GeneratedMarkdown.text(expander.label("overdueShort")))**"
                : runbook.due == nil ? "" : GeneratedMarkdown.text(expander.label("upToDate"))
            let cells = [
                output.link(page.title, to: page.source, from: directive.location),
                runbook.owner.map(GeneratedMarkdown.text) ?? "", runbook.service.map(GeneratedMarkdown.text) ?? "",
                runbook.severity.map(GeneratedMarkdown.text) ?? "", runbook.lastReviewed.map(GeneratedMarkdown.text) ?? "",
                runbook.due.map(GeneratedMarkdown.text) ?? "", state,
            ]
            return (cells, directive.location)
        }
        let header = ["runbook", "owner", "service", "severity", "lastReviewed", "reviewDue", "reviewState"].map(expander.label)
        output.table(header, rows, from: directive.location)
        return true
    }
}
