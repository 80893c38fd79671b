import Foundation
import FolioMarkdown

/// What the build says about the links of its pages: a dead link or anchor is a `link.broken`
/// error at its source position, and a link to a repository file that is not in the site is a
/// `link.outside-site` warning while `repository` is not set. External URLs are not checked here.
enum LinkFindings {
    static func check(_ site: Site, into diagnostics: inout Diagnostics) {
        var names: [String: [String]]?
        for (index, page) in site.pages.enumerated() where !page.isGenerated {
            for (link, resolved) in zip(page.document.links, site.links[index]) {
                let location = SourceLocation(path: page.source, line: link.position.line, column: link.position.column)
                let written = link.destination
                switch resolved.target {
                case .missing(let path):
                    if names == nil { names = childNames(site.tree) }
                    let guess = Suggestions.closest(to: RepoPath.fileName(path), in: names?[RepoPath.directory(of: path)] ?? [])
                    diagnostics.error(
                        "link.broken", "'\(written)' points at '\(path)', which does not exist", at: location,
                        suggestion: guess.map { "did you mean '\(replacingLastName(of: written, with: $0))'?" })
                case .outsideRepository:
                    diagnostics.error(
                        "link.broken", "'\(written)' leads outside the repository", at: location,
                        suggestion: "link to a file inside the repository, or use a full https:// URL")
                case .page(let target) where resolved.isFragmentMissing:
                    let fragment = resolved.fragment ?? ""
                    let shown = fragment.removingPercentEncoding ?? fragment
                    let guess = Suggestions.closest(to: shown, in: site.pages[target].document.anchors)
                    let name = target == index ? "this page" : "'\(site.pages[target].source)'"
                    let base = written.firstIndex(of: "#").map { String(written[..<$0]) } ?? written
                    diagnostics.error(
                        "link.broken", "'\(written)': \(name) has no heading or anchor '\(shown)'", at: location,
                        suggestion: guess.map { "did you mean '\(base)#\($0)'?" })
                case .repository(let path, _) where site.config.repository == nil:
                    diagnostics.warning(
                        "link.outside-site",
                        "'\(written)' points at '\(path)', which is in the repository but not in the site; the link is kept as written",
                        at: location, suggestion: "set repository.url in folio.yaml to link to the repository's web view")
                default:
                    continue
                }
            }
        }
    }

    /// File and folder names by folder, for suggestions.
    private static func childNames(_ tree: RepositoryTree) -> [String: [String]] {
        var names: [String: [String]] = [:]
        for path in tree.files.union(tree.folders) where !path.isEmpty {
            names[RepoPath.directory(of: path), default: []].append(RepoPath.fileName(path))
        }
        return names.mapValues { $0.sorted() }
    }

    /// `../docs/setpu.md#x` with `setup.md` -> `../docs/setup.md#x`.
    private static func replacingLastName(of destination: String, with name: String) -> String {
        var path = Substring(destination)
        var suffix = ""
        if let mark = path.firstIndex(where: { $0 == "#" || $0 == "?" }) {
            suffix = String(path[mark...])
            path = path[..<mark]
        }
        let trailing = path.hasSuffix("/") ? "/" : ""
        if !trailing.isEmpty { path = path.dropLast() }
        let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        return folder + name + trailing + suffix
    }
}
