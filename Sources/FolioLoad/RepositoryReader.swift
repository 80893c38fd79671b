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
    let limit: Int

    package init(root: String, tree: RepositoryTree, limit: Int = FileGate.limit) {
        self.root = root
        self.realPaths = tree.realPaths
        self.limit = limit
    }

    /// The absolute path of a repository-relative (or already absolute) path.
    func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
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
