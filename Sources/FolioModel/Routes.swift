import Foundation

/// The route table: where each page is published. (Links are resolved by `LinkResolver`.)
///
/// Pretty URLs: `guide/setup.md` is written to `guide/setup/index.html` and linked as
/// `guide/setup/`; `guide/index.md` (or `guide/README.md` when there is no `index.md`) is the
/// landing page `guide/`. URLs here are relative to the site root, without a leading slash.
public struct Routes: Sendable {
    /// Content-relative source path -> site URL.
    public private(set) var urls: [String: String] = [:]

    /// Builds the table from the pages' content-relative paths; two pages claiming one URL is an
    /// error on the later one (in path order), which is left out of the site.
    package static func make(for pages: [ParsedPage], fileURLs: Bool = false, into diagnostics: inout Diagnostics) -> Routes {
        var routes = Routes()
        var owners: [String: String] = [:]
        let paths = Set(pages.map(\.contentPath))
        for page in pages {
            let path = page.contentPath
            let url = url(for: path, hasIndexSibling: paths.contains(RepoPath.join(RepoPath.directory(of: path), "index.md")), fileURLs: fileURLs)
            if let owner = owners[url] {
                diagnostics.error(
                    "route.conflict", "this page and '\(owner)' would both be published at '/\(url)'; this one was left out",
                    at: SourceLocation(path: page.source, line: 1, column: 1),
                    suggestion: "rename one of them")
                continue
            }
            owners[url] = page.source
            routes.urls[path] = url
        }
        return routes
    }

    /// The URL for a content-relative Markdown path.
    /// With `fileURLs` (`urls: files`, MkDocs' `use_directory_urls: false`), `guide/setup.md` is
    /// `guide/setup.html` and `guide/index.md` is `guide/index.html`: links name files, so the
    /// site also works opened from disk (`file://`).
    package static func url(for path: String, hasIndexSibling: Bool, fileURLs: Bool = false) -> String {
        let folder = RepoPath.directory(of: path)
        let name = RepoPath.fileName(path)
        let lower = name.lowercased()
        if lower == "index.md" || (lower == "readme.md" && !hasIndexSibling) {
            return fileURLs ? RepoPath.join(folder, "index.html") : folder.asFolderURL
        }
        let base = RepoPath.join(folder, String(name.dropLast(3)))
        return fileURLs ? base + ".html" : base.asFolderURL
    }

    /// The file a page URL is written to: `guide/setup/` -> `guide/setup/index.html`; a file URL is its own.
    static func outputPath(of url: String) -> String {
        url.isEmpty || url.hasSuffix("/") ? url + "index.html" : url
    }

    /// The folder a page URL's links are relative to: the URL itself, or a file URL's folder.
    static func base(of url: String) -> String {
        url.isEmpty || url.hasSuffix("/") ? url : RepoPath.directory(of: url).asFolderURL
    }

    /// The relative href from a page's URL to a page URL (`ops/b/`) or a file (`img/x.png`):
    /// from `guide/a/`, they are `../../ops/b/` and `../../img/x.png`.
    public static func relativeURL(from source: String, to target: String) -> String {
        let isFolder = target.isEmpty || target.hasSuffix("/")
        let steps = RepoPath.steps(from: base(of: source), to: target, isFolder: isFolder)
        let ups = String(repeating: "../", count: steps.ups)
        let rest = steps.down.map { encodeSegment(String($0)) }.joined(separator: "/")
        let result = ups + rest + (isFolder && !rest.isEmpty ? "/" : "")
        return result.isEmpty ? "./" : result
    }

    /// `../../` from a page URL back to the site root (`./` at the root).
    public static func rootPrefix(from url: String) -> String {
        let depth = RepoPath.components(base(of: url)).count
        return depth == 0 ? "./" : String(repeating: "../", count: depth)
    }

    /// A site URL with each segment percent-encoded for an href.
    public static func encode(_ url: String) -> String {
        url.split(separator: "/", omittingEmptySubsequences: false).map { encodeSegment(String($0)) }.joined(separator: "/")
    }

    static func encodeSegment(_ segment: String) -> String {
        if segment.utf8.allSatisfy({ isUnreserved($0) }) { return segment }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// `http:`, `mailto:`, `data:` and other `scheme:` prefixes.
    package static func hasScheme(_ destination: String) -> Bool {
        let bytes = destination.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = bytes[..<colon]
        guard let first = scheme.first, isLetter(first) else { return false }
        return scheme.allSatisfy {
            isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
                || $0 == UInt8(ascii: ".")
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}

extension String {
    /// `guide` -> `guide/`; `` -> ``.
    package var asFolderURL: String { isEmpty ? "" : self + "/" }
}
