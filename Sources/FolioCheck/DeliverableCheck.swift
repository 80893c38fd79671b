import FolioModel
import FolioText
import FolioYAML
import Foundation

/// Checks the deliverables files (read by load, `DeliverablesLoad`): every artifact path exists in the
/// repository (a planned one may not exist yet), requirement ids exist and are used, ids are
/// unique; artifact URLs go to the external link check and commands to the command check.
package struct DeliverableCheck {
    let tree: RepositoryTree
    package private(set) var diagnostics = Diagnostics()
    /// The artifacts' URLs, for the external link check.
    package private(set) var externals: [LinkCheck.ExternalUse] = []
    /// The deliverables' commands, for the command check.
    package private(set) var commands: [DocumentCommand] = []

    /// Checks the files read by load.
    package init(_ files: [DeliverablesFile], tree: RepositoryTree) {
        self.tree = tree
        for file in files { check(file) }
    }

    private mutating func check(_ file: DeliverablesFile) {
        func at(_ mark: TextPosition) -> SourceLocation { SourceLocation(file.path, mark) }
        var requirementIDs = Set<String>()
        for requirement in file.requirements where !requirementIDs.insert(requirement.id).inserted {
            diagnostics.error("deliverable.duplicate-id", "the requirement id '\(requirement.id)' is used twice", at: at(requirement.mark))
        }
        var deliverableIDs = Set<String>()
        var covered = Set<String>()
        for deliverable in file.deliverables {
            if !deliverableIDs.insert(deliverable.id).inserted {
                diagnostics.error("deliverable.duplicate-id", "the deliverable id '\(deliverable.id)' is used twice", at: at(deliverable.mark))
            }
            for requirement in deliverable.requirements {
                if requirementIDs.contains(requirement.id) {
                    covered.insert(requirement.id)
                } else {
                    diagnostics.error(
                        "deliverable.unknown-requirement", "'\(deliverable.id)' names the requirement '\(requirement.id)', which is not defined",
                        at: at(requirement.mark), suggestion: Suggestions.didYouMean(requirement.id, in: requirementIDs.sorted()))
                }
            }
            for artifact in deliverable.artifacts {
                if let path = artifact.path, artifact.status == .available, !artifact.exists(in: tree) {
                    diagnostics.error(
                        "deliverable.artifact-missing", "the artifact '\(artifact.title)' of '\(deliverable.id)' points at '\(path)', which does not exist",
                        at: at(artifact.targetMark), suggestion: "fix the path, or mark the artifact 'status: planned'")
                }
                if let url = artifact.url, artifact.status == .available, url.hasPrefix("http://") || url.hasPrefix("https://") {
                    externals.append(LinkCheck.ExternalUse(url: url, location: at(artifact.targetMark)))
                }
            }
            for command in deliverable.commands {
                for shell in ShellSplitter.commands(in: command.command) where shell.line == 1 {
                    commands.append(DocumentCommand(command: shell, file: file.path, line: command.mark.line, column: command.mark.column + shell.column - 1))
                }
            }
        }
        for requirement in file.requirements where !covered.contains(requirement.id) {
            diagnostics.warning(
                "deliverable.uncovered-requirement", "no deliverable fulfils the requirement '\(requirement.id)'", at: at(requirement.mark))
        }
    }
}
