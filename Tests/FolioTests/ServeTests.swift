import Foundation
import Testing

@testable import FolioBuild
@testable import FolioModel
@testable import FolioServe

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `folio serve`: what the preview server answers, over a real socket on 127.0.0.1, and what makes
/// it rebuild. (The whole command, with a file edited while it runs, is in Tests/e2e and the
/// browser test.)
@Suite struct ServeTests {
    func site() throws -> TempTree {
        let tree = try TempTree([
            "content/index.md": "# Início\n\n[guia](guia/setup.md)\n",
            "content/guia/setup.md": "# Setup\n\n## Instalação\n",
            "content/guia/imagem.png": "png",
        ])
        #expect(tree.folio("build").status == 0)
        return tree
    }

    @Test func filesFoldersRedirectsAndNothingOutsideTheSite() throws {
        let tree = try site()
        let files = StaticFiles(root: tree.root + "/site")
        let home = files.response(method: "GET", target: "/", version: { _ in 3 })
        #expect(home.status == 200 && home.header("Content-Type") == "text/html; charset=utf-8")
        let page = try #require(tree.read("site/index.html"))
        #expect(String(decoding: home.body, as: UTF8.self) == page.replacingOccurrences(of: "</body>", with: StaticFiles.reloadScript + "</body>"))
        #expect(files.response(method: "GET", target: "/guia", version: { _ in 3 }) == HTTPResponse(status: 301, headers: [("Location", "/guia/")]))
        #expect(files.response(method: "GET", target: "/guia/setup/?x=1#a", version: { _ in 3 }).status == 200)
        #expect(files.response(method: "GET", target: "/guia/imagem.png", version: { _ in 3 }).body == Array("png".utf8))
        #expect(files.response(method: "GET", target: "/guia/imagem.png", version: { _ in 3 }).header("Content-Type") == "image/png")
        for target in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/guia/..%2f..%2f..%2fetc/passwd", "/nada/", "/guia/nada.png"] {
            #expect(files.response(method: "GET", target: target, version: { _ in 3 }).status == 404, "\(target)")
        }
        // A missing page is the site's own 404 page, with the 404 status.
        let missing = files.response(method: "GET", target: "/nada/aqui/", version: { _ in 3 })
        #expect(missing.status == 404)
        #expect(String(decoding: missing.body, as: UTF8.self).contains("<h1>Page not found</h1>"))
        #expect(files.response(method: "POST", target: "/", version: { _ in 3 }).status == 405)
        #expect(files.response(method: "GET", target: "/__folio/version", version: { _ in 3 }).body == Array("3".utf8))
        #expect(files.response(method: "GET", target: "sem-barra", version: { _ in 3 }).status == 400)
    }

    @Test func aRealServerOnLoopbackAnswersAndAnnouncesRebuilds() async throws {
        let tree = try site()
        let server = PreviewServer(serving: tree.root + "/site")
        let port = try server.listen(host: "127.0.0.1", port: 0)
        Thread.detachNewThread { server.serveForever() }
        let base = "http://127.0.0.1:\(port)"
        let (body, response) = try await URLSession.shared.data(from: try #require(URL(string: base + "/guia/setup/")))
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("<h2 id=\"instalação\">"))
        func version(of page: String) async throws -> String {
            let url = try #require(URL(string: base + StaticFiles.versionPath + "?page=" + page))
            return String(decoding: try await URLSession.shared.data(from: url).0, as: UTF8.self)
        }
        #expect(try await version(of: "/guia/setup/") == "1")
        // A rebuild that changed one page: that page's version moves, the others' do not.
        server.siteChanged(pages: ["guia/setup/index.html"])
        #expect(try await version(of: "/guia/setup/") == "2")
        #expect(try await version(of: "/") == "1")
        // Percent-encoded as a browser sends `location.pathname`.
        server.siteChanged(pages: ["guia/instalação/index.html"])
        #expect(try await version(of: "/guia/instala%25C3%25A7%25C3%25A3o/") == "3")
        // A rebuild that may have changed anything reloads every page.
        server.siteChanged(pages: nil)
        #expect(try await version(of: "/") == "4")
        #expect(try await version(of: "/guia/setup/") == "4")
        // A second server cannot take the same port, and says so before building anything.
        #expect(throws: ServeError.self) { try PreviewServer(serving: tree.root).listen(host: "127.0.0.1", port: port) }
        let busy = tree.folio("serve", "--port", String(port))
        #expect(busy.status == 2)
        #expect(
            busy.stderr == [
                "folio: error: cannot listen on 127.0.0.1:\(port): Address already in use (choose another port with --port, or 0 for any free one) [serve.listen]"
            ])
        #expect(!tree.exists(".folio/serve"))
    }

    /// The watcher says which files changed, from the kernel (inotify) or by looking: the edited
    /// page and a new folder, not the output, the cache or `.git`.
    @Test(arguments: [false, true]) func theWatcherSaysWhichSourcesChanged(polling: Bool) throws {
        let tree = try site()
        try tree.write("x", to: "site/old.html")
        let watcher = Watcher(root: tree.root, skipping: [".git", ".folio", "site", ".build", "node_modules"], interval: 0.05, polling: polling)
        #expect(watcher.isNotified == !polling)
        let root = tree.root
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.1)
            for (path, text) in [
                ("site/extra.html", "x"), (".folio/serve/index.html", "x"), ("content/guia/setup.md", "# Setup\n\n## Instalação\n\nMais texto.\n"),
                ("content/novo/pagina.md", "# Nova\n"),
            ] {
                try? FileManager.default.createDirectory(atPath: root + "/" + RepoPath.directory(of: path), withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: root + "/" + path, contents: Data(text.utf8))
            }
        }
        let changed = try #require(watcher.next())
        #expect(changed.contains("content/guia/setup.md"))
        #expect(changed.contains("content/novo") || changed.contains("content/novo/pagina.md"))
        // Foundation writes beside and renames: its temporary files are seen too, and a rebuild
        // skips them (they came and went).
        let lasting = changed.filter { !RepoPath.fileName($0).hasPrefix(".dat.nosync") }
        #expect(lasting.isSubset(of: ["content/guia/setup.md", "content/novo", "content/novo/pagina.md"]))
    }

    @Test func badArgumentsAndConfigurationsExitTwo() throws {
        let tree = try site()
        let port = tree.folio("serve", "--port", "70000")
        #expect(port.status == 2)
        #expect(port.stderr.first == "Error: --port must be from 0 to 65535")
        try tree.write("search: talvez\n", to: "folio.yaml")
        let config = tree.folio("serve", "--port", "0")
        #expect(config.status == 2)
        #expect(config.stderr == ["folio.yaml:1:9: error: 'search' must be true or false, found \"talvez\" [yaml.type]"])
        #expect(!tree.exists(".folio/serve"))
    }
}

/// `folio serve` on hostile requests: foreign Host headers, links out of the site, slow clients.
@Suite struct ServeSafetyTests {
    /// Sends `request` to 127.0.0.1:`port` over a plain socket and returns the answer's status line.
    static func exchange(_ request: String, port: Int) -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return "connect failed" }
        _ = Array(request.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = recv(fd, &buffer, buffer.count, 0)
        return String(decoding: buffer[..<max(0, count)], as: UTF8.self).components(separatedBy: "\r\n").first ?? ""
    }

    static func server(_ tree: TempTree, host: String = "127.0.0.1") throws -> (PreviewServer, Int) {
        let server = PreviewServer(serving: tree.root + "/site", host: host)
        server.requestDeadline = 2
        let port = try server.listen(host: "127.0.0.1", port: 0)
        Thread.detachNewThread { server.serveForever() }
        return (server, port)
    }

    @Test func onlyRequestsForThisMachineAreAnswered() throws {
        let tree = try TempTree(["content/index.md": "# Home\n"])
        #expect(tree.folio("build").status == 0)
        let (_, port) = try Self.server(tree, host: "192.0.2.1")
        for host in ["localhost", "127.0.0.1:\(port)", "[::1]:\(port)", "LOCALHOST", "192.0.2.1"] {
            #expect(Self.exchange("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n", port: port) == "HTTP/1.1 200 OK", "\(host)")
        }
        for host in ["attacker.example", "attacker.example:\(port)", "127.0.0.1.attacker.example", "localhost.", "[::2]"] {
            #expect(Self.exchange("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n", port: port) == "HTTP/1.1 403 Forbidden", "\(host)")
        }
    }

    @Test func linksOutOfTheServedFolderAndProtocolRelativeRedirects() throws {
        let tree = try TempTree(["content/index.md": "# Home\n", "content/guia/index.md": "# Guia\n", "outside.txt": "secret"])
        #expect(tree.folio("build").status == 0)
        #expect(symlink(tree.root + "/outside.txt", tree.root + "/site/leak.txt") == 0)
        #expect(symlink("/etc", tree.root + "/site/etclink") == 0)
        let files = StaticFiles(root: tree.root + "/site")
        #expect(files.response(method: "GET", target: "/leak.txt", version: { _ in 1 }).status == 404)
        #expect(files.response(method: "GET", target: "/etclink/passwd", version: { _ in 1 }).status == 404)
        #expect(files.response(method: "GET", target: "//guia", version: { _ in 1 }).header("Location") == "/guia/")
        #expect(files.response(method: "GET", target: "///guia", version: { _ in 1 }).header("Location") == "/guia/")
    }

    /// Fifty clients that never finish their request hold nothing up, and get 408 at the deadline.
    @Test func slowClientsDoNotStarveOthers() throws {
        let tree = try TempTree(["content/index.md": "# Home\n"])
        #expect(tree.folio("build").status == 0)
        let (_, port) = try Self.server(tree)
        var slow: [Int32] = []
        defer { slow.forEach { close($0) } }
        for _ in 0..<50 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port)).bigEndian
            inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            _ = send(fd, "G", 1, Int32(MSG_NOSIGNAL))
            slow.append(fd)
        }
        let start = Date()
        #expect(Self.exchange("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", port: port) == "HTTP/1.1 200 OK")
        #expect(Date().timeIntervalSince(start) < 1.5, "a normal request waited for the slow ones")
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = recv(slow[0], &buffer, buffer.count, 0)
        #expect(String(decoding: buffer[..<max(0, count)], as: UTF8.self).hasPrefix("HTTP/1.1 408"))
        #expect(Date().timeIntervalSince(start) < 10)
    }
}
