import FolioModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Load's reader of repository files for the later stages (``FileSource``): every read goes
/// through the file gate, from the path a symbolic link stands for when the tree knows one.
package struct RepositoryReader: FileSource {
    /// Absolute repository root.
    package let root: String
    let realPaths: [String: String]
    let files: Set<String>
    let limit: Int
    /// The paths read or looked for that are not files of the tree (a git-ignored `.env`, a
    /// missing include): the tree's own files are in ``InputState`` already.
    package let outside = PathLog()

    package init(root: String, tree: RepositoryTree, limit: Int = FileGate.limit) {
        self.root = root
        self.realPaths = tree.realPaths
        self.files = tree.files
        self.limit = limit
    }

    /// The absolute path of a repository-relative (or already absolute) path.
    func absolute(_ path: String) -> String {
        if path.hasPrefix("/") {
            outside.add(path)
            return path
        }
        if !files.contains(path) { outside.add(path.isEmpty ? root : root + "/" + path) }
        return realPaths[path] ?? (path.isEmpty ? root : root + "/" + path)
    }

    package func read(_ path: String) -> Result<[UInt8], FileProblem> {
        FileGate.read(absolute(path), root: root, limit: limit)
    }

    package func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(absolute(path), &info) == 0
    }

    package func isExecutable(_ path: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: absolute(path))
    }
}

/// Absolute paths, noted from any thread.
package final class PathLog: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: Set<String> = []

    package init() {}

    package func add(_ path: String) {
        lock.withLock { _ = paths.insert(path) }
    }

    /// Every path noted, sorted.
    package var all: [String] { lock.withLock { paths.sorted() } }
}
