import FolioCompile
import FolioMarkdown
import FolioModel
import FolioText
import Foundation

/// The render stage: the site + theme -> HTML, deterministic. Every link of a page body is
/// filled in from the site's resolved links.
///
/// Navigation is rendered once per folder (top-level sections plus the open path to that
/// folder), with a placeholder for the path back to the site root; each page then only marks its
/// own entry and fills in the placeholder. Page size stays independent of the site's size.
package struct Renderer {
    private(set) var site: Site
    let theme: Theme
    let strings: [String: String]
    private let fragments: [String: NavigationFragment]
    /// A hash of each fragment, for the pages' cache keys.
    private let fragmentHashes: [String: ContentHash]
    /// A hash of the context values every page shares (`t`, `site`).
    private var sharedContextHash = ContentHash()
    /// The page at the site's root (`index.md`), if any.
    private let homePage: Int?
    /// mkdocs.yml's `copyright`: HTML, sanitized as a page's raw HTML is.
    private let copyright: String?
    // Stored once: a computed `site.config` copied the whole Config (and retained each of its
    // arrays) on every read, several times per page.
    private(set) var pages: [Page]
    let navigation: Navigation
    let config: Config


    /// This renderer for `site`, a site whose navigation, titles and settings are this one's
    /// (``Site/replacing(pageAt:with:links:)``): the sidebar is not rendered again.
    package func with(_ site: Site) -> Renderer {
        var renderer = self
        renderer.site = site
        renderer.pages = site.pages
        return renderer
    }

    /// Stands for the relative path to the site root inside pre-rendered fragments.
    static let rootToken = "\u{1}"

    package init(site: Site, theme: Theme) {
        self.site = site
        self.theme = theme
        let pages = site.pages
        let navigation = site.navigation
        let config = site.config
        self.pages = pages
        homePage = pages.firstIndex { $0.url.isEmpty || $0.url == "index.html" }
        self.navigation = navigation
        self.config = config
        self.strings = Strings.table(for: config)

        copyright = config.copyright.map { text in
            var parser = MarkdownParser()
            parser.extensions = MarkdownExtensions(enabled: [])
            var html = parser.parse(text.replacingOccurrences(of: "\n", with: " ")).htmlAsWritten
            if html.hasPrefix("<p>") { html.removeFirst(3) }
            while html.hasSuffix("\n") { html.removeLast() }
            if html.hasSuffix("</p>") { html.removeLast(4) }
            return html
        }
        let folders = navigation.sections.keys.sorted()
        let strings = self.strings
        let expandsInPlace = Self.entryCount(navigation.root) <= Self.maximumExpandableEntries
        let rendered = parallelMap(folders) { folder in
            let items = Self.navigationItems(
                open: folder, expandsInPlace: expandsInPlace, navigation: navigation, pages: pages, strings: strings)
            return NavigationFragment(Self.navigationHTML(items, theme: theme, strings: strings))
        }
        self.fragments = Dictionary(uniqueKeysWithValues: zip(folders, rendered))
        self.fragmentHashes = self.fragments.mapValues(\.hash)
        var shared = ContentHash()
        Self.combine(["t": strings, "site": siteContext] as [String: Any], into: &shared)
        sharedContextHash = shared
    }

    /// The entries of the sidebar of a page in `folder`: the home page, then the root's entries
    /// with the sections on the way to `folder` open.
    static func navigationItems(
        open folder: String, expandsInPlace: Bool, navigation: Navigation, pages: [Page], strings: [String: String]
    ) -> [NavigationEntry] {
        let open = Set(Navigation.chain(to: folder))
        var items: [NavigationEntry] = []
        if let home = navigation.root.landing { items.append(NavigationEntry(title: navigation.title(of: home, pages), url: pages[home].url)) }
        return items + Self.entries(for: navigation.root, open: open, expandsInPlace: expandsInPlace, navigation: navigation, pages: pages, strings: strings)
    }

    /// The sidebar's HTML for `items`: in Swift (``BuiltInNavigation``) unless the site overrides
    /// its templates (or `usingMustache`, for the test that compares the two).
    static func navigationHTML(_ items: [NavigationEntry], theme: Theme, strings: [String: String], usingMustache: Bool = false) -> String {
        if theme.rendersNavigationInSwift && !usingMustache { return BuiltInNavigation.render(items) }
        return theme.render(["items": items.map(\.context), "t": strings], with: "navigation") ?? ""
    }

    /// Up to this many entries in the whole navigation, every section's entries are in every
    /// page, so a closed section opens in place (its disclosure arrow); past it, as Material's
    /// `navigation.prune` does, only the open path is, and a closed section links to its landing
    /// page (which lists its entries), so pages stay small on a site of 10,000 pages.
    static let maximumExpandableEntries = 400

    /// The entries the sidebar would show with every section open (each cut at `maximumSectionEntries`).
    static func entryCount(_ section: Navigation.Section) -> Int {
        section.items.prefix(maximumSectionEntries).reduce(min(section.items.count, maximumSectionEntries)) { total, item in
            if case .section(let child) = item { return total + entryCount(child) }
            return total
        }
    }

    /// The most entries a section shows in the sidebar. Every page embeds its folder's open
    /// sections, so a folder of N pages cost N x N entries: 1,000 pages in one folder made a
    /// 72 MB site, 4,000 made 1.1 GB. Past this, the sidebar lists the first entries and a link
    /// to the section's landing page (the generated one lists every entry), and the site grows
    /// linearly with its pages.
    static let maximumSectionEntries = 100

    /// The entries of an open `section`, cut at `maximumSectionEntries`.
    private static func entries(
        for section: Navigation.Section, open: Set<String>, expandsInPlace: Bool, navigation: Navigation, pages: [Page],
        strings: [String: String]
    ) -> [NavigationEntry] {
        var entries = section.items.prefix(maximumSectionEntries).map {
            entry(for: $0, open: open, expandsInPlace: expandsInPlace, navigation: navigation, pages: pages, strings: strings)
        }
        let rest = section.items.count - maximumSectionEntries
        if rest > 0 {
            let words = (strings["morePages"] ?? "%d more").replacingOccurrences(of: "%d", with: String(rest))
            entries.append(NavigationEntry(title: words, url: section.landing.map { pages[$0].url } ?? section.folder.asFolderURL))
        }
        return entries
    }

    private static func entry(
        for item: Navigation.Item, open: Set<String>, expandsInPlace: Bool, navigation: Navigation, pages: [Page], strings: [String: String]
    ) -> NavigationEntry {
        switch item {
        case .page(let index):
            return NavigationEntry(title: navigation.title(of: index, pages), url: pages[index].url)
        case .link(let title, let url):
            // A URL of mkdocs.yml's nav: written as it is (escaped by the template), never under the root.
            var result = NavigationEntry(title: title, url: nil)
            result.href = url
            return result
        case .section(let section):
            var result = NavigationEntry(title: section.title, url: section.landing.map { pages[$0].url })
            result.isSection = true
            let isOpen = open.contains(section.folder)
            if isOpen || expandsInPlace {
                result.isOpen = isOpen
                result.toggleLabel = (strings["expand"] ?? "Show pages in") + " " + section.title
                result.children = entries(for: section, open: open, expandsInPlace: expandsInPlace, navigation: navigation, pages: pages, strings: strings)
            }
            return result
        }
    }

    /// The full HTML of page `index`, whose neighbours in reading order are given.
    package func render(page index: Int, previous: Int?, next: Int?) -> String {
        String(decoding: render(prepare(page: index, previous: previous, next: next)), as: UTF8.self)
    }

    /// A page ready to render: the layout's context, and the sidebar by name (its folder's
    /// fragment, the path to the root, the current page), filled in only when rendered.
    package struct PreparedPage {
        /// The layout's context, its `content` empty until the page is rendered.
        var context: PageContext
        let folder: String
        let root: String
        let current: String
        /// The body with its link placeholders, and where each link goes (`nil`: as written).
        /// The key hashes them; `content` is made of them only for a page that is rendered (an
        /// incremental build renders few, and made every page's content for its key).
        let document: MarkdownDocument
        let hrefs: [String?]

        /// The body's HTML, its links filled in.
        var content: String { document.html { hrefs.indices.contains($0) ? hrefs[$0] : nil } }
    }

    /// Renders a prepared page: with ``BuiltInLayout`` unless the site's templates override it
    /// (or `usingMustache`, for the test that compares the two).
    /// The page is bytes, ready to write: the built-in layout appends to one array (appending to
    /// a `String` checked its capacity, uniqueness and ASCII-ness at every piece: 9% of a build).
    package func render(_ page: PreparedPage, usingMustache: Bool = false) -> [UInt8] {
        var context = page.context
        context.content = page.content
        return layout(context, navigation: fragments[page.folder]?.html(root: page.root, current: page.current) ?? [], usingMustache: usingMustache)
    }

    /// The layout around `context`, its sidebar `navigation`.
    private func layout(_ context: PageContext, navigation: [UInt8], usingMustache: Bool = false) -> [UInt8] {
        if theme.rendersLayoutInSwift && !usingMustache {
            return BuiltInLayout.render(context, navigation: navigation, site: siteFields, words: strings)
        }
        var context = context
        context.navigation = String(decoding: navigation, as: UTF8.self)
        return Array((theme.render(context.dictionary(site: siteContext, words: strings), with: "layout") ?? "").utf8)
    }

    /// What a prepared page's HTML depends on, as a hash: the theme, its sidebar fragment and
    /// place, and every field of its context. Two pages with the same key render the same
    /// bytes, so an incremental build reuses a page whose key did not change.
    package func key(of page: PreparedPage, seed: ContentHash) -> ContentHash {
        var hash = seed
        hash.combine(theme.fingerprint.hex)
        hash.combine(fragmentHashes[page.folder]?.hex ?? "")
        hash.combine(page.folder)
        hash.combine(page.root)
        hash.combine(page.current)
        // The site's words and settings are the same in every context: hashed once, in init.
        hash.combine(sharedContextHash.hex)
        page.context.combine(into: &hash)
        // The content, as what it is made of: the body and each link's place in the site, or
        // for a link left as written, what `html(hrefs:)` writes for it.
        hash.combine(page.document.html)
        hash.combine(page.document.isSanitized ? 1 : 0)
        hash.combine(page.hrefs.count)
        for (href, link) in zip(page.hrefs, page.document.links) {
            if let href {
                hash.combine(1)
                hash.combine(href)
            } else {
                hash.combine(link.kind == .html ? 2 : 3)
                hash.combine(link.written)
                hash.combine(link.destination)
            }
        }
        return hash
    }

    /// Every value of a template context, keys sorted, each with its type.
    static func combine(_ value: Any, into hash: inout ContentHash) {
        switch value {
        case let text as String:
            hash.combine(1)
            hash.combine(text)
        case let flag as Bool:
            hash.combine(flag ? 3 : 2)
        case let number as Int:
            hash.combine(4)
            hash.combine(number)
        case let dictionary as [String: Any]:
            hash.combine(5)
            hash.combine(dictionary.count)
            for key in dictionary.keys.sorted() {
                hash.combine(key)
                combine(dictionary[key]!, into: &hash)
            }
        case let array as [Any]:
            hash.combine(6)
            hash.combine(array.count)
            for item in array { combine(item, into: &hash) }
        default:
            hash.combine(7)
            hash.combine(String(describing: value))
        }
    }

    /// A page's context, ready to render or to hash.
    package func prepare(page index: Int, previous: Int?, next: Int?) -> PreparedPage {
        let page = pages[index]
        let root = Routes.rootPrefix(from: page.url)
        let links = site.links[index]
        let hrefs = links.map { site.href(for: $0, fromPageAt: page.url) }
        var context = PageContext(
            title: page.title, content: "", url: page.url, source: page.source,
            showTitle: !page.hasTitleHeading, description: page.description ?? config.description, editURL: site.editURL(for: page),
            root: root, home: root + (config.fileURLs ? "index.html" : ""))
        if let runbook = page.runbook {
            context.runbook = PageContext.RunbookFields(
                reviewDays: String(runbook.reviewDays), owner: runbook.owner, service: runbook.service, severity: runbook.severity,
                lastReviewed: runbook.lastReviewed, due: runbook.due, isOverdue: runbook.isOverdue)
        }
        let depth = min(3, config.tocDepth)
        for heading in page.document.headings where heading.level >= 2 && heading.level <= depth {
            context.toc.append(PageContext.TocEntry(level: heading.level, id: heading.id, text: heading.text))
        }
        context.breadcrumbs = breadcrumbs(for: index)
        if let previous { context.previous = link(to: previous, from: page) }
        if let next { context.next = link(to: next, from: page) }
        if let base = config.baseURL { context.canonical = Self.absolute(base, page.url) }
        addExtras(to: &context, root: root)
        return PreparedPage(
            context: context, folder: navigation.key(of: index, pages), root: root, current: Routes.encode(page.url), document: page.document,
            hrefs: hrefs)
    }

    /// `extra_css` and `extra_javascript` (site paths from the page's folder, URLs as written),
    /// and the footer's copyright line.
    private func addExtras(to context: inout PageContext, root: String) {
        func href(_ path: String) -> String {
            Routes.hasScheme(path) || path.hasPrefix("//") ? path : root + (path.hasPrefix("/") ? String(path.dropFirst()) : path)
        }
        context.extraCSS = config.extraCSS.map(href)
        context.extraJavaScript = config.extraJavaScript.map {
            PageContext.Script(src: href($0.path), type: $0.type, isAsync: $0.isAsync, isDeferred: $0.isDeferred)
        }
        context.copyright = copyright
    }

    /// What every page knows of the site, for ``BuiltInLayout``.
    private var siteFields: BuiltInLayout.SiteFields {
        BuiltInLayout.SiteFields(
            title: config.title, language: config.language, repository: config.repository?.url,
            repositoryName: config.repository?.name ?? strings["repository"] ?? "Repository", search: config.search)
    }

    /// What every page knows of the site, for the templates.
    private var siteContext: [String: Any] {
        [
            "title": config.title, "language": config.language, "repository": config.repository.map { $0.url as Any } ?? false,
            "repositoryName": config.repository?.name ?? strings["repository"] ?? "Repository", "search": config.search,
        ]
    }

    /// `404.html`, which static hosts send for any address that has no file. It is served at
    /// every depth, so its links are written from the site root and `<base>` makes them work
    /// wherever it is shown: the path of `base_url`, else `/` (a site at the root of its host).
    package func renderNotFound(usingMustache: Bool = false) -> [UInt8] {
        let root = "./"
        let title = strings["notFound"] ?? "Page not found"
        let content =
            "<p>\(escapeHTML(strings["notFoundText"] ?? ""))</p>\n<p><a href=\"\(config.fileURLs ? "index.html" : "./")\">\(escapeHTML(pages.first { $0.url.isEmpty }?.title ?? strings["home"] ?? "Home"))</a></p>\n"
        var context = PageContext(
            title: title, content: content, url: "404.html", source: "", showTitle: true, root: root, home: root + (config.fileURLs ? "index.html" : ""))
        context.base = Self.basePath(config.baseURL)
        return layout(context, navigation: fragments[""]?.html(root: root, current: nil) ?? [], usingMustache: usingMustache)
    }

    /// The path of `base_url` (`https://x.org/docs` -> `/docs/`), or `/`.
    static func basePath(_ baseURL: String?) -> String {
        guard let base = baseURL, let path = URLComponents(string: base)?.percentEncodedPath, !path.isEmpty else { return "/" }
        return path.hasSuffix("/") ? path : path + "/"
    }

    /// `https://x.org/docs` + `guide/` -> `https://x.org/docs/guide/`.
    package static func absolute(_ base: String, _ url: String) -> String {
        (base.hasSuffix("/") ? base : base + "/") + Routes.encode(url)
    }

    private func link(to index: Int, from page: Page) -> PageContext.Link {
        PageContext.Link(title: navigation.title(of: index, pages), href: Routes.relativeURL(from: page.url, to: pages[index].url))
    }

    /// Home, each enclosing section, then the page itself (not linked).
    private func breadcrumbs(for index: Int) -> [PageContext.Crumb] {
        let page = pages[index]
        var crumbs: [PageContext.Crumb] = []
        for folder in Navigation.chain(to: navigation.key(of: index, pages)) {
            guard let section = navigation.sections[folder] else { continue }
            // The root of mkdocs.yml's nav has no landing page: the home page is its first entry.
            let landing = section.landing ?? (folder.isEmpty ? homePage : nil)
            if let landing, pages[landing].url == page.url { break }
            let title = folder.isEmpty ? (landing.map { navigation.title(of: $0, pages) } ?? strings["home"] ?? "Home") : section.title
            crumbs.append(PageContext.Crumb(title: title, href: landing.map { Routes.relativeURL(from: page.url, to: pages[$0].url) }, isCurrent: false))
        }
        crumbs.append(PageContext.Crumb(title: navigation.title(of: index, pages), href: nil, isCurrent: true))
        return crumbs
    }
}

/// A navigation fragment split at each root placeholder, so a page fills it in with one pass:
/// `…href="` ROOT `guide/setup/` `">Setup…`.
struct NavigationFragment: Sendable {
    /// The sidebar's HTML with its placeholders (U+0001) taken out, in one array (a `String` and
    /// a `Substring` per link held 4.7 MB at 10,000 pages).
    private let bytes: [UInt8]
    /// Where the text before the first placeholder ends.
    private let head: Int
    /// After each placeholder: where its URL ends (at the closing quote) and where the text
    /// after it ends.
    private let links: [(url: Int32, rest: Int32)]

    init(_ html: String) {
        // Sized once (the placeholders' bytes to spare): grown by appending, the arrays held up
        // to twice their bytes until the last page was written (6 MB of sidebars at 10,000 pages).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(html.utf8.count)
        var links: [(url: Int32, rest: Int32)] = []
        var head = 0
        for (number, piece) in html.utf8.split(separator: 0x01, omittingEmptySubsequences: false).enumerated() {
            if number == 0 {
                bytes += piece
                head = bytes.count
                continue
            }
            let quote = piece.firstIndex(of: UInt8(ascii: "\"")) ?? piece.endIndex
            bytes += piece[..<quote]
            let url = bytes.count
            bytes += piece[quote...]
            links.append((Int32(url), Int32(bytes.count)))
        }
        self.bytes = bytes
        self.head = head
        self.links = links.fitted()
    }

    /// What the fragment is made of, for page keys: each piece and its length, as its strings
    /// were hashed when it was made of them.
    var hash: ContentHash {
        var hash = ContentHash()
        bytes.withUnsafeBytes { bytes in
            func piece(_ range: Range<Int>) {
                hash.combine(UnsafeRawBufferPointer(rebasing: bytes[range]))
                hash.combine(range.count)
            }
            piece(0..<head)
            var start = head
            for (url, rest) in links {
                piece(start..<Int(url))
                piece(Int(url)..<Int(rest))
                start = Int(rest)
            }
        }
        return hash
    }

    /// The fragment for one page: placeholders become `root`, and the link to `current` (if any)
    /// gets `aria-current="page"`.
    func html(root: String, current: String?) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + links.count * (root.utf8.count + 2) + 24)
        // The current page's URL as bytes once: comparing each link with the string's UTF-8
        // view was 675 instructions a link.
        let currentBytes = current.map { Array($0.utf8) } ?? []
        bytes.withUnsafeBufferPointer { bytes in
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<head]))
            var start = head
            for (urlEnd, restEnd) in links {
                let (url, rest) = (Int(urlEnd), Int(restEnd))
                result += root.utf8
                result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<url]))
                if current != nil, url - start == currentBytes.count, url < rest, bytes[url] == UInt8(ascii: "\""),
                    url == start || currentBytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress! + start, url - start) == 0 })
                {
                    result += "\" aria-current=\"page\"".utf8
                    result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(url + 1)..<rest]))
                } else {
                    result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[url..<rest]))
                }
                start = rest
            }
        }
        return result
    }
}
