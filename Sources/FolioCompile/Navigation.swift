import FolioModel
import FolioText
import FolioYAML

/// The navigation tree: folders are sections, ordered by `weight`, then title, then path.
public struct Navigation: Sendable {
    /// A section (folder) or a page in the tree.
    public indirect enum Item: Sendable {
        case page(Int)
        case section(Section)
        /// An entry of mkdocs.yml's `nav` that leaves the site (`Title: https://…`).
        case link(title: String, url: String)
    }

    /// A folder (or a section of mkdocs.yml's `nav`): its landing page, if any, and its items in order.
    public struct Section: Sendable {
        /// The folder, or for a `nav` section its key: the positions from the root, `2/0`.
        public var folder: String
        public var title: String
        public var weight: Int?
        /// The page at the folder's URL: `index.md`, `README.md`, or `ops.md` beside `ops/`.
        public var landing: Int?
        public var items: [Item]
    }

    /// The root section (the content folder).
    public let root: Section
    /// Page indexes in reading order: depth-first, a section's landing page before its items.
    public let order: [Int]
    /// Every section by folder (or `nav` key).
    public let sections: [String: Section]
    /// The section each page is shown in, when it is not the page's folder (a `nav` section);
    /// a page left out of `nav` is in the root.
    let sectionKeys: [Int: String]
    /// Titles `nav` gives pages, over their own.
    let titles: [Int: String]
    /// Whether the tree comes from `nav` (or MkDocs' default order) rather than folders.
    let isExplicit: Bool

    /// Every page of `count`: the reading order, then the pages it leaves out (not in `nav`).
    package func everyPage(count: Int) -> [Int] {
        let listed = Set(order)
        return order + (0..<count).filter { !listed.contains($0) }
    }

    /// The pages before and after the one at `position` of `order` (none for a page the
    /// reading order leaves out): a page's previous and next links.
    package func neighbours(atPosition position: Int?) -> (previous: Int?, next: Int?) {
        guard let position else { return (nil, nil) }
        return (position > 0 ? order[position - 1] : nil, position + 1 < order.count ? order[position + 1] : nil)
    }

    /// The section key a page's sidebar opens.
    package func key(of page: Int, _ pages: [Page]) -> String {
        isExplicit ? sectionKeys[page] ?? "" : pages[page].folder
    }

    /// The title a page has in the navigation.
    package func title(of page: Int, _ pages: [Page]) -> String { titles[page] ?? pages[page].title }

    /// The tree mkdocs.yml describes: its `nav`, or without one MkDocs' default order (in each
    /// folder `index.md` first, then the other pages by file name, then the sub-folders).
    init(pages: [Page], nav: [NavEntry]?, literateNav: String? = nil) {
        var byPath: [String: Int] = [:]
        for (index, page) in pages.enumerated() where !page.isGenerated { byPath[page.contentPath] = byPath[page.contentPath] ?? index }
        let entries = nav ?? Self.defaultEntries(pages.filter { !$0.isGenerated }.map(\.contentPath), under: "")
        var sectionKeys: [Int: String] = [:]
        var titles: [Int: String] = [:]
        var sections: [String: Section] = [:]
        var order: [Int] = []
        var seen: Set<Int> = []
        func build(_ entries: [NavEntry], key: String, title: String) -> Section {
            var items: [Item] = []
            var landing: Int?
            for (position, entry) in entries.enumerated() {
                switch entry {
                case .page(let entryTitle, let path, _):
                    guard let index = byPath[RepoPath.normalize(path) ?? path] else { continue }
                    if let entryTitle, titles[index] == nil { titles[index] = entryTitle }
                    if seen.insert(index).inserted { sectionKeys[index] = key }
                    let name = RepoPath.fileName(path).lowercased()
                    if position == 0, entryTitle == nil, !key.isEmpty, name == "index.md" || name == "readme.md" {
                        landing = index
                    } else {
                        items.append(.page(index))
                    }
                case .link(let linkTitle, let url):
                    items.append(.link(title: linkTitle, url: url))
                case .section(let sectionTitle, let children):
                    items.append(.section(build(children, key: RepoPath.join(key, String(position)), title: sectionTitle)))
                case .folder(let folderTitle, let path, _):
                    let folder = RepoPath.normalize(path) ?? path
                    let children =
                        literateNav.flatMap { Self.literateEntries(folder: folder, navFile: $0, pages: pages, byPath: byPath) }
                        ?? Self.defaultEntries(byPath.keys.filter { $0.hasPrefix(folder + "/") }, under: folder)
                    let name = folderTitle ?? Self.mkdocsTitle(RepoPath.fileName(folder))
                    items.append(.section(build(children, key: RepoPath.join(key, String(position)), title: name)))
                }
            }
            let section = Section(folder: key, title: title, weight: nil, landing: landing, items: items)
            sections[key] = section
            return section
        }
        root = build(entries, key: "", title: "")
        (order, _) = Self.flatten(root)
        self.order = order
        self.sections = sections
        self.sectionKeys = sectionKeys
        self.titles = titles
        isExplicit = true
    }

    /// A folder's entries from its literate-nav file: the file itself first (the section's
    /// index), then each page of the folder it links to, in order, titled by the link's text.
    static func literateEntries(folder: String, navFile: String, pages: [Page], byPath: [String: Int]) -> [NavEntry]? {
        let filePath = RepoPath.join(folder, navFile)
        guard let index = byPath[filePath] else { return nil }
        let mark = TextPosition(line: 1, column: 1)
        var entries: [NavEntry] = [.page(title: nil, path: filePath, mark: mark)]
        var seen: Set<String> = [filePath]
        for link in pages[index].document.links where link.kind == .link && !Routes.hasScheme(link.destination) {
            let target = String(link.destination.prefix { $0 != "#" && $0 != "?" })
            guard RepoPath.isMarkdown(target), let path = RepoPath.normalize(RepoPath.join(folder, target)),
                path.hasPrefix(folder + "/"), byPath[path] != nil, seen.insert(path).inserted
            else { continue }
            entries.append(.page(title: link.text.isEmpty ? nil : link.text, path: path, mark: mark))
        }
        return entries
    }

    /// MkDocs' default `nav` for the pages under `folder`: its own pages first (`index.md` or
    /// `README.md` leading, then by file name), then each sub-folder as a section, by name.
    static func defaultEntries(_ paths: [String], under folder: String) -> [NavEntry] {
        let prefix = folder.isEmpty ? "" : folder + "/"
        var own: [String] = []
        var folders: Set<String> = []
        for path in paths where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") { folders.insert(String(rest[..<slash])) } else { own.append(path) }
        }
        func isIndex(_ path: String) -> Bool { ["index.md", "readme.md"].contains(RepoPath.fileName(path).lowercased()) }
        own.sort { (isIndex($0) ? 0 : 1, RepoPath.fileName($0)) < (isIndex($1) ? 0 : 1, RepoPath.fileName($1)) }
        var entries: [NavEntry] = own.map { .page(title: nil, path: $0, mark: TextPosition(line: 1, column: 1)) }
        for name in folders.sorted() {
            let child = prefix + name
            entries.append(.section(title: mkdocsTitle(name), entries: defaultEntries(paths, under: child)))
        }
        return entries
    }

    /// MkDocs' title for a folder: `-` and `_` become spaces, and an all-lowercase name is capitalized.
    static func mkdocsTitle(_ name: String) -> String {
        let title = name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        return title.lowercased() == title ? RepoPath.humanTitle(name) : title
    }

    /// Builds the tree from pages (indexes into `pages`), each in its `folder`.
    init(pages: [Page]) {
        sectionKeys = [:]
        titles = [:]
        isExplicit = false
        var byFolder: [String: [Int]] = [:]
        var folders: Set<String> = [""]
        for (index, page) in pages.enumerated() {
            byFolder[page.folder, default: []].append(index)
            var folder = page.folder
            while !folder.isEmpty {
                folders.insert(folder)
                folder = RepoPath.directory(of: folder)
            }
        }
        var children: [String: [String]] = [:]
        for folder in folders where !folder.isEmpty { children[RepoPath.directory(of: folder), default: []].append(folder) }

        func build(_ folder: String) -> Section {
            let indexes = byFolder[folder] ?? []
            let landing = indexes.first { pages[$0].isLanding }
            var items: [(key: SortKey, item: Item)] = indexes.filter { $0 != landing }.map {
                (SortKey(weight: pages[$0].weight, title: pages[$0].title, path: pages[$0].contentPath), .page($0))
            }
            for child in children[folder] ?? [] {
                let section = build(child)
                items.append((SortKey(weight: section.weight, title: section.title, path: child), .section(section)))
            }
            let title = landing.map { pages[$0].title } ?? RepoPath.humanTitle(RepoPath.fileName(folder))
            return Section(
                folder: folder, title: title, weight: landing.flatMap { pages[$0].weight }, landing: landing,
                items: items.sorted { $0.key < $1.key }.map(\.item))
        }
        root = build("")
        (order, sections) = Self.flatten(root)
    }

    /// The same tree with landing pages added after it was built: `folders[n]` gets the page
    /// `first + n` (the landing pages Folio generates for folders without one).
    func addingLandings(_ folders: [String], from first: Int) -> Navigation {
        let landings = Dictionary(folders.enumerated().map { ($1, first + $0) }, uniquingKeysWith: { first, _ in first })
        func adding(_ section: Section) -> Section {
            var section = section
            if section.landing == nil { section.landing = landings[section.folder] }
            section.items = section.items.map { item in
                if case .section(let child) = item { return .section(adding(child)) }
                return item
            }
            return section
        }
        return Navigation(root: adding(root))
    }

    /// A folder tree from its root section.
    private init(root: Section) {
        sectionKeys = [:]
        titles = [:]
        isExplicit = false
        self.root = root
        (order, sections) = Self.flatten(root)
    }

    /// The reading order (depth-first, a section's landing page before its items) and every
    /// section by key.
    private static func flatten(_ root: Section) -> (order: [Int], sections: [String: Section]) {
        var order: [Int] = []
        var sections: [String: Section] = [:]
        func visit(_ section: Section) {
            sections[section.folder] = section
            if let landing = section.landing { order.append(landing) }
            for item in section.items {
                switch item {
                case .page(let index): order.append(index)
                case .section(let child): visit(child)
                case .link: break
                }
            }
        }
        visit(root)
        return (order, sections)
    }

    /// The navigation a site's settings ask for: mkdocs.yml's, or Folio's by folder.
    init(pages: [Page], config: Config) {
        if config.isMkDocs || config.nav != nil {
            self.init(pages: pages, nav: config.nav, literateNav: config.literateNavFile)
        } else {
            self.init(pages: pages)
        }
    }

    /// The folder each page belongs to in navigation: its own folder, or, for a page published
    /// at a folder's URL (`ops.md` beside `ops/`), that folder, which it opens.
    static func folders(of pages: [(contentPath: String, url: String)]) -> [String] {
        var folders: Set<String> = [""]
        for page in pages {
            var folder = RepoPath.directory(of: page.contentPath)
            while !folder.isEmpty, folders.insert(folder).inserted { folder = RepoPath.directory(of: folder) }
        }
        return pages.map { page in
            let own = RepoPath.directory(of: page.contentPath)
            let opened = String(page.url.dropLast())
            let folder = page.url.hasSuffix("/") && opened != own && folders.contains(opened) ? opened : own
            // The set's own string, one per folder: a copy per page was 1.5 MB at 10,000 pages,
            // held by the pages to the end.
            return folders.firstIndex(of: folder).map { folders[$0] } ?? folder
        }
    }

    /// The folders from the root down to `folder`: `a/b` -> ["", "a", "a/b"].
    package static func chain(to folder: String) -> [String] {
        var chain = [""]
        var current = ""
        for part in folder.split(separator: "/") {
            current = RepoPath.join(current, String(part))
            chain.append(current)
        }
        return chain
    }
}

/// Sort order of navigation entries: weighted ones first by weight, then by title and path.
struct SortKey: Comparable {
    var weight: Int?
    var title: String
    var path: String
    /// `title` lowercased once (lowercasing in every comparison cost a third of compiling 10,000 pages).
    private let lowercased: String

    init(weight: Int?, title: String, path: String) {
        self.weight = weight
        self.title = title
        self.path = path
        lowercased = title.lowercased()
    }

    static func < (lhs: SortKey, rhs: SortKey) -> Bool {
        (lhs.weight ?? Int.max, lhs.lowercased, lhs.title, lhs.path) < (rhs.weight ?? Int.max, rhs.lowercased, rhs.title, rhs.path)
    }

    static func == (lhs: SortKey, rhs: SortKey) -> Bool {
        (lhs.weight, lhs.title, lhs.path) == (rhs.weight, rhs.title, rhs.path)
    }
}
