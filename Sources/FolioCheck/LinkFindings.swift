import FolioCompile
import FolioMarkdown
import FolioModel
import Foundation

/// What `folio build` says about the links of its pages: the findings of the offline link
/// check (`LinkCheck`), and a `link.outside-site` warning for a link to a repository file that
/// is not in the site while `repository` is not set (the link stays as written and is dead on
/// the published site). External URLs are only checked by `folio check links`.
package enum LinkFindings {
    /// The findings of every page, or of the pages named in `only`.
    package static func check(_ site: Site, reader: any FileSource, only: Set<String>? = nil, into diagnostics: inout Diagnostics) {
        let sources = LinkSources.collect(site, reader: reader, all: false, excluding: [], only: only)
        var check = LinkCheck(site: site, reader: reader, settings: site.config.links)
        check.collectsExternals = false
        diagnostics.add(contentsOf: check.run(sources).diagnostics)
        guard site.config.repository == nil else { return }
        for source in sources {
            for (number, resolved) in source.resolved.enumerated() where number < source.document.links.count {
                guard case .repository(let path, _) = resolved.target else { continue }
                let link = source.document.links[number]
                guard !check.isIgnored(link, in: source.document) else { continue }
                diagnostics.warning(
                    "link.outside-site",
                    "'\(link.destination)' points at '\(path)', which is in the repository but not in the site; the link is kept as written",
                    at: SourceLocation(path: link.file ?? source.path, line: link.position.line, column: link.position.column),
                    suggestion: "set repository.url in folio.yaml to link to the repository's web view", target: link.destination)
            }
        }
    }
}
