import FolioModel
import Foundation

/// The load stage: walks the repository once and lists the Markdown pages of the content folder
/// (the parse stage reads them, in parallel).
///
/// Only this stage and the write stage touch the disk.
package struct Loader {
    /// Absolute repository root.
    let root: String
    /// The content folder, repository-relative (`""` when it is the root).
    let content: String
    /// Absolute paths left out of the walk: the output folder, its staging folder, `.folio`.
    let skipping: Set<String>
    /// `limits.file_size`: the largest page read.
    var pageLimit = FileGate.limit

    package init(root: String, content: String, skipping: Set<String>, pageLimit: Int = FileGate.limit) {
        self.root = root
        self.content = content
        self.skipping = skipping
        self.pageLimit = pageLimit
    }

    /// Everything the later stages read from disk.
    package struct Sources: Sendable {
        package let tree: RepositoryTree
        /// The Markdown pages of the content folder, sorted by path.
        package let pages: [SourceFile]
        /// Every other file of the content folder, published as it is, sorted by path.
        package let files: [PublishedFile]

        package init(tree: RepositoryTree, pages: [SourceFile], files: [PublishedFile]) {
            self.tree = tree
            self.pages = pages
            self.files = files
        }
    }

    package func load(into diagnostics: inout Diagnostics) -> Sources {
        let tree = RepositoryTree.walk(root: root, content: content, skipping: skipping, into: &diagnostics)
        var pages: [SourceFile] = []
        var files: [PublishedFile] = []
        for path in tree.files.sorted() {
            guard let inner = contentPath(of: path), !RepoPath.components(inner).contains(where: { $0.hasPrefix(".") }) else { continue }
            let absolute = tree.realPaths[path] ?? root + "/" + path
            if RepoPath.isMarkdown(path) {
                pages.append(SourceFile(path: path, contentPath: inner, absolutePath: absolute, root: root, limit: pageLimit))
            } else {
                files.append(PublishedFile(path: path, sitePath: inner, absolutePath: absolute))
            }
        }
        return Sources(tree: tree, pages: pages, files: files)
    }

    /// The path inside the content folder, or `nil` outside it.
    private func contentPath(of path: String) -> String? {
        if content.isEmpty { return path }
        guard path.hasPrefix(content + "/") else { return nil }
        return String(path.dropFirst(content.utf8.count + 1))
    }
}

/// A file of the content folder that is not Markdown, copied into the site byte for byte.
package struct PublishedFile: Sendable {
    /// Repository-relative path: `content/img/x.png`.
    package let path: String
    /// Path in the site: `img/x.png`.
    package let sitePath: String
    /// Where to read it (a symlink's real target).
    package let absolutePath: String
}
