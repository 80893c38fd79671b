import FolioMarkdown

/// Landing pages for folders that have none: a page at the folder's URL listing its entries, so
/// every section in the sidebar and breadcrumbs is a working link (as Hugo's list pages are).
enum SectionIndex {
    /// The generated pages for every folder of `navigation` without a landing page. A folder whose
    /// URL is already a page's (`ops.md` beside `ops/`) keeps that page, with a warning.
    static func pages(
        for navigation: Navigation, pages: [Page], contentDisplay: String, siteTitle: String,
        into diagnostics: inout Diagnostics
    ) -> [Page] {
        let sections = navigation.sections.values.filter { $0.landing == nil }.sorted { $0.folder < $1.folder }
        for section in sections {
            guard let index = section.urlPage else { continue }
            let folder = RepoPath.join(contentDisplay, section.folder)
            diagnostics.warning(
                "route.section-page",
                "this page is published at '/\(pages[index].url)', the URL of the folder '\(folder)/', which therefore gets no generated landing page",
                at: SourceLocation(path: pages[index].source, line: 1, column: 1),
                suggestion: "move it to '\(folder)/index.md' to make it the section's page")
        }
        return sections.filter { $0.urlPage == nil }.map { section in
            let url = section.folder.asFolderURL
            let items = section.items.map { item -> String in
                let (title, target): (String, String?) =
                    switch item {
                    case .page(let index): (pages[index].title, pages[index].url)
                    case .section(let child): (child.title, child.landing.map { pages[$0].url } ?? child.folder.asFolderURL)
                    }
                let href = target.map { Routes.relativeURL(from: url, to: $0) } ?? "./"
                return "<li><a href=\"\(escapeHTML(href))\">\(escapeHTML(title))</a></li>\n"
            }
            let html = "<ul class=\"section-index\">\n" + items.joined() + "</ul>\n"
            return Page(
                source: RepoPath.join(contentDisplay, section.folder), contentPath: RepoPath.join(section.folder, "index.md"),
                url: url, title: section.folder.isEmpty ? siteTitle : section.title, description: nil, weight: nil,
                document: MarkdownDocument(html: html))
        }
    }
}
