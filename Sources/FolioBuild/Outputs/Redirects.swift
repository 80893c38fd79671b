import FolioCompile
import FolioMarkdown
import FolioModel
import FolioRender
import FolioWrite

/// mkdocs-redirects' `redirect_maps`: a page at each old address that no page has, sending the
/// reader to the new one.
struct Redirects: SiteOutput {
    func reservedPaths(config: Config, theme: Theme) -> Set<String> { [] }

    func write(_ site: Site, with context: OutputContext, to writer: SiteWriter) throws {
        let redirects = site.redirectPages()
        try writer.createFolders(redirects.map(\.url))
        for (url, target) in redirects { try writer.write(Self.page(to: target), to: url + "index.html") }
    }

    /// A page at an old address that sends the reader to `target` (mkdocs-redirects' form).
    static func page(to target: String) -> String {
        let href = escapeHTML(target)
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Redirecting…</title>
            <link rel="canonical" href="\(href)">
            <meta name="robots" content="noindex">
            <meta http-equiv="refresh" content="0; url=\(href)">
            </head>
            <body><p>This page has moved to <a href="\(href)">\(href)</a>.</p></body>
            </html>

            """
    }
}
