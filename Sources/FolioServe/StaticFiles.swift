import FolioBuild
import FolioLoad
import FolioMarkdown
import FolioModel
import Foundation

/// One HTTP response of the preview server.
struct HTTPResponse: Equatable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []

    static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body && lhs.headers.map { "\($0.0): \($0.1)" } == rhs.headers.map { "\($0.0): \($0.1)" }
    }

    /// A short plain-text answer (an error).
    static func text(_ status: Int, _ message: String, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers + [("Content-Type", "text/plain; charset=utf-8")], body: Array("\(status): \(message)\n".utf8))
    }

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

    /// The bytes sent: status line, headers, a blank line and (unless for `HEAD`) the body.
    func encoded(includingBody: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(HTTPStatus.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + (includingBody ? body : [])
    }
}

/// What `folio serve` answers for a request: files of the built site, a folder's `index.html`, a
/// redirect from `/folder` to `/folder/` as static hosts do, the build number that pages poll to
/// reload themselves, and 404 for anything else, including every path that would leave the site.
struct StaticFiles {
    /// The served folder (absolute).
    let root: String

    /// Pages poll this path with their own (`?page=/guide/setup/`) and reload when the number
    /// changes: the last rebuild that changed that page.
    static let versionPath = "/__folio/version"

    /// Added before `</body>` of every HTML page served (never to the built site on disk).
    static let reloadScript = """
        <script>(function () { var seen = null; function poll() { fetch("\(versionPath)?page=" + encodeURIComponent(location.pathname), \
        { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (v) { if (seen !== null && v !== seen) location.reload(); \
        seen = v; setTimeout(poll, 500); }).catch(function () { setTimeout(poll, 2000); }); } poll(); })();</script>
        """

    /// `version` gives the version of a page by its file's site path (`guide/setup/index.html`).
    func response(method: String, target: String, version: (String) -> Int) -> HTTPResponse {
        guard method == "GET" || method == "HEAD" else {
            return .text(405, "only GET and HEAD", headers: [("Allow", "GET, HEAD")])
        }
        let rawPath = String(target.prefix { $0 != "?" && $0 != "#" })
        if rawPath == Self.versionPath {
            let page = Self.pageFile(ofQuery: target)
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(String(version(page)).utf8))
        }
        guard rawPath.hasPrefix("/"), let path = rawPath.removingPercentEncoding else {
            return .text(400, "bad request target")
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.contains(where: { $0 == ".." || $0 == "." || $0.contains("\0") || $0.contains("\\") }) else { return notFound(path) }
        let file = root + (parts.isEmpty ? "" : "/" + parts.joined(separator: "/"))
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else { return notFound(path) }
        if isDirectory.boolValue {
            // `//guide` must not answer `Location: //guide/`, which a browser reads as another host.
            let local = "/" + rawPath.drop { $0 == "/" }
            guard rawPath.hasSuffix("/") else { return HTTPResponse(status: 301, headers: [("Location", local + "/")]) }
            return serve(file + "/index.html", path)
        }
        return serve(file, path)
    }

    private func serve(_ file: String, _ path: String) -> HTTPResponse {
        // Through the file gate, rooted at the served folder: a symbolic link placed in it that
        // leads out (`etclink -> /etc`), or a FIFO, is not served.
        guard let data = FileGate.contents(file, root: root, limit: .max) else { return notFound(path) }
        let type = Self.contentType(of: file)
        var body = Array(data)
        if type.hasPrefix("text/html") { body = Self.addingReloadScript(to: body) }
        return HTTPResponse(status: 200, headers: [("Content-Type", type)], body: body)
    }

    /// The site's own `404.html` when it has one (as static hosts send it), else a plain page.
    private func notFound(_ path: String) -> HTTPResponse {
        if let data = FileGate.contents(root + "/404.html", root: root) {
            return HTTPResponse(status: 404, headers: [("Content-Type", "text/html; charset=utf-8")], body: Self.addingReloadScript(to: Array(data)))
        }
        let page =
            "<!doctype html><meta charset=\"utf-8\"><title>404</title><h1>404</h1><p>Nothing at <code>\(escapeHTML(path))</code> in the built site.</p>\n"
        return HTTPResponse(status: 404, headers: [("Content-Type", "text/html; charset=utf-8")], body: Self.addingReloadScript(to: Array(page.utf8)))
    }

    /// The site path of the file a version request asks about: `?page=/guia/instala%C3%A7%C3%A3o/`
    /// is `guia/instalação/index.html`; a path that is not a page's is `404.html`'s.
    static func pageFile(ofQuery target: String) -> String {
        guard let query = target.firstIndex(of: "?").map({ target[target.index(after: $0)...] }) else { return "404.html" }
        for pair in query.split(separator: "&") where pair.hasPrefix("page=") {
            guard let pathname = String(pair.dropFirst(5)).removingPercentEncoding?.removingPercentEncoding else { break }
            let parts = pathname.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            if parts.contains(where: { $0 == ".." || $0 == "." }) { break }
            let joined = parts.joined(separator: "/")
            if pathname.hasSuffix("/") || joined.isEmpty { return joined.isEmpty ? "index.html" : joined + "/index.html" }
            return joined
        }
        return "404.html"
    }

    /// The page with the reload script before its last `</body>`, or at its end.
    static func addingReloadScript(to page: [UInt8]) -> [UInt8] {
        let closing = Array("</body>".utf8)
        let script = Array(reloadScript.utf8)
        var index = page.count - closing.count
        while index >= 0 {
            if page[index] == UInt8(ascii: "<"), page[index..<(index + closing.count)].elementsEqual(closing) {
                return Array(page[..<index]) + script + Array(page[index...])
            }
            index -= 1
        }
        return page + script
    }

    static func contentType(of file: String) -> String {
        switch RepoPath.fileName(file).split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return "application/xml"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "pdf": return "application/pdf"
        case "woff2": return "font/woff2"
        case "mp4": return "video/mp4"
        default: return "application/octet-stream"
        }
    }
}
