import FolioLoad
import FolioModel
import FolioText
import FolioYAML
import Foundation

/// Checks the commands the docs tell people to run against the repository, without running
/// any: `make` targets, `cd` folders, scripts, npm/yarn/pnpm scripts, `docker compose` services.
/// Commands of tools that are not in the repository (`kubectl`, `git`) are left alone.
package struct CommandCheck {
    let tree: RepositoryTree
    /// The repository's files, read through load's reader.
    let reader: any FileSource
    /// Absolute repository root.
    var root: String { reader.root }

    /// Makefiles read so far, by absolute path and folder make runs in.
    private var makefiles: [String: MakefileDatabase] = [:]
    private var reportedMakefiles = Set<String>()
    private var reportedPackages = Set<String>()
    /// Compose files parsed so far (`nil` inside: not valid YAML), and those already reported.
    var composeDocuments: [String: YAMLNode?] = [:]
    var reportedComposeFiles = Set<String>()
    package var diagnostics = Diagnostics()

    package init(tree: RepositoryTree, reader: any FileSource) {
        self.tree = tree
        self.reader = reader
    }

    package mutating func check(_ commands: [DocumentCommand]) {
        for command in commands { check(command) }
    }

    private mutating func check(_ found: DocumentCommand) {
        let command = found.command
        guard let tool = command.words.first, let folder = command.directory else { return }
        // After a `cd` into a folder that does not exist (reported at the `cd`), nothing can be checked.
        guard folder.isEmpty || tree.folders.contains(folder) else { return }
        let location = SourceLocation(path: found.file, line: found.line, column: found.column)
        switch tool {
        case "make", "gmake": checkMake(command, in: folder, at: location)
        case "cd" where !command.entersMadeFolder: checkFolder(command, in: folder, at: location)
        case "npm", "yarn", "pnpm": checkPackageScript(command, in: folder, at: location)
        case "docker-compose": checkCompose(command, arguments: Array(command.words.dropFirst()), in: folder, at: location)
        case "docker" where command.words.count > 1 && command.words[1] == "compose":
            checkCompose(command, arguments: Array(command.words.dropFirst(2)), in: folder, at: location)
        case "bash", "sh", "zsh", "python", "python3": checkInterpreted(command, in: folder, at: location)
        default:
            if tool.hasPrefix("./") || tool.hasPrefix("../") { checkScript(tool, command, in: folder, at: location, mustBeExecutable: true) }
        }
    }

    /// A problem of a file that several commands use, reported the first time only.
    private mutating func reportOnce(_ file: String, _ message: String, at location: SourceLocation) {
        guard reportedPackages.insert(file).inserted else { return }
        diagnostics.error("command.package-json-invalid", message, at: location, suggestion: "fix the JSON; npm refuses it as it is")
    }

    mutating func error(_ rule: String, _ message: String, _ command: ShellCommand, at location: SourceLocation, suggestion: String? = nil) {
        diagnostics.error(rule, message, at: location, suggestion: suggestion, target: command.written)
    }

    // MARK: - make

    private mutating func checkMake(_ command: ShellCommand, in folder: String, at location: SourceLocation) {
        var directory = folder
        var files: [String] = []
        var goals: [String] = []
        var words = command.words.dropFirst()[...]
        func value(_ word: String, _ short: String, _ long: String) -> String? {
            if word == short || word == long { return words.popFirst() }
            if word.hasPrefix(long + "=") { return String(word.dropFirst(long.count + 1)) }
            if word.hasPrefix(short), word.count > short.count, !short.isEmpty { return String(word.dropFirst(short.count)) }
            return nil
        }
        while let word = words.popFirst() {
            if let dir = value(word, "-C", "--directory") {
                directory = RepoPath.join(directory, dir)
            } else if let file = value(word, "-f", "--file") ?? value(word, "", "--makefile") {
                files.append(file)
            } else if ["-I", "-o", "-W", "--include-dir", "--old-file", "--what-if", "--assume-old", "--assume-new"].contains(word) {
                _ = words.popFirst()
            } else if ["-j", "-l", "--jobs", "--load-average"].contains(word) {
                if let next = words.first, Double(next) != nil { _ = words.popFirst() }
            } else if word.hasPrefix("-") {
                continue
            } else if ShellSplitter.assignment(word) == nil {
                goals.append(word)
            }
        }
        guard let makeFolder = RepoPath.normalize(directory), tree.folders.contains(makeFolder) else {
            error("command.directory-missing", "'make -C' names the folder '\(directory)', which does not exist", command, at: location,
                suggestion: Suggestions.closest(to: RepoPath.fileName(directory), in: tree.names(in: RepoPath.directory(of: directory), folders: true))
                    .map { "did you mean '\(RepoPath.join(RepoPath.directory(of: directory), $0))'?" })
            return
        }
        let candidates = files.isEmpty ? ["GNUmakefile", "makefile", "Makefile"] : files
        let found = candidates.compactMap { RepoPath.normalize(RepoPath.join(makeFolder, $0)) }.filter { tree.files.contains($0) }
        guard let makefile = files.isEmpty ? found.first : (found.count == files.count ? found.first : nil) else {
            let shown = makeFolder.isEmpty ? "the repository root" : "'\(makeFolder)'"
            let message = files.isEmpty ? "no makefile in \(shown) for '\(command.written)'" : "the makefile '\(files.joined(separator: ", "))' does not exist in \(shown)"
            error("command.makefile-missing", message, command, at: location, suggestion: files.isEmpty ? "run it from the folder that has the Makefile, with 'make -C folder'" : nil)
            return
        }
        let database = read(makefile, in: makeFolder)
        let absoluteFolder = makeFolder.isEmpty ? root : root + "/" + makeFolder
        if goals.isEmpty {
            if database.defaultGoal == nil {
                error("command.make-target-missing", "'\(makefile)' has no default goal for a bare 'make'", command, at: location,
                    suggestion: "name a target")
            }
            return
        }
        for goal in goals where !database.knows(goal, directory: absoluteFolder, reader: reader) {
            let guess = Suggestions.closest(to: goal, in: database.targets.keys.filter { !$0.hasPrefix(".") }.sorted())
            error("command.make-target-missing", "'\(makefile)' has no target '\(goal)'", command, at: location,
                suggestion: guess.map { "did you mean '\($0)'?" })
        }
    }

    /// A makefile's database, read once; what make cannot read is reported once, at its line.
    private mutating func read(_ makefile: String, in folder: String) -> MakefileDatabase {
        let key = makefile + "\u{0}" + folder
        if let known = makefiles[key] { return known }
        let database = MakefileDatabase.read(root + "/" + makefile, directory: folder.isEmpty ? root : root + "/" + folder, reader: reader)
        makefiles[key] = database
        if reportedMakefiles.insert(makefile).inserted {
            for problem in database.problems { diagnostics.add(problem) }
        }
        return database
    }

    // MARK: - cd, scripts, interpreters

    private mutating func checkFolder(_ command: ShellCommand, in folder: String, at location: SourceLocation) {
        guard command.words.count == 2 else { return }
        let target = command.words[1]
        guard !target.hasPrefix("/"), !target.hasPrefix("~"), !target.hasPrefix("-"), !target.contains("$") else { return }
        guard let path = RepoPath.normalize(RepoPath.join(folder, target)) else { return }
        if !tree.folders.contains(path) {
            let guess = Suggestions.closest(to: RepoPath.fileName(path), in: tree.names(in: RepoPath.directory(of: path), folders: true))
            error("command.directory-missing", "'cd \(target)': the folder '\(path)' does not exist", command, at: location,
                suggestion: guess.map { "did you mean '\(RepoPath.join(RepoPath.directory(of: target), $0))'?" })
        }
    }

    private mutating func checkInterpreted(_ command: ShellCommand, in folder: String, at location: SourceLocation) {
        var words = command.words.dropFirst()[...]
        let tool = command.words[0]
        while let word = words.first, word.hasPrefix("-") {
            words = words.dropFirst()
            if tool.hasPrefix("python"), word == "-m", let module = words.first {
                checkModule(module, command, in: folder, at: location)
                return
            }
            if word == "-c" { return }
        }
        guard let script = words.first, !script.contains("$") else { return }
        checkScript(script, command, in: folder, at: location, mustBeExecutable: false)
    }

    /// `python -m app.worker`: when `app` is a package of the repository, `app/worker.py` (or
    /// `app/worker/`) must be there too. Modules from elsewhere (`venv`, `pytest`) are left alone.
    private mutating func checkModule(_ module: String, _ command: ShellCommand, in folder: String, at location: SourceLocation) {
        let parts = module.split(separator: ".").map(String.init)
        guard parts.count > 1, let top = RepoPath.normalize(RepoPath.join(folder, parts[0])), tree.folders.contains(top) else { return }
        let path = RepoPath.join(folder, parts.joined(separator: "/"))
        if !tree.files.contains(path + ".py") && !tree.folders.contains(path) {
            error("command.script-missing", "'python -m \(module)': neither '\(path).py' nor the package '\(path)' exists", command, at: location)
        }
    }

    private mutating func checkScript(_ script: String, _ command: ShellCommand, in folder: String, at location: SourceLocation, mustBeExecutable: Bool) {
        guard !script.hasPrefix("/"), !script.hasPrefix("~"), let path = RepoPath.normalize(RepoPath.join(folder, script)) else { return }
        guard tree.files.contains(path) else {
            if mustBeExecutable || script.contains("/") || script.hasSuffix(".sh") || script.hasSuffix(".py") {
                let guess = Suggestions.closest(to: RepoPath.fileName(path), in: tree.names(in: RepoPath.directory(of: path)))
                error("command.script-missing", "'\(script)': the file '\(path)' does not exist", command, at: location,
                    suggestion: guess.map { "did you mean '\(RepoPath.join(RepoPath.directory(of: script), $0))'?" })
            }
            return
        }
        if mustBeExecutable, !reader.isExecutable(path) {
            error("command.not-executable", "'\(script)' is run as a program, but '\(path)' is not executable", command, at: location,
                suggestion: "chmod +x \(path) (and commit the mode), or run it with bash")
        }
    }

    // MARK: - npm, yarn, pnpm

    static let yarnCommands: Set<String> = [
        "add", "audit", "autoclean", "bin", "cache", "config", "create", "dedupe", "dlx", "exec", "explain", "generate-lock-entry",
        "global", "help", "import", "info", "init", "install", "licenses", "link", "list", "login", "logout", "node", "npm", "outdated",
        "owner", "pack", "patch", "plugin", "publish", "rebuild", "remove", "set", "tag", "team", "unlink", "unplug", "up", "upgrade",
        "upgrade-interactive", "version", "versions", "why", "workspace", "workspaces",
    ]
    static let pnpmCommands: Set<String> = [
        "add", "audit", "bin", "create", "dedupe", "deploy", "dlx", "env", "exec", "fetch", "i", "import", "init", "install", "install-test", "link",
        "list", "ls", "outdated", "pack", "patch", "prune", "publish", "rebuild", "remove", "rm", "root", "server", "setup", "store",
        "un", "uninstall", "unlink", "up", "update", "why",
    ]

    private mutating func checkPackageScript(_ command: ShellCommand, in folder: String, at location: SourceLocation) {
        var words = command.words.dropFirst().filter { !$0.hasPrefix("-") }[...]
        var directory = folder
        if let prefix = command.words.firstIndex(where: { $0 == "--prefix" || $0 == "-C" || $0 == "--dir" }), prefix + 1 < command.words.count {
            directory = RepoPath.join(folder, command.words[prefix + 1])
            words = words.filter { $0 != command.words[prefix + 1] }[...]
        }
        let tool = command.words[0]
        guard let verb = words.first else { return }
        var script: String?
        switch tool {
        case "npm":
            if ["run", "run-script", "rum", "urn"].contains(verb) { script = words.dropFirst().first }
            if ["test", "start", "stop", "restart", "t", "tst"].contains(verb) { script = ["t", "tst"].contains(verb) ? "test" : verb }
        case "yarn":
            script = verb == "run" ? words.dropFirst().first : Self.yarnCommands.contains(verb) ? nil : verb
        default:
            script = verb == "run" ? words.dropFirst().first : Self.pnpmCommands.contains(verb) ? nil : verb
        }
        guard let script else { return }
        guard let (manifest, found) = nearestPackage(from: directory) else {
            error("command.npm-script-missing", "'\(command.written)': there is no package.json in '\(directory.isEmpty ? "." : directory)' or above it", command, at: location)
            return
        }
        // A package.json npm cannot read is reported once, at its own line; its scripts are unknown.
        guard let scripts = found else { return }
        if !scripts.contains(script) {
            error("command.npm-script-missing", "'\(manifest)' has no script '\(script)'", command, at: location,
                suggestion: Suggestions.didYouMean(script, in: scripts.sorted()))
        }
    }

    /// The nearest `package.json` at or above `folder` (inside the repository), with its scripts:
    /// `nil` scripts when it is not valid JSON, which is reported once, at the error.
    private mutating func nearestPackage(from folder: String) -> (String, Set<String>?)? {
        var current: String? = RepoPath.normalize(folder)
        while let here = current {
            let manifest = RepoPath.join(here, "package.json")
            if tree.files.contains(manifest) {
                let bytes: [UInt8]
                switch reader.read(manifest) {
                case .success(let read): bytes = read
                case .failure(let problem):
                    reportOnce(manifest, "cannot read '\(manifest)': \(problem.message)", at: SourceLocation(path: manifest))
                    return (manifest, nil)
                }
                switch JSONReader.read(bytes) {
                case .failure(let problem):
                    let position = LineIndex(bytes: bytes).position(ofByte: problem.offset)
                    reportOnce(
                        manifest, "npm cannot read this package.json: \(problem.message)",
                        at: SourceLocation(path: manifest, line: position.line, column: position.column))
                    return (manifest, nil)
                case .success(let json):
                    return (manifest, Set(json["scripts"]?.pairs?.map(\.0) ?? []))
                }
            }
            current = here.isEmpty ? nil : RepoPath.directory(of: here)
        }
        return nil
    }

}
