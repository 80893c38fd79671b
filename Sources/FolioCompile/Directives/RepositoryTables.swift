import FolioModel
import FolioText
import FolioYAML
import Foundation

/// `compose: services`: the services of a compose file.
struct ComposeServicesDirective: DirectiveKind {
    let name = "compose"
    let values = ["services"]
    let options = ["file"]

    func generate(_ directive: Directive, in context: DirectiveContext, with expander: inout DirectiveExpander, into output: inout GeneratedMarkdown)
        -> Bool
    {
        expander.composeServices(directive, into: &output)
    }
}

/// `make: targets`: the targets of a makefile that say what they do.
struct MakeTargetsDirective: DirectiveKind {
    let name = "make"
    let values = ["targets"]
    let options = ["file"]

    func generate(_ directive: Directive, in context: DirectiveContext, with expander: inout DirectiveExpander, into output: inout GeneratedMarkdown)
        -> Bool
    {
        expander.makeTargets(directive, into: &output)
    }
}

/// `compose: services` and `make: targets`: tables read from the repository itself, so that the
/// page cannot drift from the compose file or the makefile.
extension DirectiveExpander {
    /// The services of a compose file: image or build context (linked), ports, depends_on, profiles.
    mutating func composeServices(_ directive: Directive, into output: inout GeneratedMarkdown) -> Bool {
        let written =
            directive.file?.path
            ?? ComposeFile.defaultNames.first { tree.files.contains($0) }.map { "/" + $0 } ?? "/" + ComposeFile.defaultNames[3]
        guard let (path, node) = readYAML(written, at: directive.file?.location ?? directive.location, what: "compose file") else { return false }
        guard let services = node["services"]?.pairs else {
            return dataError("the compose file has no 'services' mapping", path, node.mark)
        }
        let folder = RepoPath.directory(of: path)
        let rows = services.map { pair -> (cells: [String], origin: SourceLocation) in
            let service = pair.value
            let origin = SourceLocation(path, pair.key.mark)
            var source = service["image"]?.scalar.map { GeneratedMarkdown.code($0.string) } ?? ""
            let build = service["build"]?.scalar ?? service["build"]?["context"]?.scalar
            if let build {
                let context = RepoPath.normalize(RepoPath.join(folder, build.string))
                let linked =
                    context.flatMap { tree.folders.contains($0) ? output.link(build.string, to: $0 + "/", from: SourceLocation(path, build.mark)) : nil }
                    ?? GeneratedMarkdown.code(build.string)
                source = source.isEmpty ? "build: " + linked : source + ", build: " + linked
            }
            let ports = (service["ports"]?.items ?? []).map { port in
                port.scalar?.string ?? [port["published"], port["target"]].compactMap { $0?.scalar?.string }.joined(separator: ":")
            }
            let dependencies = service["depends_on"].map { $0.items?.compactMap(\.scalar?.string) ?? $0.pairs?.compactMap(\.key.scalar?.string) ?? [] } ?? []
            let profiles = service["profiles"]?.items?.compactMap(\.scalar?.string) ?? []
            let name = pair.key.scalar?.string ?? pair.key.summary
            return (
                [
                    "**\(GeneratedMarkdown.text(name))**", source, ports.map(GeneratedMarkdown.code).joined(separator: ", "),
                    dependencies.map(GeneratedMarkdown.text).joined(separator: ", "), profiles.map(GeneratedMarkdown.text).joined(separator: ", "),
                ],
                origin
            )
        }
        output.table([label("service"), label("image"), label("ports"), label("dependsOn"), label("profiles")], rows, from: directive.location)
        return true
    }

    /// The targets of a makefile that say what they do, in the two conventions of `make help`:
    /// `## target: text` on a line of its own, or `target: prerequisites ## text`.
    mutating func makeTargets(_ directive: Directive, into output: inout GeneratedMarkdown) -> Bool {
        let written = directive.file?.path ?? ["GNUmakefile", "makefile", "Makefile"].first { tree.files.contains($0) }.map { "/" + $0 } ?? "/Makefile"
        guard let (path, text) = read(written, at: directive.file?.location ?? directive.location, what: "makefile") else { return false }
        var rows: [(cells: [String], origin: SourceLocation)] = []
        var seen = Set<String>()
        for (number, line) in text.lineSlices.enumerated() {
            guard let (targets, description) = Self.describedTargets(String(line)) else { continue }
            for target in targets where seen.insert(target).inserted {
                rows.append(([GeneratedMarkdown.code("make " + target), GeneratedMarkdown.text(description)], SourceLocation(path: path, line: number + 1, column: 1)))
            }
        }
        guard !rows.isEmpty else {
            diagnostics.warning(
                "directive.empty", "no target of '\(path)' says what it does, so the table is empty", at: directive.location,
                suggestion: "add '## what it does' after a target's prerequisites, or a line '## target: what it does'")
            return false
        }
        output.table([label("target"), label("description")], rows, from: directive.location)
        return true
    }

    /// `## llm-setup: prepares...` or `llm-setup: deps ## prepares...` -> (["llm-setup"], "prepares...").
    static func describedTargets(_ line: String) -> (targets: [String], description: String)? {
        if line.hasPrefix("## ") {
            let rest = line.dropFirst(3)
            guard let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains(" ") else { return nil }
            let name = String(rest[..<colon]), description = rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !description.isEmpty else { return nil }
            return ([name], description)
        }
        guard let first = line.first, first != "\t", first != " ", first != "#", first != ".", let marker = line.range(of: " ## ") ?? line.range(of: "\t## ")
        else { return nil }
        let rule = line[..<marker.lowerBound]
        guard let colon = rule.firstIndex(of: ":"), !rule[rule.index(after: colon)...].hasPrefix("="), !rule[..<colon].contains("=") else { return nil }
        let targets = rule[..<colon].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init).filter { !$0.contains("%") && !$0.contains("$") }
        let description = line[marker.upperBound...].trimmingCharacters(in: .whitespaces)
        guard !targets.isEmpty, !description.isEmpty else { return nil }
        return (targets, description)
    }

    /// A YAML file a directive reads; a missing, empty or invalid one is an error.
    mutating func readYAML(_ written: String, at location: SourceLocation, what: String) -> (path: String, node: YAMLNode)? {
        guard let (path, text) = read(written, at: location, what: what) else { return nil }
        do {
            guard let node = try YAMLParser().parse(text) else {
                _ = dataError("the \(what) '\(path)' is empty", path, nil)
                return nil
            }
            return (path, node)
        } catch {
            _ = dataError("the \(what) is not valid YAML: \(error.message)", path, error.mark)
            return nil
        }
    }

    /// A problem in a file a directive reads: an error at its line.
    mutating func dataError(_ message: String, _ path: String, _ mark: TextPosition?) -> Bool {
        diagnostics.error("directive.data-invalid", message, at: SourceLocation(path: path, line: mark?.line, column: mark?.column))
        return false
    }
}
