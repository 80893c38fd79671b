import FolioCompile
import FolioLoad
import FolioMarkdown
import FolioModel
import Foundation

/// One Markdown file the link check reads, with its links resolved.
package struct LinkSource: Sendable {
    /// Repository path.
    package let path: String
    package let document: MarkdownDocument
    /// The site page it is (by name), when it is one.
    let page: String?
    /// Where each of `document.links` leads (same order).
    let resolved: [ResolvedLink]
}

/// The files a link check reads: the site's pages, and with `--all` every other Markdown file
/// of the repository tree (which already leaves out what git ignores, `.folio/` and the output)
/// but those under `node_modules`, which are other projects' docs even when git does not ignore
/// them, and those of a folder with its own `folio.yaml`: another Folio project (an example, a
/// service with its own docs), whose commands run from its own root and which its own
/// `folio check` reads.
package enum LinkSources {
    /// `only`: the named pages alone, and nothing else (`folio serve` after an edit).
    package static func collect(_ site: Site, reader: any FileSource, all: Bool, excluding: [URLPattern], only: Set<String>? = nil) -> [LinkSource] {
        func isExcluded(_ path: String) -> Bool { excluding.contains { $0.matches(path) } }
        if let only {
            return only.sorted().compactMap { source in
                guard let index = site.pageIndex[source], !site.pages[index].isGenerated, !isExcluded(source) else { return nil }
                return LinkSource(path: source, document: site.pages[index].document, page: source, resolved: site.links[index])
            }
        }
        var sources: [LinkSource] = site.pages.indices.compactMap { index in
            guard !site.pages[index].isGenerated, !isExcluded(site.pages[index].source) else { return nil }
            return LinkSource(path: site.pages[index].source, document: site.pages[index].document, page: site.pages[index].source, resolved: site.links[index])
        }
        guard all else { return sources }
        let pageSources = Set(sources.map(\.path)).union(site.pages.map(\.source))
        let projects = site.tree.files.filter { RepoPath.fileName($0) == "folio.yaml" }.map { RepoPath.directory(of: $0) }.filter { !$0.isEmpty }
        func isInOtherProject(_ path: String) -> Bool { projects.contains { path.hasPrefix($0 + "/") } }
        let others = site.tree.files.filter {
            RepoPath.isMarkdown($0) && !pageSources.contains($0) && !isExcluded($0) && !RepoPath.components($0).contains("node_modules")
                && !isInOtherProject($0)
        }.sorted()
        let parser = site.config.markdownParser(reader: reader)
        let resolver = site.resolver
        sources += parallelMap(others) { path in
            let document = parseMarkdownFile(path, reader: reader, parser: parser)
            return LinkSource(
                path: path, document: document, page: nil, resolved: resolver.resolveAll(document.links, from: path, page: nil))
        }
        return sources.sorted { $0.path < $1.path }
    }

    /// A Markdown file's document, front matter left out (its lines kept), without HTML.
    static func parseMarkdownFile(_ path: String, reader: any FileSource, parser: MarkdownParser) -> MarkdownDocument {
        guard var bytes = reader.contents(path) else { return MarkdownDocument() }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return parser.parse(FrontMatterSplit(String(decoding: bytes, as: UTF8.self)).body, renderingHTML: false)
    }
}
