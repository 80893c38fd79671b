import FolioText
import FolioYAML
import Foundation

/// A deliverables file (`deliverables:` in folio.yaml): requirements, and what was delivered
/// for them with its artifacts and commands. Every value keeps the line it was written on.
public struct DeliverablesFile: Sendable {
    public struct Requirement: Sendable {
        public var id: String
        public var name: String
        public var description: String?
        public var mark: TextPosition
        /// Where `description` was written.
        public var descriptionMark: TextPosition?
    }

    public struct Artifact: Sendable {
        public enum Status: String, Sendable, CaseIterable { case available, planned }
        public var title: String
        public var path: String?
        public var url: String?
        public var kind: String
        public var status: Status
        public var mark: TextPosition
        /// Where `path` or `url` was written.
        public var targetMark: TextPosition

        /// Whether `path` names a file or folder of the repository (`ml/llm/` and `/docs/x.md`
        /// too: normalizing drops the slashes); `false` for a URL.
        package func exists(in tree: RepositoryTree) -> Bool {
            guard let path, let normalized = RepoPath.normalize(path), !normalized.isEmpty else { return false }
            return tree.contains(normalized)
        }
    }

    public struct Deliverable: Sendable {
        public enum Status: String, Sendable, CaseIterable {
            case done, inProgress = "in-progress", planned
        }
        public var id: String
        public var title: String
        public var requirements: [(id: String, mark: TextPosition)]
        public var impact: String
        public var details: String?
        public var owner: String?
        public var status: Status
        public var artifacts: [Artifact]
        public var commands: [(command: String, mark: TextPosition)]
        public var mark: TextPosition
        /// Where `impact` and `details` were written.
        public var impactMark: TextPosition?
        public var detailsMark: TextPosition?
    }

    /// Repository path of the file.
    public var path: String
    public var title: String
    public var intro: String?
    public var requirements: [Requirement] = []
    public var deliverables: [Deliverable] = []
    public var nextSteps: String?
    /// Where `intro` and `next_steps` were written.
    public var introMark: TextPosition?
    public var nextStepsMark: TextPosition?

    static let keys = ["title", "intro", "requirements", "deliverables", "next_steps"]
    static let requirementKeys = ["id", "name", "description"]
    static let deliverableKeys = ["id", "title", "requirements", "impact", "details", "owner", "status", "artifacts", "commands"]
    static let artifactKeys = ["title", "path", "url", "kind", "status"]
    static let artifactKinds = ["doc", "code", "notebook", "video", "model", "demo", "dataset", "other"]
}

/// Reads a deliverables file, reporting every problem (not only the first) at its line.
package struct DeliverablesReader {
    let path: String
    package var diagnostics = Diagnostics()

    package init(path: String) { self.path = path }

    package mutating func read(_ source: String) -> DeliverablesFile? {
        let root: YAMLNode
        do {
            guard let node = try YAMLParser().parse(source) else {
                diagnostics.error("deliverable.empty", "the deliverables file is empty", at: SourceLocation(path: path))
                return nil
            }
            root = node
        } catch {
            diagnostics.add(error, in: path)
            return nil
        }
        guard root.pairs != nil else {
            diagnostics.error("deliverable.type", "a deliverables file is a mapping with 'deliverables', found \(root.summary)", at: location(root.mark))
            return nil
        }
        warnUnknownKeys(root, DeliverablesFile.keys, in: "the file")
        var file = DeliverablesFile(path: path, title: text(root, "title") ?? "Deliverables")
        file.intro = text(root, "intro")
        file.nextSteps = text(root, "next_steps")
        file.introMark = root["intro"]?.mark
        file.nextStepsMark = root["next_steps"]?.mark
        for node in list(root, "requirements") {
            warnUnknownKeys(node, DeliverablesFile.requirementKeys, in: "a requirement")
            guard let id = required(node, "id", in: "requirement") else { continue }
            file.requirements.append(
                .init(id: id, name: text(node, "name") ?? id, description: text(node, "description"), mark: node["id"]?.mark ?? node.mark,
                    descriptionMark: node["description"]?.mark))
        }
        for node in list(root, "deliverables") {
            if let deliverable = deliverable(node) { file.deliverables.append(deliverable) }
        }
        return file
    }

    private mutating func deliverable(_ node: YAMLNode) -> DeliverablesFile.Deliverable? {
        warnUnknownKeys(node, DeliverablesFile.deliverableKeys, in: "a deliverable")
        guard let id = required(node, "id", in: "deliverable") else { return nil }
        let status = choice(node, "status", default: DeliverablesFile.Deliverable.Status.done)
        let requirements = list(node, "requirements").compactMap { item in item.scalar.map { ($0.string, $0.mark) } }
        var artifacts: [DeliverablesFile.Artifact] = []
        for item in list(node, "artifacts") {
            if let artifact = artifact(item) { artifacts.append(artifact) }
        }
        let commands = list(node, "commands").compactMap { item in item.scalar.map { ($0.string, $0.mark) } }
        return DeliverablesFile.Deliverable(
            id: id, title: required(node, "title", in: "deliverable") ?? id, requirements: requirements, impact: text(node, "impact") ?? "", details: text(node, "details"),
            owner: text(node, "owner"), status: status, artifacts: artifacts, commands: commands, mark: node["id"]?.mark ?? node.mark,
            impactMark: node["impact"]?.mark, detailsMark: node["details"]?.mark)
    }

    private mutating func artifact(_ node: YAMLNode) -> DeliverablesFile.Artifact? {
        warnUnknownKeys(node, DeliverablesFile.artifactKeys, in: "an artifact")
        let path = text(node, "path"), url = text(node, "url")
        let status = choice(node, "status", default: DeliverablesFile.Artifact.Status.available)
        // A planned artifact (a video not recorded yet) may have no address yet.
        guard path == nil || url == nil, path != nil || url != nil || status == .planned else {
            diagnostics.error(
                "deliverable.artifact-target",
                path != nil ? "an artifact has one of 'path' and 'url', not both" : "an available artifact needs 'path' (a repository path) or 'url'",
                at: location(node.mark), suggestion: path != nil ? nil : "add where it is, or mark it 'status: planned'")
            return nil
        }
        var kind = text(node, "kind") ?? "other"
        if !DeliverablesFile.artifactKinds.contains(kind) {
            invalid(node["kind"]!, "kind", kind, DeliverablesFile.artifactKinds)
            kind = "other"
        }
        let target = node["path"] ?? node["url"] ?? node
        return DeliverablesFile.Artifact(
            title: required(node, "title", in: "artifact") ?? path ?? url ?? "", path: path, url: url, kind: kind, status: status, mark: node.mark, targetMark: target.mark)
    }

    // MARK: - Reading values

    private mutating func text(_ node: YAMLNode, _ key: String) -> String? { node.text(key, in: path, into: &diagnostics) }

    private mutating func required(_ node: YAMLNode, _ key: String, in what: String) -> String? {
        if let value = text(node, key), !value.isEmpty { return value }
        let article = what.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        if node[key] == nil { diagnostics.error("yaml.missing-key", "\(article) \(what) needs '\(key)'", at: location(node.mark)) }
        return nil
    }

    private mutating func list(_ node: YAMLNode, _ key: String) -> [YAMLNode] {
        guard let value = node[key] else { return [] }
        guard let items = value.items else {
            diagnostics.error("yaml.type", "'\(key)' must be a list, found \(value.summary)", at: location(value.mark))
            return []
        }
        return items
    }

    /// One of an enumeration's values; an unknown one is an error and gives `fallback`.
    private mutating func choice<Value: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ key: String, default fallback: Value) -> Value
    where Value.RawValue == String {
        guard let written = text(node, key) else { return fallback }
        if let known = Value(rawValue: written) { return known }
        invalid(node[key]!, key, written, Value.allCases.map(\.rawValue))
        return fallback
    }

    private mutating func invalid(_ node: YAMLNode, _ key: String, _ value: String, _ known: [String]) {
        diagnostics.error(
            "deliverable.invalid-value", "'\(key)' must be one of \(known.joined(separator: ", ")), found '\(value)'", at: location(node.mark),
            suggestion: Suggestions.didYouMean(value, in: known))
    }

    private mutating func warnUnknownKeys(_ node: YAMLNode, _ keys: [String], in what: String) {
        for pair in node.pairs ?? [] {
            guard let key = pair.key.scalar?.string, !keys.contains(key) else { continue }
            diagnostics.unknownKey(
                "deliverable.unknown-field", "unknown field '\(key)' in \(what)", key: key, known: keys, at: location(pair.key.mark),
                listing: "known fields")
        }
    }

    private func location(_ mark: TextPosition) -> SourceLocation { SourceLocation(path, mark) }
}
