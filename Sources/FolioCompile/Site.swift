import FolioLoad
import FolioMarkdown
import FolioModel
import FolioYAML
import Foundation

/// The compiled site: what the check and render stages read. Built once by `Site.compile`.
public struct Site: Sendable {
    public let config: Config
    /// The content folder, repository-relative (`""` when it is the repository root).
    public let contentFolder: String
    /// Every page, generated landing pages last.
    public let pages: [Page]
    /// Where each page is in `pages`, by its name (the repository path of its source).
    package let pageIndex: [String: Int]
    /// The files of the content folder published as they are.
    package let files: [PublishedFile]
    /// The repository's files and folders: every valid link target.
    public let tree: RepositoryTree
    /// The navigation tree (empty when compiled for a check, which renders nothing).
    public let navigation: Navigation
    public let resolver: LinkResolver
    /// For each page, where each of its `document.links` leads (same order).
    public let links: [[ResolvedLink]]
    /// The deliverables files, read once: for the pages that show them and for `folio check deliverables`.
    package let deliverables: DeliverablesLoad
    /// The repository paths of the deliverables files a page shows: the build reports their problems.
    package let shownDeliverables: Set<String>

    /// This site with some pages replaced (by index), some pages' links resolved again, and
    /// the resolver that resolved them: for an edit that leaves what other pages show of a page
    /// (title, description, weight, front matter) as it was, so that the navigation and every
    /// other page's HTML stay as they are (`folio serve`).
    package func replacing(pages replaced: [Int: Page], links relinked: [Int: [ResolvedLink]], resolver newResolver: LinkResolver) -> Site {
        var pages = pages
        for (index, page) in replaced { pages[index] = page }
        var links = links
        for (index, pageLinks) in relinked { links[index] = pageLinks }
        return Site(
            config: config, contentFolder: contentFolder, pages: pages, pageIndex: pageIndex, files: files, tree: tree, navigation: navigation,
            resolver: newResolver, links: links, deliverables: deliverables, shownDeliverables: shownDeliverables)
    }

    /// The page named `source` (the repository path of its source; its folder, for a generated one).
    package func page(named source: String) -> Page? { pageIndex[source].map { pages[$0] } }

    /// The `href` a resolved link gets on the page at `url`, or `nil` to keep it as written.
    public func href(for link: ResolvedLink, fromPageAt url: String) -> String? {
        let fragment = link.fragment.map { "#" + $0 } ?? ""
        switch link.target {
        case .page(let source):
            guard let index = pageIndex[source] else { return nil }
            let target = pages[index].url
            if target == url && link.query.isEmpty {
                return fragment.isEmpty ? (url.isEmpty || url.hasSuffix("/") ? "./" : Routes.relativeURL(from: url, to: url)) : fragment
            }
            return Routes.relativeURL(from: url, to: target) + link.query + fragment
        case .file(let path):
            return Routes.relativeURL(from: url, to: path) + link.query + fragment
        case .repository(let path, let isFolder):
            return config.repository.map { $0.webURL(for: path, isFolder: isFolder) + link.query + fragment }
        case .external, .empty, .missing, .outsideRepository:
            return nil
        }
    }

    /// The redirect pages to write: each old URL that no page has, and where it sends readers
    /// (relative to it, or an absolute URL); a redirect to a page that does not exist is left out.
    package func redirectPages() -> [(url: String, target: String)] {
        let urls = Set(pages.map(\.url))
        var byPath: [String: String] = [:]
        for page in pages where !page.isGenerated { byPath[page.contentPath] = page.url }
        return config.redirects.compactMap { redirect in
            let from = Routes.url(for: redirect.from, hasIndexSibling: false)
            guard !urls.contains(from) else { return nil }
            if Routes.hasScheme(redirect.to) { return (from, redirect.to) }
            let path = String(redirect.to.prefix { $0 != "#" })
            let fragment = redirect.to.dropFirst(path.count)
            guard let target = byPath[RepoPath.normalize(path) ?? path] else { return nil }
            return (from, Routes.relativeURL(from: from, to: target) + fragment)
        }
    }

    /// The title of a page without its own: the site's title for the home page, else its URL's
    /// last folder (`ops/` -> `Ops`), or for a file URL its file or folder (`ops/index.html` -> `Ops`).
    static func title(forPageAt url: String, siteTitle: String) -> String {
        if url.isEmpty || url == "index.html" { return siteTitle }
        let naming =
            url.hasSuffix("/") ? String(url.dropLast()) : RepoPath.fileName(url) == "index.html" ? RepoPath.directory(of: url) : String(url.dropLast(5))
        return RepoPath.humanTitle(RepoPath.fileName(naming))
    }

    /// The "edit this page" address of a page, when `repository` is set.
    package func editURL(for page: Page) -> String? {
        page.isGenerated ? nil : config.repository?.editURL(for: page.source, contentPath: page.contentPath)
    }
}

extension Site {
    /// The compile stage: routes, landing pages, titles, navigation, published files, anchors,
    /// and every link resolved once.
    package static func compile(
        _ parsed: [ParsedPage], sources: Loader.Sources, reader: any FileSource, config: Config, deliverables: DeliverablesLoad, contentFolder: String,
        reserved: Set<String>, forWriting: Bool = true, today: Date = Date(), into diagnostics: inout Diagnostics
    ) -> Site {
        let timings = Timings()
        let routes = Routes.make(for: parsed, fileURLs: config.fileURLs, into: &diagnostics)
        timings.mark("  routes")
        let routed = parsed.compactMap { page in routes.urls[page.contentPath].map { (page: page, url: $0) } }
        let folders = Navigation.folders(of: routed.map { (contentPath: $0.page.contentPath, url: $0.url) })
        // On every core: reading a runbook's front matter (and its review warning) was 60 ms of
        // one core at 10,000 pages.
        let made = parallelMap(Array(routed.indices)) { index -> (Page, Diagnostics) in
            let (page, url) = routed[index]
            var found = Diagnostics()
            // A check shows no titles, so a page without its own is not given one.
            let title = page.title ?? (forWriting ? Self.title(forPageAt: url, siteTitle: config.title) : "")
            let made = Page(
                source: page.source, contentPath: page.contentPath, url: url, title: title, description: page.description, weight: page.weight,
                document: page.document, folder: folders[index], hasOwnTitle: page.title != nil,
                runbook: Runbook.read(page.frontMatter, path: page.source, defaultDays: config.runbookReviewDays, today: today, into: &found))
            return (made, found)
        }
        var pages = made.map(\.0)
        for (_, found) in made { diagnostics.add(contentsOf: found) }
        timings.mark("  folders, titles, runbooks")
        var directives = DirectiveExpander(config: config, tree: sources.tree, reader: reader, deliverables: deliverables)
        pages = directives.expand(pages)
        diagnostics.add(contentsOf: directives.diagnostics)
        timings.mark("  directives")
        var folderNavigation: Navigation?
        if pages.isEmpty {
            diagnostics.warning(
                "content.empty", "no Markdown pages found; the site has no pages",
                at: SourceLocation(path: contentFolder.isEmpty ? "." : contentFolder))
        } else {
            // MkDocs publishes no page for a folder without index.md, and neither does an MkDocs site here.
            if !config.isMkDocs {
                let tree = Navigation(pages: pages)
                let generated = SectionIndex.pages(for: tree, pages: pages, contentFolder: contentFolder, siteTitle: config.title, fileURLs: config.fileURLs)
                // The folder tree is the site's navigation unless folio.yaml gives a nav: built once,
                // with the generated landing pages put in their sections.
                if config.nav == nil { folderNavigation = tree.addingLandings(generated.map(\.folder), from: pages.count) }
                pages += generated
            }
        }
        timings.mark("  section pages")
        let withIcons = pages.filter { !$0.document.iconShortcodes.isEmpty }
        if let first = withIcons.first {
            // One warning for the site: every page with icons would repeat the same advice.
            let names = Array(Set(withIcons.flatMap(\.document.iconShortcodes))).sorted()
            diagnostics.warning(
                "emoji.icon",
                "\(names.count) icon shortcodes (\(names.prefix(3).map { ":\($0):" }.joined(separator: ", "))\(names.count > 3 ? "…" : "")) on \(withIcons.count) pages are shown as text: Folio has no icon set",
                at: SourceLocation(path: first.source), suggestion: "use an emoji shortcode such as :white_check_mark: or an image")
        }
        if let nav = config.nav, forWriting { checkNav(nav, pages: pages, config: config, contentFolder: contentFolder, into: &diagnostics) }
        let files = publishable(sources.files, pages: pages, reserved: reserved, into: &diagnostics)
        timings.mark("  published files")
        var linkResolver = LinkResolver(
            tree: sources.tree,
            pageNames: pages.map(\.source),
            pagesBySource: Dictionary(
                pages.indices.filter { !pages[$0].isGenerated }.map { (pages[$0].source, $0) }, uniquingKeysWith: { a, _ in a }),
            pagesByFolder: Dictionary(
                pages.indices.filter { pages[$0].isLanding }.map { (RepoPath.join(contentFolder, pages[$0].folder), $0) },
                uniquingKeysWith: { a, _ in a }),
            filesBySource: Dictionary(files.map { ($0.path, $0.sitePath) }, uniquingKeysWith: { a, _ in a }),
            anchors: parallelMap(Array(pages.indices)) { [pages] in Set(pages[$0].document.anchors) })
        if config.links.directoryURLs {
            linkResolver.directoryURLs = true
            linkResolver.pageURLs = pages.map(\.url)
            linkResolver.pagesByURL = Dictionary(pages.indices.map { (pages[$0].url, $0) }, uniquingKeysWith: { a, _ in a })
            linkResolver.filesBySitePath = Set(files.map(\.sitePath))
        }
        timings.mark("  resolver")
        let compiled = pages
        let resolver = linkResolver
        let links = parallelMap(Array(compiled.indices)) { index in
            resolver.resolveAll(compiled[index].document.links, from: compiled[index].source, pageAt: index)
        }
        timings.mark("  links resolved")
        defer { timings.mark("  navigation") }
        return Site(
            config: config, contentFolder: contentFolder, pages: compiled,
            pageIndex: Dictionary(compiled.enumerated().map { ($1.source, $0) }, uniquingKeysWith: { first, _ in first }), files: files, tree: sources.tree,
            navigation: forWriting ? folderNavigation ?? Navigation(pages: pages, config: config) : Navigation(pages: [], config: config),
            resolver: resolver, links: links, deliverables: directives.deliverables,
            shownDeliverables: directives.shownDeliverables)
    }

    /// mkdocs.yml's `nav` against the pages: an entry naming no page is a warning at its line;
    /// a page the nav leaves out is reported as `validation.nav.omitted_files` says (MkDocs'
    /// default: info), unless `not_in_nav` lists it.
    private static func checkNav(_ nav: [NavEntry], pages: [Page], config: Config, contentFolder: String, into diagnostics: inout Diagnostics) {
        let sources = Set(pages.filter { !$0.isGenerated }.map(\.contentPath))
        var listed: Set<String> = []
        var folders: [String] = []
        func walk(_ entries: [NavEntry]) {
            for entry in entries {
                switch entry {
                case .page(_, let path, let mark):
                    let normalized = RepoPath.normalize(path) ?? path
                    listed.insert(normalized)
                    if !sources.contains(normalized) {
                        diagnostics.warning(
                            "nav.missing", "nav names '\(path)', which is not a page of '\(contentFolder)'; the entry is left out",
                            at: SourceLocation(config.navFile ?? config.configFile, mark),
                            suggestion: Suggestions.didYouMean(normalized, in: Array(sources)))
                    }
                case .section(_, let children): walk(children)
                case .folder(_, let path, _): folders.append((RepoPath.normalize(path) ?? path) + "/")
                case .link: break
                }
            }
        }
        walk(nav)
        let severity: Diagnostic.Severity? = ["warn": .warning, "info": .note][config.navOmittedLevel]
        guard let severity else { return }
        let exempt = MkDocsConfig.patterns(config.notInNav)
        for page in pages where !page.isGenerated && !listed.contains(page.contentPath) {
            if folders.contains(where: { page.contentPath.hasPrefix($0) }) || exempt.contains(where: { $0.matches(page.contentPath) }) { continue }
            diagnostics.add(
                Diagnostic(
                    severity, "nav.omitted", "this page is not in the nav of \(config.configFile); it is built but only links lead to it",
                    at: SourceLocation(path: page.source), suggestion: "add it to nav, or list it in not_in_nav"))
        }
    }

    /// The published files, without those whose path in the site a page or the theme writes.
    private static func publishable(
        _ files: [PublishedFile], pages: [Page], reserved: Set<String>, into diagnostics: inout Diagnostics
    ) -> [PublishedFile] {
        let written = Set(pages.map(\.outputPath)).union(reserved)
        let folders = reserved.filter { $0.hasSuffix("/") }
        return files.filter { file in
            guard written.contains(file.sitePath) || folders.contains(where: { file.sitePath.hasPrefix($0) }) else { return true }
            diagnostics.error(
                "route.conflict", "this file would be published at '/\(file.sitePath)', where Folio writes a page or a theme file; it was left out",
                at: SourceLocation(path: file.path), suggestion: "rename or move it")
            return false
        }
    }
}
