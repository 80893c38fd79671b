import Foundation
import Testing

@testable import FolioCore

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
        let home = files.response(method: "GET", target: "/", version: 3)
        #expect(home.status == 200 && home.header("Content-Type") == "text/html; charset=utf-8")
        let page = try #require(tree.read("site/index.html"))
        #expect(String(decoding: home.body, as: UTF8.self) == page.replacingOccurrences(of: "</body>", with: StaticFiles.reloadScript + "</body>"))
        #expect(files.response(method: "GET", target: "/guia", version: 3) == HTTPResponse(status: 301, headers: [("Location", "/guia/")]))
        #expect(files.response(method: "GET", target: "/guia/setup/?x=1#a", version: 3).status == 200)
        #expect(files.response(method: "GET", target: "/guia/imagem.png", version: 3).body == Array("png".utf8))
        #expect(files.response(method: "GET", target: "/guia/imagem.png", version: 3).header("Content-Type") == "image/png")
        for target in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/guia/..%2f..%2f..%2fetc/passwd", "/nada/", "/guia/nada.png"] {
            #expect(files.response(method: "GET", target: target, version: 3).status == 404, "\(target)")
        }
        // A missing page is the site's own 404 page, with the 404 status.
        let missing = files.response(method: "GET", target: "/nada/aqui/", version: 3)
        #expect(missing.status == 404)
        #expect(String(decoding: missing.body, as: UTF8.self).contains("<h1>Page not found</h1>"))
        #expect(files.response(method: "POST", target: "/", version: 3).status == 405)
        #expect(files.response(method: "GET", target: "/__folio/version", version: 3).body == Array("3".utf8))
        #expect(files.response(method: "GET", target: "sem-barra", version: 3).status == 400)
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
        let (before, _) = try await URLSession.shared.data(from: try #require(URL(string: base + StaticFiles.versionPath)))
        server.siteChanged()
        let (after, _) = try await URLSession.shared.data(from: try #require(URL(string: base + StaticFiles.versionPath)))
        #expect(String(decoding: before, as: UTF8.self) == "1" && String(decoding: after, as: UTF8.self) == "2")
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

    @Test func aChangeToTheSourcesIsSeenButNotOneToTheOutput() throws {
        let tree = try site()
        let skipped: Set<String> = [".git", ".folio", "site", ".build", "node_modules"]
        let first = Watcher.fingerprint(of: tree.root, skipping: skipped)
        try tree.write("x", to: "site/extra.html")
        try tree.write("x", to: ".folio/serve/index.html")
        #expect(Watcher.fingerprint(of: tree.root, skipping: skipped) == first)
        try tree.write("# Setup\n\n## Instalação\n\nMais texto.\n", to: "content/guia/setup.md")
        #expect(Watcher.fingerprint(of: tree.root, skipping: skipped) != first)
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
