import FolioMarkdown
import FolioModel

/// Landing pages for folders that have none: a page at the folder's URL listing its entries, so
/// every section in the sidebar and breadcrumbs is a working link (as Hugo's list pages are).
enum SectionIndex {
    /// The generated pages for every folder of `navigation` without a landing page.
    static func pages(for navigation: Navigation, pages: [Page], contentFolder: String, siteTitle: String, fileURLs: Bool = false) -> [Page] {
        let sections = navigation.sections.values.filter { $0.landing == nil }.sorted { $0.folder < $1.folder }
        return sections.map { section in
            let url = fileURLs ? RepoPath.join(section.folder, "index.html") : section.folder.asFolderURL
            let items = section.items.map { item -> String in
                let (title, target): (String, String?) =
                    switch item {
                    case .page(let index): (pages[index].title, pages[index].url)
                    case .section(let child): (child.title, child.landing.map { pages[$0].url } ?? child.folder.asFolderURL)
                    case .link(let title, _): (title, nil)
                    }
                let href = target.map { Routes.relativeURL(from: url, to: $0) } ?? "./"
                return "<li><a href=\"\(escapeHTML(href))\">\(escapeHTML(title))</a></li>\n"
            }
            let html = "<ul class=\"section-index\">\n" + items.joined() + "</ul>\n"
            return Page(
                source: RepoPath.join(contentFolder, section.folder), contentPath: RepoPath.join(section.folder, "index.md"),
                url: url, title: section.folder.isEmpty ? siteTitle : section.title, document: MarkdownDocument(html: html),
                isGenerated: true)
        }
    }
}
