import Foundation

/// The load stage: finds and reads the Markdown files under the content folder.
///
/// Hidden files and folders are skipped, and so is the output folder when it lies inside the content
/// folder. Symbolic links are followed; a link back to a folder already being walked is reported
/// as a loop instead of being walked forever.
struct Loader {
    /// Absolute repository root.
    let root: String
    /// Absolute, resolved output folder, skipped while walking.
    let skipping: Set<String>

    /// Reads every `.md` file under `folder` (repository-relative), sorted by path.
    func loadPages(in folder: String, into diagnostics: inout Diagnostics) -> [SourceFile] {
        var files: [SourceFile] = []
        let absolute = RepoPath.absolute(folder, relativeTo: root)
        walk(absolute, display: folder, contentPath: "", ancestors: [absolute], files: &files, diagnostics: &diagnostics)
        return files.sorted { $0.path < $1.path }
    }

    private func walk(
        _ directory: String, display: String, contentPath: String, ancestors: Set<String>,
        files: inout [SourceFile], diagnostics: inout Diagnostics
    ) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            diagnostics.error("load.unreadable", "cannot read folder: \(error.localizedDescription)", at: SourceLocation(path: display))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let full = directory + "/" + name
            let shown = display + "/" + name
            let inner = RepoPath.join(contentPath, name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
                diagnostics.warning("load.broken-symlink", "symbolic link points to nothing", at: SourceLocation(path: shown))
                continue
            }
            if isDirectory.boolValue {
                let resolved = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                if skipping.contains(resolved) { continue }
                if ancestors.contains(resolved) {
                    let target = RepoPath.relative(resolved, to: root)
                    diagnostics.error(
                        "load.symlink-loop", "symbolic link loop: this folder leads back to '\(target)'; it was skipped",
                        at: SourceLocation(path: shown))
                    continue
                }
                walk(full, display: shown, contentPath: inner, ancestors: ancestors.union([resolved]), files: &files, diagnostics: &diagnostics)
            } else if RepoPath.isMarkdown(name) {
                guard let data = FileManager.default.contents(atPath: full) else {
                    diagnostics.error("load.unreadable", "cannot read file", at: SourceLocation(path: shown))
                    continue
                }
                files.append(SourceFile(path: shown, contentPath: inner, bytes: Array(data)))
            }
        }
    }
}
