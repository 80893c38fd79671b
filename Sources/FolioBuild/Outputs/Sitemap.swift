import FolioCompile
import FolioMarkdown
import FolioModel
import FolioRender
import FolioWrite

/// `sitemap.xml`, every page in reading order, when `base_url` is set.
struct Sitemap: SiteOutput {
    func reservedPaths(config: Config, theme: Theme) -> Set<String> { config.baseURL == nil ? [] : ["sitemap.xml"] }

    func write(_ site: Site, with context: OutputContext, to writer: SiteWriter) throws {
        guard let base = site.config.baseURL else { return }
        let xml = Self.sitemap(site.pages, order: site.navigation.everyPage(count: site.pages.count), base: base)
        try writer.write(xml, to: "sitemap.xml")
    }

    static func sitemap(_ pages: [Page], order: [Int], base: String) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for index in order {
            xml += "<url><loc>\(escapeHTML(Renderer.absolute(base, pages[index].url)))</loc></url>\n"
        }
        return xml + "</urlset>\n"
    }
}
