/// The navigation tree: folders are sections, ordered by `weight`, then title, then path.
public struct Navigation: Sendable {
    /// A section (folder) or a page in the tree.
    public indirect enum Item: Sendable {
        case page(Int)
        case section(Section)
    }

    /// A folder: its landing page, if any, and its items in order.
    public struct Section: Sendable {
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
    /// Every section by folder.
    public let sections: [String: Section]

    /// Builds the tree from pages (indexes into `pages`), each in its `folder`.
    init(pages: [Page]) {
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

        var order: [Int] = []
        var sections: [String: Section] = [:]
        func flatten(_ section: Section) {
            sections[section.folder] = section
            if let landing = section.landing { order.append(landing) }
            for item in section.items {
                switch item {
                case .page(let index): order.append(index)
                case .section(let child): flatten(child)
                }
            }
        }
        flatten(root)
        self.order = order
        self.sections = sections
    }

    /// The folder each page belongs to in navigation: its own folder, or, for a page published
    /// at a folder's URL (`ops.md` beside `ops/`), that folder, which it opens.
    static func folders(of pages: [Page]) -> [String] {
        var folders: Set<String> = [""]
        for page in pages {
            var folder = RepoPath.directory(of: page.contentPath)
            while !folder.isEmpty, folders.insert(folder).inserted { folder = RepoPath.directory(of: folder) }
        }
        return pages.map { page in
            let own = RepoPath.directory(of: page.contentPath)
            let opened = String(page.url.dropLast())
            return !page.url.isEmpty && opened != own && folders.contains(opened) ? opened : own
        }
    }

    /// The folders from the root down to `folder`: `a/b` -> ["", "a", "a/b"].
    static func chain(to folder: String) -> [String] {
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
