import FolioModel
import FolioYAML
import Foundation

/// The deliverables files, read from the repository and parsed into values (checked later, by
/// `DeliverableCheck`): those folio.yaml names, and those a `folio` block names with `file:`.
package struct DeliverablesLoad: Sendable {
    let tree: RepositoryTree
    let reader: any FileSource
    /// Problems reading or parsing the files, at their lines.
    package private(set) var diagnostics = Diagnostics()
    /// The files read, in the order they were named.
    package private(set) var files: [DeliverablesFile] = []

    package init(tree: RepositoryTree, reader: any FileSource) {
        self.tree = tree
        self.reader = reader
    }

    /// Reads each named file once; a missing or unreadable one is an error at the place that names it.
    package mutating func read(_ named: [NamedPath], configPath: String) {
        for entry in named {
            let normalized = RepoPath.normalize(entry.path)
            guard let path = normalized, tree.files.contains(path), let data = reader.contents(path) else {
                // A link that leads out of the repository (or into .git) exists, but is not read: say so.
                let written = normalized ?? entry.path
                if reader.exists(written), case .failure(let problem) = reader.read(written) {
                    diagnostics.error(
                        "deliverable.file-missing", "the deliverables file '\(entry.path)' is not read: \(problem.message)",
                        at: SourceLocation(configPath, entry.mark))
                    continue
                }
                diagnostics.error(
                    "deliverable.file-missing", "the deliverables file '\(entry.path)' does not exist",
                    at: SourceLocation(configPath, entry.mark))
                continue
            }
            var reader = DeliverablesReader(path: path)
            let file = reader.read(String(decoding: data, as: UTF8.self))
            diagnostics.add(contentsOf: reader.diagnostics)
            if let file { files.append(file) }
        }
    }
}
