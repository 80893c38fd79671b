import Foundation

/// The files and folders of the repository as GitHub shows them: what a relative link may
/// point at, and where the site's pages and published files come from.
///
/// Left out: `.git`, the output folder and its staging folder, `.folio/`, and what git ignores
/// when the repository is a git work tree (outside one: dependency and tool caches such as
/// `node_modules`, `.build` and `.venv`; hidden folders such as `.github` are in).
/// Symbolic links are followed only to a target inside the repository; one that leads back into
/// the content folder is an alias of what it points at, so that content is published once.
public struct RepositoryTree: Sendable {
    /// Repository-relative paths of files (a symlink to a file appears at its own path).
    public package(set) var files: Set<String> = []
    /// Repository-relative paths of folders; the root is `""`.
    public package(set) var folders: Set<String> = [""]
    /// Symbolic links into the content folder: the link's path -> the path it stands for.
    public package(set) var aliases: [String: String] = [:]
    /// Files reached through a symbolic link: repository path -> absolute real path.
    public package(set) var realPaths: [String: String] = [:]
    /// Whether git said what it ignores.
    public package(set) var isGitWorkTree = false

    /// An empty tree: the root folder only (load fills it in).
    package init() {}

    /// Whether `path` is a file or folder of the repository.
    public func contains(_ path: String) -> Bool { files.contains(path) || folders.contains(path) }

    /// File and folder names by the folder that holds them, sorted: for many suggestions at once.
    package func namesByFolder() -> [String: [String]] {
        var names: [String: [String]] = [:]
        for path in files.union(folders) where !path.isEmpty {
            names[RepoPath.directory(of: path), default: []].append(RepoPath.fileName(path))
        }
        return names.mapValues { $0.sorted() }
    }

    /// The names of the files (or, with `folders`, the folders) directly in `folder`, sorted.
    package func names(in folder: String, folders wantsFolders: Bool = false) -> [String] {
        (wantsFolders ? folders : files).filter { !$0.isEmpty && RepoPath.directory(of: $0) == folder }.map(RepoPath.fileName).sorted()
    }

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
}
