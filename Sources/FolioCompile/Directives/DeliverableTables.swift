import FolioModel
import FolioText
import FolioYAML
import Foundation

/// `deliverables: summary`, `deliverables: details` and `requirements: coverage`: a deliverables
/// file as the page its readers expect (the seed's "Resumo das entregas" and "Detalhes por
/// entrega"), with every artifact linked, the planned ones named with their kind, and the
/// missing ones shown as such (the deliverables check reports them at their line).
/// `deliverables: summary` and `deliverables: details`.
struct DeliverablesDirective: DirectiveKind {
    let name = "deliverables"
    let values = ["summary", "details"]
    let options = ["file"]

    func generate(_ directive: Directive, in context: DirectiveContext, with expander: inout DirectiveExpander, into output: inout GeneratedMarkdown)
        -> Bool
    {
        guard let file = expander.deliverablesFile(for: directive) else { return false }
        if directive.value == "summary" {
            expander.summary(file, directive, into: &output)
        } else {
            expander.details(file, directive, requirementsAnchor: context.coverageAnchor, into: &output)
        }
        return true
    }
}

/// `requirements: coverage`: each requirement with the deliverables that fulfil it.
struct RequirementsCoverageDirective: DirectiveKind {
    let name = "requirements"
    let values = ["coverage"]
    let options = ["file"]

    func generate(_ directive: Directive, in context: DirectiveContext, with expander: inout DirectiveExpander, into output: inout GeneratedMarkdown)
        -> Bool
    {
        guard let file = expander.deliverablesFile(for: directive) else { return false }
        expander.coverage(file, directive, into: &output)
        return true
    }
}

extension DirectiveExpander {
    func summary(_ file: DeliverablesFile, _ directive: Directive, into output: inout GeneratedMarkdown) {
        if let intro = file.intro {
            output.line(intro, from: SourceLocation(file.path, file.introMark ?? TextPosition(line: 1, column: 1)))
            output.blank(from: directive.location)
        }
        let rows = file.deliverables.map { deliverable in
            var title = GeneratedMarkdown.text(deliverable.title)
            if deliverable.status != .done { title += " (\(label(deliverable.status.rawValue)))" }
            var artifacts = artifactList(deliverable, in: file, into: &output)
            if let commands = commandList(deliverable, separator: ", ") { artifacts.append(commands) }
            let origin = SourceLocation(file.path, deliverable.impactMark ?? deliverable.mark)
            return (
                cells: [title, GeneratedMarkdown.inline(deliverable.impact), artifacts.joined(separator: "; "), requirementNames(deliverable, in: file)],
                origin: origin
            )
        }
        output.table([label("deliverable"), label("impact"), label("artifacts"), label("requirement")], rows, from: directive.location)
    }

    /// A section per deliverable; with `requirementsAnchor` (the id of the heading above the
    /// page's coverage table), its requirements link there.
    func details(_ file: DeliverablesFile, _ directive: Directive, requirementsAnchor: String?, into output: inout GeneratedMarkdown) {
        for (number, deliverable) in file.deliverables.enumerated() {
            let at = SourceLocation(file.path, deliverable.mark)
            if number > 0 { output.blank(from: at) }
            output.line("### \(number + 1). \(GeneratedMarkdown.text(deliverable.title))", from: at)
            output.blank(from: at)
            if let details = deliverable.details {
                output.line(details.trimmingCharacters(in: .whitespacesAndNewlines), from: SourceLocation(file.path, deliverable.detailsMark ?? deliverable.mark))
                output.blank(from: at)
            }
            func item(_ key: String, _ value: String, _ origin: SourceLocation) {
                output.line("- **\(GeneratedMarkdown.text(label(key))):** \(value)", from: origin)
            }
            if !deliverable.impact.isEmpty {
                item("impact", GeneratedMarkdown.inline(deliverable.impact), SourceLocation(file.path, deliverable.impactMark ?? deliverable.mark))
            }
            let artifacts = artifactList(deliverable, in: file, into: &output)
            item("artifacts", artifacts.isEmpty ? GeneratedMarkdown.text(label("none")) : artifacts.joined(separator: "; "), at)
            if let commands = commandList(deliverable, separator: ", ") { item("commands", commands, at) }
            item("requirement", requirementNames(deliverable, in: file, linkingTo: requirementsAnchor), at)
            item("status", GeneratedMarkdown.text(label(deliverable.status.rawValue)), at)
            if let owner = deliverable.owner { item("owner", GeneratedMarkdown.text(owner), at) }
        }
        if let next = file.nextSteps {
            let origin = SourceLocation(file.path, file.nextStepsMark ?? TextPosition(line: 1, column: 1))
            output.blank(from: origin)
            let lines = next.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() {
                let text = index == 0 ? "**\(GeneratedMarkdown.text(label("nextSteps"))):** " + line : String(line)
                output.line(text.isEmpty ? ">" : "> " + text, from: SourceLocation(path: origin.path, line: (origin.line ?? 1) + index, column: 1))
            }
        }
    }

    func coverage(_ file: DeliverablesFile, _ directive: Directive, into output: inout GeneratedMarkdown) {
        let report = ProgressReport([file], tree: tree)
        let rows = file.requirements.map { requirement in
            let ids = Set(report.requirements.first { $0.id == requirement.id }?.deliverables ?? [])
            let delivered = report.deliverables.filter { ids.contains($0.id) }
            var name = "**\(GeneratedMarkdown.text(requirement.name))**"
            if let description = requirement.description { name += ": " + GeneratedMarkdown.inline(description) }
            let titles = delivered.map { deliverable in
                GeneratedMarkdown.text(deliverable.title) + (deliverable.status == "done" ? "" : " (\(label(deliverable.status)))")
            }
            let available = delivered.reduce(0) { $0 + $1.available }
            let total = delivered.reduce(0) { $0 + $1.available + $1.planned + $1.missing }
            let done = delivered.filter { $0.status == "done" }.count
            let progress =
                delivered.isEmpty
                ? "**\(GeneratedMarkdown.text(label("notCovered")))**"
                : "\(done)/\(delivered.count) \(GeneratedMarkdown.text(label("done"))); \(available)/\(total) \(GeneratedMarkdown.text(label("artifactsOf")))"
                    + (total > 0 ? " (\(Int((Double(available) * 100 / Double(total)).rounded()))%)" : "")
            return (cells: [name, titles.joined(separator: ", "), progress], origin: SourceLocation(file.path, requirement.descriptionMark ?? requirement.mark))
        }
        output.table([label("requirement"), label("deliverables"), label("progress")], rows, from: directive.location)
    }

    /// The artifacts of a deliverable: available ones linked, missing ones named, planned ones
    /// named with their kind.
    private func artifactList(_ deliverable: DeliverablesFile.Deliverable, in file: DeliverablesFile, into output: inout GeneratedMarkdown) -> [String] {
        var items: [String] = []
        var planned: [String] = []
        for artifact in deliverable.artifacts {
            let origin = SourceLocation(file.path, artifact.targetMark)
            let title = GeneratedMarkdown.text(artifact.title)
            let kind = GeneratedMarkdown.text(label("kind." + artifact.kind))
            if artifact.status == .planned {
                planned.append("\(title) (\(kind))")
            } else if let url = artifact.url {
                items.append("[\(title)](\(GeneratedMarkdown.destination(url)))")
                output.remember(url, from: origin)
            } else if let path = artifact.path, artifact.exists(in: tree) {
                let target = (RepoPath.normalize(path) ?? path) + (tree.folders.contains(RepoPath.normalize(path) ?? "") ? "/" : "")
                items.append(output.link(artifact.title, to: target, from: origin))
            } else {
                items.append("\(title) (**\(GeneratedMarkdown.text(label("missing")))**)")
            }
        }
        if !planned.isEmpty { items.append("\(GeneratedMarkdown.text(label("planned"))): " + planned.joined(separator: ", ")) }
        return items
    }

    private func commandList(_ deliverable: DeliverablesFile.Deliverable, separator: String) -> String? {
        deliverable.commands.isEmpty ? nil : deliverable.commands.map { GeneratedMarkdown.code($0.command) }.joined(separator: separator)
    }

    /// The names of a deliverable's requirements, in bold, linked to `anchor` when the page
    /// shows their coverage.
    private func requirementNames(_ deliverable: DeliverablesFile.Deliverable, in file: DeliverablesFile, linkingTo anchor: String? = nil) -> String {
        deliverable.requirements.map { requirement in
            let name = "**" + GeneratedMarkdown.text(file.requirements.first { $0.id == requirement.id }?.name ?? requirement.id) + "**"
            return anchor.map { "[\(name)](#\(GeneratedMarkdown.destination($0)))" } ?? name
        }.joined(separator: ", ")
    }
}
