import FolioModel
import Foundation

extension RepositoryTree {
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
            guard let entries = DirectoryListing.entries(of: directory) else {
                if isInContent(folder) {
                    diagnostics.error(
                        "load.unreadable", "cannot read folder: \(String(cString: strerror(errno)))",
                        at: SourceLocation(path: folder.isEmpty ? "." : folder))
                }
                return
            }
            for entry in entries where entry.name != ".git" {
                let full = directory + "/" + entry.name
                let path = RepoPath.join(folder, entry.name)
                if skipping.contains(full) || isIgnored(path) { continue }
                switch entry.kind {
                case .symbolicLink:
                    var isDirectory: ObjCBool = false
                    let exists = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
                    follow(full, path: path, exists: exists, isDirectory: isDirectory.boolValue, ancestors: ancestors)
                case .directory:
                    // Outside a git work tree nothing says what is ignored: hidden folders such as
                    // .github are part of the repository, as on GitHub, but dependency and tool
                    // caches (.build, .venv, node_modules) are not walked.
                    if ignored == nil, Self.unwalkedOutsideGit.contains(entry.name) || entry.name.hasPrefix(".build-") { continue }
                    guard insert(path, into: \.folders) else { continue }
                    walk(full, path: path, ancestors: ancestors.union([full]))
                case .other:
                    insert(path, into: \.files)
                case .special(let kind):
                    // Reading or copying a FIFO with no writer would block the build forever. Outside
                    // the content it stays a name, so that a reader of it says what it is (FileGate).
                    guard isInContent(path) else {
                        insert(path, into: \.files)
                        continue
                    }
                    diagnostics.warning(
                        "load.special-file", "this is a \(kind), not a regular file; it is skipped", at: SourceLocation(path: path),
                        suggestion: "remove it from the content folder")
                }
            }
        }

        static let unwalkedOutsideGit: Set<String> = [
            "node_modules", ".build", ".venv", "venv", ".tox", ".cache", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".gradle",
            ".idea", ".swiftpm", "__pycache__", ".terraform", ".next", ".nuxt",
        ]

        /// Adds a path; `false` when the set already holds a path that Swift's `String` finds
        /// equal but whose bytes differ: the same name in another Unicode normalization form
        /// (`café.md` in NFC and in NFD). Both are files on disk, but one site URL; the one found
        /// second is reported and left out (a page used to be dropped without a word).
        @discardableResult
        mutating func insert(_ path: String, into set: WritableKeyPath<RepositoryTree, Set<String>>) -> Bool {
            let (inserted, existing) = tree[keyPath: set].insert(path)
            guard !inserted, !existing.utf8.elementsEqual(path.utf8) else { return true }
            if isInContent(path) {
                func form(_ name: String) -> String {
                    name.utf8.elementsEqual(name.decomposedStringWithCanonicalMapping.utf8)
                        ? "NFD" : name.utf8.elementsEqual(name.precomposedStringWithCanonicalMapping.utf8) ? "NFC" : "mixed"
                }
                diagnostics.error(
                    "route.conflict",
                    "'\(path)' (\(form(path))) and '\(existing)' (\(form(existing))) are one name in two Unicode normalization forms: they would both be published at the same URL; this one was left out",
                    at: SourceLocation(path: path), suggestion: "rename or remove one of them")
            }
            return false
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
            // The git config can hold a CI token: nothing under .git is followed or published.
            if RepoPath.isInside(real, root + "/.git") {
                diagnostics.warning(
                    "content.symlink-git", "symbolic link into .git ('\(RepoPath.relative(real, to: root))'); it is not followed or published",
                    at: here, suggestion: "remove the link")
                return
            }
            var info = stat()
            if !isDirectory, stat(real, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
                diagnostics.warning(
                    "load.special-file", "symbolic link to a \(FileGate.kind(info.st_mode)), not a regular file; it is skipped", at: here,
                    suggestion: "remove the link")
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
                guard insert(path, into: \.folders) else { return }
                walk(full, path: path, ancestors: ancestors.union([real]))
            } else if insert(path, into: \.files) {
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

    }
}

/// What git ignores in a work tree: `git ls-files --others --ignored --exclude-standard
/// --directory`, relative to the repository root (folders end with `/`). `nil` outside a work
/// tree (no `.git` in the root or a folder above it: git is not even started) or without git.
enum GitIgnored {
    static func paths(in root: String) -> Set<String>? {
        guard isInWorkTree(root),
            let (status, output) = Subprocess.run(
                ["git", "-C", root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"]),
            status == 0
        else { return nil }
        return Set(output.split(separator: 0).map { String(decoding: $0, as: UTF8.self) })
    }

    /// Whether `folder` or one above it holds `.git` (a folder, or a file in a worktree or submodule).
    static func isInWorkTree(_ folder: String) -> Bool {
        var current = folder
        while true {
            if access(current + "/.git", F_OK) == 0 { return true }
            let parent = RepoPath.directory(of: current)
            if parent == current || parent.isEmpty { return access("/.git", F_OK) == 0 }
            current = parent
        }
    }
}

/// A folder's entries with their kind, from `readdir` (one system call per batch of entries
/// rather than a `stat` per file), sorted by name.
package enum DirectoryListing {
    package enum Kind: Equatable { case directory, symbolicLink, other, special(String) }

    package static func entries(of directory: String) -> [(name: String, kind: Kind)]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var entries: [(name: String, kind: Kind)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            var type = Int32(entry.pointee.d_type)
            var info = stat()
            if type == Int32(DT_UNKNOWN) || type == Int32(DT_FIFO) || type == Int32(DT_SOCK) || type == Int32(DT_CHR) || type == Int32(DT_BLK) {
                guard lstat(directory + "/" + name, &info) == 0 else { continue }
                let format = info.st_mode & S_IFMT
                type = format == S_IFDIR ? Int32(DT_DIR) : format == S_IFLNK ? Int32(DT_LNK) : format == S_IFREG ? Int32(DT_REG) : Int32(DT_FIFO)
            }
            let kind: Kind =
                type == Int32(DT_DIR) ? .directory : type == Int32(DT_LNK) ? .symbolicLink : type == Int32(DT_FIFO) ? .special(FileGate.kind(info.st_mode)) : .other
            entries.append((name, kind))
        }
        // Names Swift finds equal (one name in NFC and NFD) are ordered by their bytes, so the
        // one reported as a conflict is the same on every machine.
        return entries.sorted { $0.name != $1.name ? $0.name < $1.name : Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }
}
