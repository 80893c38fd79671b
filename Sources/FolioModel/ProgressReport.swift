import Foundation

/// `folio report`: progress on the deliverables, per requirement and per deliverable, with the
/// planned artifacts by kind and the missing ones, from the deliverables files and the repository.
public struct ProgressReport: Sendable {
    public struct Requirement: Sendable {
        public var id: String
        public var name: String
        public var deliverables: [String]
        public var covered: Bool { !deliverables.isEmpty }
    }

    public struct Deliverable: Sendable {
        public var id: String
        public var title: String
        public var status: String
        public var requirements: [String]
        public var available = 0
        public var planned = 0
        public var missing = 0
    }

    public struct Artifact: Sendable {
        public var deliverable: String
        public var title: String
        /// The kind (planned ones) or the path (missing ones).
        public var detail: String
    }

    public var title: String
    public var requirements: [Requirement] = []
    public var deliverables: [Deliverable] = []
    public var planned: [Artifact] = []
    public var missing: [Artifact] = []
    /// The words of the text and Markdown reports, in the site's language.
    package var labels: [String: String] = Strings.english

    public var available: Int { deliverables.reduce(0) { $0 + $1.available } }
    public var artifacts: Int { deliverables.reduce(0) { $0 + $1.available + $1.planned + $1.missing } }

    /// Counts the artifacts of `files`: available when the path exists (or it is a URL), planned
    /// when marked so, missing otherwise.
    package init(_ files: [DeliverablesFile], tree: RepositoryTree) {
        title = files.map(\.title).joined(separator: ", ")
        for file in files {
            for requirement in file.requirements {
                let ids = file.deliverables.filter { $0.requirements.contains { $0.id == requirement.id } }.map(\.id)
                requirements.append(Requirement(id: requirement.id, name: requirement.name, deliverables: ids))
            }
            for deliverable in file.deliverables {
                var row = Deliverable(
                    id: deliverable.id, title: deliverable.title, status: deliverable.status.rawValue, requirements: deliverable.requirements.map(\.id))
                for artifact in deliverable.artifacts {
                    if artifact.status == .planned {
                        row.planned += 1
                        planned.append(Artifact(deliverable: deliverable.id, title: artifact.title, detail: artifact.kind))
                    } else if let path = artifact.path, !artifact.exists(in: tree) {
                        row.missing += 1
                        missing.append(Artifact(deliverable: deliverable.id, title: artifact.title, detail: path))
                    } else {
                        row.available += 1
                    }
                }
                deliverables.append(row)
            }
        }
    }
}
