import FolioMarkdown
import FolioModel
import Foundation

/// Where a link written in a Markdown file leads.
public struct ResolvedLink: Sendable, Equatable {
    /// What the link points at.
    public enum Target: Sendable, Equatable {
        /// A URL with a scheme (`https:`, `mailto:`) or a host (`//cdn.example.org/x`).
        case external
        /// An empty destination.
        case empty
        /// A page of the site, by the repository path of its source (its folder, for a generated
        /// landing page).
        case page(String)
        /// A published file of the content folder, by its path in the site.
        case file(String)
        /// A file or folder of the repository that is not part of the site.
        case repository(String, isFolder: Bool)
        /// A repository path where nothing exists.
        case missing(String)
        /// A path that climbs above the repository root.
        case outsideRepository
    }

    public var target: Target
    /// Set when the target is a page and the fragment is none of its ids. (Beside `target`,
    /// where it fits in its padding.)
    public var isFragmentMissing: Bool
    /// Where the fragment starts in `parts`, or -1 when there is none: 0 when there is no query.
    private var fragmentStart: Int32
    /// The fragment alone, or with a query the query, `#` and the fragment: one string rather
    /// than two, 40 bytes a link rather than 56 (165,000 links at 10,000 pages).
    private var parts: String

    /// `?query` as written, or empty.
    public var query: String {
        get {
            if fragmentStart == 0 { return "" }
            if fragmentStart < 0 { return parts }
            return String(decoding: parts.utf8.prefix(Int(fragmentStart) - 1), as: UTF8.self)
        }
        set { (parts, fragmentStart) = Self.parts(query: newValue, fragment: fragment) }
    }

    /// The fragment as written, without `#`; `nil` when there is none.
    public var fragment: String? {
        get {
            if fragmentStart == 0 { return parts }
            if fragmentStart < 0 { return nil }
            return String(decoding: parts.utf8.dropFirst(Int(fragmentStart)), as: UTF8.self)
        }
        set { (parts, fragmentStart) = Self.parts(query: query, fragment: newValue) }
    }

    public init(target: Target, isFragmentMissing: Bool, query: String, fragment: String?) {
        self.target = target
        self.isFragmentMissing = isFragmentMissing
        (parts, fragmentStart) = Self.parts(query: query, fragment: fragment)
    }

    private static func parts(query: String, fragment: String?) -> (String, Int32) {
        guard let fragment else { return (query, -1) }
        return query.isEmpty ? (fragment, 0) : (query + "#" + fragment, Int32(truncatingIfNeeded: query.utf8.count + 1))
    }
}

/// Resolves links as GitHub does, for the build and for the link check.
///
/// Relative to the file; `/path` from the repository root (the folder of folio.yaml);
/// percent-encoding decoded; `?query` and `#fragment` kept; a folder resolves to its landing
/// page when the site has one; `folder#readme` is the folder's README; case-sensitive.
public struct LinkResolver: Sendable {
    let tree: RepositoryTree
    /// Each page's name (the repository path of its source), by its index in the site: the
    /// tables below name pages by index, which is cheaper to look up, and a resolved link by name.
    let pageNames: [String]
    /// Page index by repository path of its source (generated pages left out).
    let pagesBySource: [String: Int]
    /// Landing page index by repository path of its folder (generated ones included).
    let pagesByFolder: [String: Int]
    /// Site path of each published file, by repository path.
    let filesBySource: [String: String]
    /// The ids a `#fragment` may name, by page index.
    private(set) var anchors: [Set<String>]
    /// MkDocs' `use_directory_urls`: a link that names no file is read as a site URL.
    var directoryURLs = false
    /// Each page's URL, and pages by URL, for `directoryURLs`.
    var pageURLs: [String] = []
    var pagesByURL: [String: Int] = [:]
    /// The site paths of published files, for `directoryURLs`.
    var filesBySitePath: Set<String> = []

    /// This resolver with the page at `index` naming `anchors` (`folio serve`, after an edit of
    /// its headings).
    package func replacingAnchors(ofPageAt index: Int, with anchors: Set<String>) -> LinkResolver {
        var resolver = self
        resolver.anchors[index] = anchors
        return resolver
    }

    /// Resolves `destination` as written in the file at repository path `source`, which is the
    /// page named `page` when it is one.
    public func resolve(_ destination: String, from source: String, page: String?) -> ResolvedLink {
        resolve(destination, from: source, folder: RepoPath.directory(of: source), page: page.flatMap(index(of:)))
    }

    /// Resolves every link of the file at `source` (its folder computed once).
    public func resolveAll(_ links: [Link], from source: String, page: String?) -> [ResolvedLink] {
        resolveAll(links, from: source, pageAt: page.flatMap(index(of:)))
    }

    /// The same for the page at `index` in the site (compile knows it).
    package func resolveAll(_ links: [Link], from source: String, pageAt index: Int?) -> [ResolvedLink] {
        let folder = RepoPath.directory(of: source)
        return links.map { resolve($0.destination, from: source, folder: folder, page: index) }
    }

    /// The index of the page named `name` (a generated page is found by its folder).
    private func index(of name: String) -> Int? {
        pagesBySource[name] ?? pageNames.firstIndex(of: name)
    }

    private func resolve(_ destination: String, from source: String, folder: String, page: Int?) -> ResolvedLink {
        var resolved = ResolvedLink(target: .empty, isFragmentMissing: false, query: "", fragment: nil)
        guard !destination.isEmpty else { return resolved }
        if Routes.hasScheme(destination) || destination.utf8.starts(with: "//".utf8) {
            resolved.target = .external
            return resolved
        }
        // Split on bytes, found in one pass over the UTF-8 buffer (`Character` searches break
        // graphemes, and searching a Substring's UTF-8 view cost 2% of a check).
        var copy = destination
        let (hashOffset, questionOffset, hasPercent) = copy.withUTF8 { bytes -> (Int?, Int?, Bool) in
            var question: Int?
            var percent = false
            for offset in bytes.indices {
                switch bytes[offset] {
                case UInt8(ascii: "#"): return (offset, question, percent)
                case UInt8(ascii: "?") where question == nil: question = offset
                case UInt8(ascii: "%") where question == nil: percent = true
                default: continue
                }
            }
            return (nil, question, percent)
        }
        let utf8 = destination.utf8
        var path = Substring(destination)
        if let hashOffset {
            let hash = utf8.index(utf8.startIndex, offsetBy: hashOffset)
            resolved.fragment = String(destination[utf8.index(after: hash)...])
            path = destination[..<hash]
        }
        if let questionOffset {
            let question = utf8.index(utf8.startIndex, offsetBy: questionOffset)
            resolved.query = String(path[question...])
            path = path[..<question]
        }
        if path.isEmpty {
            resolved.target = page.map { .page(pageNames[$0]) } ?? .repository(source, isFolder: false)
            return checkingFragment(resolved, page: page)
        }
        let decoded = hasPercent ? String(path).removingPercentEncoding ?? String(path) : String(path)
        guard let normalized = decoded.utf8.first == UInt8(ascii: "/") ? RepoPath.normalize(decoded) : RepoPath.normalize(joining: folder, decoded)
        else {
            resolved.target = .outsideRepository
            return resolved
        }
        var target = target(of: tree.unaliased(normalized), fragment: &resolved.fragment)
        if directoryURLs, case .missing = target.kind, let page, let found = siteTarget(decoded, from: pageURLs[page]) {
            target = found
        }
        resolved.target = target.kind
        return checkingFragment(resolved, page: target.page)
    }

    /// The page or published file at a site URL written relative to the page at `url`
    /// (`../page/` or `../../img/a.png` from `guide/setup/`), or from the site root when it
    /// starts with `/`: how a browser reads the link on MkDocs' directory URLs.
    private func siteTarget(_ written: String, from url: String) -> (kind: ResolvedLink.Target, page: Int?)? {
        let joined = written.hasPrefix("/") ? String(written.dropFirst()) : RepoPath.join(String(url.dropLast()), written)
        guard let normalized = RepoPath.normalize(joined) else { return nil }
        if let page = pagesByURL[normalized.isEmpty ? "" : normalized + "/"] ?? pagesByURL[normalized] { return (.page(pageNames[page]), page) }
        if filesBySitePath.contains(normalized) { return (.file(normalized), nil) }
        return nil
    }

    /// What a normalized repository path is, with the page's index when it is a page;
    /// `folder#readme` consumes the fragment. A page is named by the site's own string for its
    /// name (shared, not a copy per link: 159,000 links at 10,000 pages).
    private func target(of path: String, fragment: inout String?) -> (kind: ResolvedLink.Target, page: Int?) {
        if let page = pagesBySource[path] { return (.page(pageNames[page]), page) }
        if let file = filesBySource[path] { return (.file(file), nil) }
        if tree.folders.contains(path) {
            if fragment == "readme", let readme = readme(in: path) {
                fragment = nil
                return pagesBySource[readme].map { (.page(pageNames[$0]), $0) } ?? (.repository(readme, isFolder: false), nil)
            }
            if let landing = pagesByFolder[path] { return (.page(pageNames[landing]), landing) }
            return (.repository(path, isFolder: true), nil)
        }
        if tree.files.contains(path) { return (.repository(path, isFolder: false), nil) }
        return (.missing(path), nil)
    }

    /// The README GitHub shows for a folder: `README.md` first, then the other common spellings.
    package func readme(in folder: String) -> String? {
        let exact = RepoPath.join(folder, "README.md")
        if tree.files.contains(exact) { return exact }
        for name in ["readme.md", "Readme.md", "README", "README.markdown", "README.txt"] {
            let path = RepoPath.join(folder, name)
            if tree.files.contains(path) { return path }
        }
        return nil
    }

    private func checkingFragment(_ link: ResolvedLink, page: Int?) -> ResolvedLink {
        guard let page, let fragment = Fragment.checked(link.fragment) else { return link }
        var checked = link
        checked.isFragmentMissing = !Fragment.isFound(fragment, in: anchors[page], onGitHub: false)
        return checked
    }
}
