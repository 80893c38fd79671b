import FolioModel
import Foundation

/// The user's templates folder, read by load to be laid over the built-in theme.
package enum TemplateFolder {
    /// A template or asset: its path inside the folder, its bytes, and its path as shown.
    package struct File: Sendable {
        package let path: String
        package let bytes: [UInt8]
        package let shown: String
    }

    /// Every file of `folder` (none when it does not exist), hidden ones left out, sorted by path.
    /// Each is read through ``FileGate``: one that leads out of the repository
    /// (`assets/env.txt -> /proc/self/environ`) or into `.git`, or is not a regular file, is a
    /// `template.unsafe` warning and is left out.
    package static func read(_ folder: String, displayPath: String, root: String, into diagnostics: inout Diagnostics) -> [File] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [File] = []
        while let relative = enumerator.nextObject() as? String {
            let full = folder + "/" + relative
            var isDirectory: ObjCBool = false
            guard !RepoPath.fileName(relative).hasPrefix("."),
                FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            switch FileGate.read(full, root: root) {
            case .success(let bytes): files.append(File(path: relative, bytes: bytes, shown: RepoPath.join(displayPath, relative)))
            case .failure(let problem):
                diagnostics.warning(
                    "template.unsafe", "this template file is left out: \(problem.message)", at: SourceLocation(path: RepoPath.join(displayPath, relative)),
                    suggestion: "copy what it points at into the templates folder, or remove it")
            }
        }
        return files.sorted { $0.path < $1.path }
    }
}
