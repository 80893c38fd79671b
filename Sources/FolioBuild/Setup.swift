import FolioLoad
import FolioModel
import FolioWrite
import Foundation

/// The resolved folders and settings of one build, after every check that can refuse it.
package struct Setup {
    let config: Config
    /// The configuration file, repository-relative (it may not exist).
    let configDisplay: String
    /// Absolute repository root (the configuration file's folder).
    package let root: String
    let content: String
    let contentDisplay: String
    /// The content folder, repository-relative (`""` when it is the repository root).
    var contentFolder: String { contentDisplay == "." ? "" : contentDisplay }
    let output: String
    package let outputDisplay: String
    /// The templates folder (it may not exist: then the built-in theme is used as is).
    let templates: String
    let templatesDisplay: String
    /// The configuration files' bytes and the environment variables they read (`!ENV`): with
    /// the repository's files, what tells a build that nothing changed (``InputState``).
    var configInputs = ContentHash()

    /// Reads the configuration and checks the folders; `nil` (with diagnostics) means exit 2.
    package static func resolve(_ options: BuildOptions, forWriting: Bool = true, into diagnostics: inout Diagnostics) -> Setup? {
        let cwd = RepoPath.absolute(".", relativeTo: options.workingDirectory)
        var configFile = options.configPath.map { RepoPath.absolute($0, relativeTo: cwd) } ?? cwd + "/folio.yaml"
        if options.configPath == nil, !FileManager.default.fileExists(atPath: configFile) {
            // No folio.yaml: an MkDocs project builds as it is.
            for name in ["mkdocs.yml", "mkdocs.yaml"] where FileManager.default.fileExists(atPath: cwd + "/" + name) {
                configFile = cwd + "/" + name
                break
            }
        }
        let root = RepoPath.directory(of: configFile).isEmpty ? "/" : RepoPath.directory(of: configFile)
        let configDisplay = RepoPath.relative(configFile, to: root)
        var config = Config()
        var inputs = ContentHash()
        let environmentReads = EnvironmentReads()
        /// A file an mkdocs.yml inherits, read and remembered.
        func inherited(_ path: String) -> String? {
            let text = repositoryText(root)(path)
            inputs.combine(path)
            inputs.combine(text ?? "\u{0}missing")
            return text
        }
        if FileManager.default.fileExists(atPath: configFile) {
            guard let text = readConfig(configFile, display: configDisplay, root: root, into: &diagnostics) else { return nil }
            inputs.combine(configFile)
            inputs.combine(text)
            if isMkDocsFile(configFile) {
                guard
                    let parsed = MkDocsConfig.parse(
                        text, path: configDisplay, environment: options.environment, reads: environmentReads, readFile: inherited,
                        into: &diagnostics)
                else { return nil }
                config = parsed
            } else {
                // `mkdocs: mkdocs.yml` in folio.yaml: MkDocs' settings first, folio.yaml's over them.
                var base = Config()
                if let imported = Config.mkdocsImport(in: text) {
                    let path = RepoPath.absolute(imported, relativeTo: root)
                    let display = RepoPath.relative(path, to: root)
                    guard let importedText = readConfig(path, display: display, root: root, into: &diagnostics) else { return nil }
                    inputs.combine(path)
                    inputs.combine(importedText)
                    guard
                        let parsed = MkDocsConfig.parse(
                            importedText, path: display, environment: options.environment, reads: environmentReads, readFile: inherited,
                            into: &diagnostics)
                    else { return nil }
                    base = parsed
                }
                guard let parsed = Config.parse(text, path: configDisplay, base: base, into: &diagnostics) else { return nil }
                config = parsed
            }
        } else if let given = options.configPath {
            diagnostics.error("config.missing", "configuration file '\(given)' does not exist", at: nil)
            return nil
        }
        if let base = options.baseURL { config.baseURL = base }
        if !Strings.isSupported(config.language) {
            diagnostics.warning(
                "config.language", "the theme has no translation for '\(config.language)'; using English",
                at: location(config, "language", configDisplay), suggestion: "use one of: \(Strings.languages.joined(separator: ", "))")
        }
        let content = RepoPath.absolute(config.content, relativeTo: root)
        let output = options.output.map { RepoPath.absolute($0, relativeTo: cwd) } ?? RepoPath.absolute(config.output, relativeTo: root)
        let templates = RepoPath.absolute(config.templates, relativeTo: root)
        for (name, value) in environmentReads.all {
            inputs.combine(name)
            inputs.combine(value ?? "\u{0}unset")
        }
        var setup = Setup(
            config: config, configDisplay: configDisplay, root: root, content: content, contentDisplay: RepoPath.relative(content, to: root),
            output: output, outputDisplay: RepoPath.relative(output, to: root),
            templates: templates, templatesDisplay: RepoPath.relative(templates, to: root))
        setup.configInputs = inputs
        if let mark = location(config, "templates", configDisplay), !isDirectory(templates) {
            diagnostics.warning(
                "config.missing-templates", "templates folder '\(setup.templatesDisplay)' does not exist; using the built-in theme",
                at: mark, suggestion: "create it, or remove 'templates' from folio.yaml")
        }
        guard setup.check(configDisplay: configDisplay, forWriting: forWriting, into: &diagnostics) else { return nil }
        return setup
    }

    /// Refuses an output folder that would swallow the repository, the sources or someone's files.
    private func check(configDisplay: String, forWriting: Bool, into diagnostics: inout Diagnostics) -> Bool {
        let outputLocation = Self.location(config, "output", configDisplay) ?? SourceLocation(path: outputDisplay)
        guard isDirectory(content) else {
            diagnostics.error(
                "config.missing-content", "content folder '\(contentDisplay)' does not exist",
                at: Self.location(config, "content", configDisplay) ?? SourceLocation(path: contentDisplay),
                suggestion: "create it, or set 'content' in folio.yaml")
            return false
        }
        guard RepoPath.isInside(content, root) else {
            diagnostics.error(
                "config.content-outside", "content folder '\(contentDisplay)' is outside the repository (the folder of folio.yaml)",
                at: Self.location(config, "content", configDisplay) ?? SourceLocation(path: configDisplay),
                suggestion: "move folio.yaml up to a folder that holds the content, or point --config at it")
            return false
        }
        guard forWriting else { return true }
        let guarded = [
            (root, "the repository root"), (content, "the content folder '\(contentDisplay)'"),
            (templates, "the templates folder '\(templatesDisplay)'"),
        ]
        for (folder, name) in guarded where RepoPath.isInside(folder, output) {
            let relation = folder == output ? "is" : "contains"
            diagnostics.error(
                "output.unsafe", "output folder '\(outputDisplay)' \(relation) \(name); refusing to replace it",
                at: outputLocation, suggestion: "choose a separate output folder such as 'site'")
            return false
        }
        // Inside the templates, the next build would read pages of the site as templates. (Inside
        // the content folder is allowed: the loader skips the output folder.)
        if RepoPath.isInside(output, templates) {
            diagnostics.error(
                "output.unsafe", "output folder '\(outputDisplay)' is inside the templates folder '\(templatesDisplay)'; the next build would read the site as templates",
                at: outputLocation, suggestion: "choose a folder outside it, such as 'site'")
            return false
        }
        if let refusal = SiteWriter(output: output).refusal(outputDisplay: outputDisplay) {
            diagnostics.error("output.not-folio", refusal, at: outputLocation, suggestion: "remove it or choose another output folder")
            return false
        }
        return true
    }

    /// The text of a configuration file, read through the file gate.
    private static func readConfig(_ file: String, display: String, root: String, into diagnostics: inout Diagnostics) -> String? {
        switch FileGate.read(file, root: root) {
        case .success(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .failure(let problem):
            let exists = FileManager.default.fileExists(atPath: file)
            diagnostics.error(
                exists ? "config.unreadable" : "config.missing",
                exists ? "cannot read the configuration file: \(problem.message)" : "configuration file '\(display)' does not exist",
                at: SourceLocation(path: display))
            return nil
        }
    }

    /// Reads a repository file (a path relative to `root`) through the file gate, for the
    /// files an mkdocs.yml inherits.
    private static func repositoryText(_ root: String) -> (String) -> String? {
        { path in
            guard case .success(let bytes) = FileGate.read(root + "/" + path, root: root) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Whether a configuration file is MkDocs' (by name).
    static func isMkDocsFile(_ path: String) -> Bool {
        let name = RepoPath.fileName(path).lowercased()
        return name.hasPrefix("mkdocs") && (name.hasSuffix(".yml") || name.hasSuffix(".yaml"))
    }

    private static func location(_ config: Config, _ key: String, _ path: String) -> SourceLocation? {
        config.marks[key].map { SourceLocation(path: path, line: $0.line, column: $0.column) }
    }
}

func isDirectory(_ path: String) -> Bool {
    var flag: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
}
