import FolioLoad
import FolioModel
import FolioYAML
import Foundation

/// `docker compose` and `docker-compose`: the compose files the command would read (its `-f`
/// files, `COMPOSE_FILE` from `.env`, or the default names with their override file, looked for
/// from the folder upwards), `include:` followed, and every service it names. No Docker engine
/// is used.
extension CommandCheck {
    static let serviceCommands: Set<String> = [
        "up", "build", "run", "logs", "exec", "restart", "stop", "start", "pull", "push", "rm", "create", "kill", "ps", "top", "port",
        "pause", "unpause", "attach", "watch",
    ]
    /// Options of `docker compose` itself whose value is the next word.
    static let composeOptionsWithValue: Set<String> = [
        "-f", "--file", "-p", "--project-name", "--project-directory", "--profile", "--env-file", "--ansi", "--progress", "--parallel",
    ]
    /// Options of its subcommands whose value is the next word (`-f` is `--follow` there).
    static let subcommandOptionsWithValue: Set<String> = [
        "-t", "--timeout", "--scale", "--tail", "-n", "--since", "--until", "-u", "--user", "-w", "--workdir", "-e", "--env", "--index",
        "-v", "--volume", "-p", "--publish", "--name", "--entrypoint", "-l", "--label", "--cap-add", "--cap-drop", "--pull",
        "--exit-code-from", "--attach", "--no-attach", "--wait-timeout", "--protocol", "--signal", "-s", "--format", "--filter",
        "--status", "--build-arg", "--builder", "--ssh", "-m", "--memory", "--policy",
    ]

    mutating func checkCompose(_ command: ShellCommand, arguments: [String], in folder: String, at location: SourceLocation) {
        var files: [String] = []
        var projectDirectory: String?
        var words = arguments[...]
        var subcommand: String?
        while let word = words.popFirst() {
            if word == "-f" || word == "--file", let file = words.popFirst() {
                files.append(file)
            } else if word.hasPrefix("--file=") {
                files.append(String(word.dropFirst(7)))
            } else if word == "--project-directory", let directory = words.popFirst() {
                projectDirectory = directory
            } else if Self.composeOptionsWithValue.contains(word) {
                _ = words.popFirst()
            } else if word.hasPrefix("-") {
                continue
            } else {
                subcommand = word
                break
            }
        }
        let workingFolder = projectDirectory.flatMap { RepoPath.normalize(RepoPath.join(folder, $0)) } ?? folder
        var chosen = files.compactMap { RepoPath.normalize(RepoPath.join(workingFolder, $0)) }
        if chosen.isEmpty { chosen = composeFilesFromEnvironment(in: workingFolder) ?? defaultComposeFiles(from: workingFolder) }
        guard !chosen.isEmpty else {
            let elsewhere = allComposeFiles()
            error("command.compose-file-missing", "no compose file for '\(command.written)' in '\(workingFolder.isEmpty ? "." : workingFolder)' or above it",
                command, at: location, suggestion: elsewhere.first.map { "add -f \(RepoPath.relativePath(from: workingFolder, to: $0))" })
            return
        }
        for file in chosen where !tree.files.contains(file) {
            error("command.compose-file-missing", "the compose file '\(file)' does not exist", command, at: location)
            return
        }
        guard let subcommand, Self.serviceCommands.contains(subcommand), let services = composeServices(in: chosen) else { return }
        for service in serviceArguments(Array(words), subcommand: subcommand) where !services.contains(service) {
            let other = allComposeFiles().first { !chosen.contains($0) && composeServices(in: [$0])?.contains(service) == true }
            let suggestion =
                other.map { "'\(service)' is defined in '\($0)': add -f \(RepoPath.relativePath(from: workingFolder, to: $0))" }
                ?? Suggestions.didYouMean(service, in: services.sorted())
            error("command.compose-service-missing", "no service '\(service)' in \(chosen.map { "'\($0)'" }.joined(separator: ", "))", command,
                at: location, suggestion: suggestion)
        }
    }

    /// The services a subcommand names: options and their values skipped; `run`, `exec` and
    /// `port` name one service and then its command or port.
    private func serviceArguments(_ words: [String], subcommand: String) -> [String] {
        var services: [String] = []
        var rest = words[...]
        while let word = rest.popFirst() {
            if word == "--" { continue }
            if word.hasPrefix("-") {
                if Self.subcommandOptionsWithValue.contains(word) { _ = rest.popFirst() }
                continue
            }
            if word.contains("$") { continue }
            services.append(word)
            if ["run", "exec", "port"].contains(subcommand) { break }
        }
        return services
    }

    /// `COMPOSE_FILE` from the `.env` of the project folder (`:`-separated, or by `COMPOSE_PATH_SEPARATOR`).
    private func composeFilesFromEnvironment(in folder: String) -> [String]? {
        let env = RepoPath.join(folder, ".env")
        guard tree.files.contains(env) || reader.exists(env), let text = reader.contents(env).map({ String(decoding: $0, as: UTF8.self) })
        else { return nil }
        var values: [String: String] = [:]
        for line in text.lineSlices where !line.isEmpty {
            guard let assignment = ShellSplitter.assignment(line.trimmingCharacters(in: .whitespaces)) else { continue }
            values[assignment.name] = assignment.value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        guard let list = values["COMPOSE_FILE"], !list.isEmpty else { return nil }
        let separator = values["COMPOSE_PATH_SEPARATOR"] ?? ":"
        return list.components(separatedBy: separator).compactMap { RepoPath.normalize(RepoPath.join(folder, $0)) }
    }

    /// The first default compose file in `folder` or a folder above it, and its override file.
    private func defaultComposeFiles(from folder: String) -> [String] {
        var current: String? = folder
        while let here = current {
            for name in ComposeFile.defaultNames where tree.files.contains(RepoPath.join(here, name)) {
                let stem = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : String(name.dropLast(4))
                let overrides = [stem + ".override.yaml", stem + ".override.yml"].map { RepoPath.join(here, $0) }.filter(tree.files.contains)
                return [RepoPath.join(here, name)] + overrides.prefix(1)
            }
            current = here.isEmpty ? nil : RepoPath.directory(of: here)
        }
        return []
    }

    /// Every compose file of the repository, for suggestions.
    private func allComposeFiles() -> [String] {
        tree.files.filter { path in
            let name = RepoPath.fileName(path)
            return (name.hasPrefix("compose") || name.hasPrefix("docker-compose")) && (name.hasSuffix(".yaml") || name.hasSuffix(".yml"))
        }.sorted()
    }

    /// The service names of `files` and of what they `include`; `nil` when one of them is not
    /// valid YAML (reported once, at its own line), since its services cannot be known.
    mutating func composeServices(in files: [String]) -> Set<String>? {
        var services = Set<String>()
        var pending = files
        var seen = Set<String>()
        while let file = pending.popLast() {
            guard seen.insert(file).inserted else { continue }
            guard let node = composeDocument(file) else {
                if composeDocuments[file] == .some(nil) { return nil }
                continue
            }
            for name in node["services"]?.pairs?.compactMap({ $0.key.scalar?.string }) ?? [] { services.insert(name) }
            for item in node["include"]?.items ?? [] {
                let paths = item.scalar.map { [$0.string] } ?? item["path"].map { $0.scalar.map { [$0.string] } ?? ($0.items ?? []).compactMap(\.scalar?.string) } ?? []
                for path in paths {
                    if let included = RepoPath.normalize(RepoPath.join(RepoPath.directory(of: file), path)) { pending.append(included) }
                }
            }
        }
        return services
    }

    private mutating func composeDocument(_ file: String) -> YAMLNode? {
        if let known = composeDocuments[file] { return known }
        guard let data = reader.contents(file) else { return nil }
        do {
            let node = try YAMLParser().parse(String(decoding: data, as: UTF8.self))
            composeDocuments[file] = node
            return node
        } catch {
            if reportedComposeFiles.insert(file).inserted {
                diagnostics.error(error.rule, "\(error.message) (in a compose file)", at: SourceLocation(file, error.mark))
            }
            composeDocuments[file] = .some(nil)
            return nil
        }
    }
}

extension RepoPath {
    /// `to` written relative to the folder `from`: `../deploy/compose.yaml`.
    static func relativePath(from folder: String, to path: String) -> String {
        let base = components(folder).map(String.init), target = components(path).map(String.init)
        var common = 0
        while common < base.count, common < target.count - 1, base[common] == target[common] { common += 1 }
        return (Array(repeating: "..", count: base.count - common) + target[common...]).joined(separator: "/")
    }
}
