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
        let isFolder = target.isEmpty || target.utf8.last == UInt8(ascii: "/")
        // On the bytes, with no array of parts: every link of every page comes here (splitting
        // and joining strings was 4% of a build).
        var from = base(of: source), to = target
        let bytes = from.withUTF8 { from in
            to.withUTF8 { to -> [UInt8] in
                var count = 0, position = 0
                while segment(of: to, at: &position) != nil { count += 1 }
                let folders = isFolder ? count : count - 1
                var (fromAt, toAt, common) = (0, 0, 0)
                while common < folders {
                    var (nextFrom, nextTo) = (fromAt, toAt)
                    guard let mine = segment(of: from, at: &nextFrom), let theirs = segment(of: to, at: &nextTo),
                        UnsafeBufferPointer(rebasing: from[mine]).elementsEqual(UnsafeBufferPointer(rebasing: to[theirs]))
                    else { break }
                    (fromAt, toAt, common) = (nextFrom, nextTo, common + 1)
                }
                var result: [UInt8] = []
                result.reserveCapacity(to.count + 16)
                while segment(of: from, at: &fromAt) != nil { result += "../".utf8 }
                var wroteSegment = false
                while let part = segment(of: to, at: &toAt) {
                    if wroteSegment { result.append(UInt8(ascii: "/")) }
                    let name = UnsafeBufferPointer(rebasing: to[part])
                    if name.allSatisfy(isUnreserved) {
                        result.append(contentsOf: name)
                    } else {
                        result += encodeSegment(String(decoding: name, as: UTF8.self)).utf8
                    }
                    wroteSegment = true
                }
                if isFolder && wroteSegment { result.append(UInt8(ascii: "/")) }
                return result
            }
        }
        return bytes.isEmpty ? "./" : String(decoding: bytes, as: UTF8.self)
    }

    /// The next part of a `/`-separated path from `position` (empty parts skipped), and
    /// `position` moved past it; `nil` at the end.
    private static func segment(of bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) -> Range<Int>? {
        while position < bytes.count && bytes[position] == UInt8(ascii: "/") { position += 1 }
        guard position < bytes.count else { return nil }
        let start = position
        while position < bytes.count && bytes[position] != UInt8(ascii: "/") { position += 1 }
        return start..<position
    }

    /// `../../` from a page URL back to the site root (`./` at the root).
    public static func rootPrefix(from url: String) -> String {
        let depth = RepoPath.components(base(of: url)).count
        return depth == 0 ? "./" : String(repeating: "../", count: depth)
    }

    /// A site URL with each segment percent-encoded for an href.
    public static func encode(_ url: String) -> String {
        // Most URLs need nothing (splitting and joining each was 5% of rendering the sidebars).
        if url.utf8.allSatisfy({ isUnreserved($0) || $0 == UInt8(ascii: "/") }) { return url }
        return url.split(separator: "/", omittingEmptySubsequences: false).map { encodeSegment(String($0)) }.joined(separator: "/")
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
        // From the start: a letter, scheme characters, then the colon. (Finding the first colon
        // first read the whole of every relative link: 1,300 instructions a link.)
        var bytes = destination.utf8.makeIterator()
        guard let first = bytes.next(), isLetter(first) else { return false }
        while let byte = bytes.next() {
            if byte == UInt8(ascii: ":") { return true }
            guard isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".")
            else { return false }
        }
        return false
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}

extension String {
    /// `guide` -> `guide/`; `` -> ``.
    package var asFolderURL: String { isEmpty ? "" : self + "/" }
}
