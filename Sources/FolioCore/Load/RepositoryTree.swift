import Foundation

/// The files and folders of the repository as GitHub shows them: what a relative link may
/// point at, and where the site's pages and published files come from.
///
/// Left out: `.git`, the output folder and its staging folder, `.folio/`, and what git ignores
/// when the repository is a git work tree (outside one: hidden folders and `node_modules`).
/// Symbolic links are followed only to a target inside the repository; one that leads back into
/// the content folder is an alias of what it points at, so that content is published once.
public struct RepositoryTree: Sendable {
    /// Repository-relative paths of files (a symlink to a file appears at its own path).
    public private(set) var files: Set<String> = []
    /// Repository-relative paths of folders; the root is `""`.
    public private(set) var folders: Set<String> = [""]
    /// Symbolic links into the content folder: the link's path -> the path it stands for.
    public private(set) var aliases: [String: String] = [:]
    /// Files reached through a symbolic link: repository path -> absolute real path.
    public private(set) var realPaths: [String: String] = [:]
    /// Whether git said what it ignores.
    public private(set) var isGitWorkTree = false

    /// Whether `path` is a file or folder of the repository.
    public func contains(_ path: String) -> Bool { files.contains(path) || folders.contains(path) }

    /// `path` with a symlink alias at its start replaced by what it stands for.
    public func unaliased(_ path: String) -> String {
        guard !aliases.isEmpty else { return path }
        var prefix = path
        while !prefix.isEmpty {
            if let target = aliases[prefix] { return target + path.dropFirst(prefix.utf8.count) }
            prefix = RepoPath.directory(of: prefix)
        }
        return path
    }

    /// Walks the repository at `root` (absolute); `content` is the content folder's repository
    /// path, where symlink problems are reported; `skipping` holds absolute paths left out.
    static func walk(root: String, content: String, skipping: Set<String>, into diagnostics: inout Diagnostics) -> RepositoryTree {
        var walker = Walker(root: root, content: content, skipping: skipping, ignored: GitIgnored.paths(in: root))
        walker.tree.isGitWorkTree = walker.ignored != nil
        walker.walk(root, path: "", ancestors: [root])
        diagnostics.add(contentsOf: walker.diagnostics)
        return walker.tree
    }

    private struct Walker {
        let root: String
        let content: String
        let skipping: Set<String>
        let ignored: Set<String>?
        var tree = RepositoryTree()
        var diagnostics = Diagnostics()

        init(root: String, content: String, skipping: Set<String>, ignored: Set<String>?) {
            self.root = root
            self.content = content
            self.skipping = skipping
            self.ignored = ignored
        }

        func isInContent(_ path: String) -> Bool {
            content.isEmpty || path == content || path.hasPrefix(content + "/")
        }

        /// Walks `directory` (its real absolute path), published at `folder`.
        mutating func walk(_ directory: String, path folder: String, ancestors: Set<String>) {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            } catch {
                if isInContent(folder) {
                    diagnostics.error(
                        "load.unreadable", "cannot read folder: \(error.localizedDescription)",
                        at: SourceLocation(path: folder.isEmpty ? "." : folder))
                }
                return
            }
            for name in names where name != ".git" {
                let full = directory + "/" + name
                let path = RepoPath.join(folder, name)
                if skipping.contains(full) || isIgnored(path) { continue }
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
                if isSymbolicLink(full) {
                    follow(full, path: path, exists: exists, isDirectory: isDirectory.boolValue, ancestors: ancestors)
                } else if isDirectory.boolValue {
                    if ignored == nil, name.hasPrefix(".") || name == "node_modules" { continue }
                    tree.folders.insert(path)
                    walk(full, path: path, ancestors: ancestors.union([full]))
                } else if exists {
                    tree.files.insert(path)
                }
            }
        }

        func isIgnored(_ path: String) -> Bool {
            guard let ignored else { return false }
            return ignored.contains(path) || ignored.contains(path + "/")
        }

        /// A symbolic link: followed when its real target is inside the repository.
        mutating func follow(_ full: String, path: String, exists: Bool, isDirectory: Bool, ancestors: Set<String>) {
            let here = SourceLocation(path: path)
            guard exists else {
                if isInContent(path) { diagnostics.warning("load.broken-symlink", "symbolic link points to nothing", at: here) }
                return
            }
            let real = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
            guard RepoPath.isInside(real, root) else {
                if isInContent(path) {
                    diagnostics.warning(
                        "content.symlink-outside", "symbolic link to '\(real)', outside the repository; it is not followed or published",
                        at: here, suggestion: "copy what it points at into the repository, or remove the link")
                }
                return
            }
            let target = RepoPath.relative(real, to: root) == "." ? "" : RepoPath.relative(real, to: root)
            if isDirectory && ancestors.contains(real) {
                if isInContent(path) {
                    diagnostics.error(
                        "load.symlink-loop", "symbolic link loop: this folder leads back to '\(target.isEmpty ? "." : target)'; it was skipped",
                        at: here)
                }
                return
            }
            if isInContent(path), let written = writtenTarget(of: full, linkPath: path), isInContent(written) || isInContent(target) {
                tree.aliases[path] = isInContent(written) ? written : target
                return
            }
            if isDirectory {
                tree.folders.insert(path)
                walk(full, path: path, ancestors: ancestors.union([real]))
            } else {
                tree.files.insert(path)
                tree.realPaths[path] = real
            }
        }

        /// The repository path a symlink names itself (one level, not resolved further), when
        /// it lies inside the repository.
        func writtenTarget(of full: String, linkPath: String) -> String? {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: full) else { return nil }
            if destination.hasPrefix("/") {
                guard RepoPath.isInside(destination, root) else { return nil }
                return RepoPath.relative(destination, to: root)
            }
            return RepoPath.normalize(RepoPath.join(RepoPath.directory(of: linkPath), destination))
        }

        func isSymbolicLink(_ path: String) -> Bool {
            (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeSymbolicLink
        }
    }
}

/// What git ignores in a work tree: `git ls-files --others --ignored --exclude-standard
/// --directory`, relative to the repository root (folders end with `/`). `nil` outside a work
/// tree or without git.
enum GitIgnored {
    static func paths(in root: String) -> Set<String>? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return Set(data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) })
    }
}
