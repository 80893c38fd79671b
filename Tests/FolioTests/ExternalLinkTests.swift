import Foundation
import Testing

@testable import FolioCheck
import FolioModel

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// External URLs checked against a real HTTP server that the test starts on 127.0.0.1
/// (Tests/support/http_server.py): redirects, 404, HEAD refused, 429 with Retry-After, a slow
/// endpoint, a redirect loop, a closed port; and the cache in `.folio/cache/`.
@Suite(.serialized) struct ExternalLinkTests {
    /// The server, started once per test and stopped when it ends.
    final class Server {
        let process = Process()
        /// The server exits when this pipe closes, so a crashed test leaves no server behind.
        let input = Pipe()
        let port: Int

        /// `tls`: HTTPS with the self-signed certificate of Tests/support/tls.
        init(tls: Bool = false) throws {
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("support/http_server.py").path
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script] + (tls ? ["--tls"] : [])
            let output = Pipe()
            process.standardOutput = output
            process.standardInput = input
            try process.run()
            var line = Data()
            while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
            guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw CocoaError(.fileReadCorruptFile) }
            self.port = port
        }

        deinit {
            // SIGKILL: a child of the test runner may inherit a signal mask that blocks SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        var base: String { "http://127.0.0.1:\(port)" }

        /// Every request the server has seen: (method, path, time, the Accept-Encoding it sent).
        func log() throws -> [(method: String, path: String, time: Double, encodings: String)] {
            let data = try Data(contentsOf: URL(string: base + "/__log")!)
            let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
            return entries.map {
                ($0["method"] as? String ?? "", $0["path"] as? String ?? "", $0["time"] as? Double ?? 0, $0["encodings"] as? String ?? "")
            }
        }

        func requests(to path: String) throws -> [(method: String, path: String, time: Double, encodings: String)] {
            try log().filter { $0.path == path }
        }
    }

    static func page(_ base: String, _ paths: [String]) -> String {
        "# Links\n\n" + paths.enumerated().map { "- [link \($0.offset)](\(base)\($0.element))\n" }.joined()
    }

    @Test func eachKindOfAnswerGetsTheRightFinding() throws {
        let server = try Server()
        let paths = [
            "/ok", "/ok#secao", "/ok#secão", "/moved", "/missing", "/no-head", "/busy-once", "/always-busy", "/slow", "/loop",
        ]
        let tree = try TempTree([
            "folio.yaml": "links:\n  timeout: 1s\n  retries: 1\n  max_retry_wait: 5s\n  fragments: true\n",
            "content/index.md": Self.page(server.base, paths) + "- [closed](http://127.0.0.1:1/)\n",
        ])
        let run = tree.folio("check", "links", "--external")
        #expect(run.status == 1)
        let findings = run.stdout.filter { $0.contains(": error:") || $0.contains(": warning:") }
        let base = server.base
        #expect(
            findings == [
                "content/index.md:5:3: error: '\(base)/ok#secão': the page has no id 'secão' (did you mean '#secao'?) [link.external-anchor]",
                "content/index.md:7:3: error: '\(base)/missing' answered 404 Not Found (update or remove the link) [link.external-broken]",
                "content/index.md:10:3: warning: could not verify '\(base)/always-busy': the server kept answering 429 Too Many Requests (check it by hand, or add it to links.exclude) [link.external-unverified]",
                "content/index.md:11:3: warning: could not verify '\(base)/slow': timed out (check it by hand, or add it to links.exclude) [link.external-unverified]",
                "content/index.md:12:3: error: '\(base)/loop' redirects in a loop (back to \(base)/loop) [link.redirect-loop]",
                "content/index.md:13:3: warning: could not verify 'http://127.0.0.1:1/': connection refused (check it by hand, or add it to links.exclude) [link.external-unverified]",
            ])
        // HEAD first; GET when HEAD is refused, and for the page whose ids were needed.
        #expect(try server.requests(to: "/no-head").map(\.method) == ["HEAD", "GET"])
        // /ok: one GET shared by the three links that need its ids, and the HEAD at the end of /moved's redirects.
        #expect(try server.requests(to: "/ok").map(\.method).sorted() == ["GET", "HEAD"])
        #expect(try server.requests(to: "/moved-again").count == 1)
        // 429 with Retry-After: 1 is asked again no sooner than a second later.
        let busy = try server.requests(to: "/busy-once")
        #expect(busy.count == 2)
        if busy.count == 2 { #expect(busy[1].time - busy[0].time >= 0.9) }
        #expect(try server.requests(to: "/always-busy").count == 2, "one retry, as configured")
    }

    @Test func workingURLsAreCachedAndFailuresAreAskedAgain() throws {
        let server = try Server()
        let tree = try TempTree(["content/index.md": Self.page(server.base, ["/ok", "/missing"])])
        #expect(tree.folio("check", "links", "--external").status == 1)
        #expect(tree.exists(".folio/cache/links.json"))
        #expect(!tree.exists("site"))
        #expect(tree.folio("check", "links", "--external").status == 1)
        #expect(try server.requests(to: "/ok").count == 1, "a working URL is not asked again within cache_max_age")
        #expect(try server.requests(to: "/missing").count == 2, "a failure is never cached")
        #expect(tree.folio("check", "links", "--external", "--no-cache").status == 1)
        #expect(try server.requests(to: "/ok").count == 2)

        try tree.write("links:\n  cache_max_age: 0s\n", to: "folio.yaml")
        #expect(tree.folio("check", "links", "--external").status == 1)
        #expect(try server.requests(to: "/ok").count == 3, "cache_max_age: 0s turns the cache off")
    }

    @Test func nothingIsRequestedUnlessAsked() throws {
        let server = try Server()
        let tree = try TempTree(["content/index.md": Self.page(server.base, ["/ok", "/missing"])])
        #expect(tree.folio("check", "links").status == 0)
        #expect(tree.folio("build").status == 0)
        #expect(try server.log().isEmpty)
        try tree.write("links:\n  external: true\n", to: "folio.yaml")
        #expect(tree.folio("check", "links").status == 1, "links.external: true turns the external check on")
    }

    @Test func excludeIncludeAndAcceptAreHonoured() throws {
        let server = try Server()
        let tree = try TempTree([
            "folio.yaml": "links:\n  exclude: ['/missing$']\n",
            "content/index.md": Self.page(server.base, ["/ok", "/missing", "/loop"]),
        ])
        let excluded = tree.folio("check", "links", "--external", "--no-cache")
        #expect(excluded.stdout.filter { $0.contains("error:") }.count == 1)
        #expect(try server.requests(to: "/missing").isEmpty, "an excluded URL is not requested")

        try tree.write("links:\n  include: ['/ok$']\n", to: "folio.yaml")
        #expect(tree.folio("check", "links", "--external", "--no-cache").status == 0)
        #expect(try server.requests(to: "/loop").count == 1, "only the earlier run asked /loop (the loop is seen before asking it again)")

        try tree.write("links:\n  exclude: ['/loop$']\n  accept: [200..299, 404]\n", to: "folio.yaml")
        #expect(tree.folio("check", "links", "--external", "--no-cache").status == 0, "404 accepted")
    }

    /// A fragment on a 64 MB page: the first 10 MB are read, then the download stops, and the
    /// fragment is said to be unverified rather than missing.
    @Test func hugePagesAreReadUpToTheLimit() throws {
        let server = try Server()
        let tree = try TempTree([
            "folio.yaml": "links:\n  timeout: 20s\n  fragments: true\n",
            "content/index.md": "# Links\n\n[huge](\(server.base)/huge#end)\n",
        ])
        let run = tree.folio("check", "links", "--external")
        #expect(
            run.stdout.first
                == "content/index.md:3:1: warning: could not verify '\(server.base)/huge#end': the page is larger than 10 MB, and its first 10 MB have no id 'end' (check it by hand, or add it to links.exclude) [link.external-unverified]"
        )
    }

    /// A page sent gzip-compressed (the check says it decodes gzip) is read decoded: its ids are found.
    @Test func compressedPagesAreReadDecoded() throws {
        let server = try Server()
        let tree = try TempTree([
            "folio.yaml": "links:\n  fragments: true\n",
            "content/index.md": "# Links\n\n[a](\(server.base)/gzip#secao) [b](\(server.base)/gzip#antigo) [c](\(server.base)/gzip#nada)\n",
        ])
        let run = tree.folio("check", "links", "--external")
        #expect(run.status == 1)
        let findings = run.stdout.filter { $0.contains("error:") || $0.contains("warning:") }
        #expect(findings.count == 1)
        #expect(findings.first?.hasSuffix(": error: '\(server.base)/gzip#nada': the page has no id 'nada' [link.external-anchor]") == true, "\(findings)")
        let gets = try server.requests(to: "/gzip").filter { $0.method == "GET" }
        #expect(gets.count == 1)
        #expect(gets.first?.encodings.contains("gzip") == true, "the check asked for gzip, so the server compressed the page")
    }

    /// HTTPS whose certificate no authority signed is a connection that failed, said so.
    @Test func untrustedCertificatesAreUnverified() throws {
        let server = try Server(tls: true)
        let url = "https://127.0.0.1:\(server.port)/ok"
        let tree = try TempTree(["folio.yaml": "links:\n  retries: 0\n", "content/index.md": "# Links\n\n[secure](\(url))\n"])
        let run = tree.folio("check", "links", "--external")
        #expect(run.status == 0, "a warning, as for every connection that fails")
        let finding = run.stdout.first { $0.contains("warning:") } ?? ""
        #expect(finding.hasPrefix("content/index.md:3:1: warning: could not verify '\(url)': the TLS connection failed ("))
        #expect(finding.contains("certificate"), "libcurl's reason names the certificate: \(finding)")
        #expect(finding.hasSuffix("[link.external-unverified]"))
    }

    /// A password in a URL is never printed nor cached.
    @Test func credentialsAreRedacted() throws {
        let server = try Server()
        let tree = try TempTree([
            "content/index.md": "# Links\n\n[a](http://ana:s3cret@127.0.0.1:\(server.port)/missing) [b](http://ana:s3cret@127.0.0.1:\(server.port)/ok)\n"
        ])
        let run = tree.folio("check", "links", "--external", "--format", "json")
        let output = run.stdout.joined(separator: "\n")
        #expect(output.contains("http://ana:***@127.0.0.1:\(server.port)/missing' answered 404"))
        #expect(!output.contains("s3cret"))
        let cache = tree.read(".folio/cache/links.json") ?? ""
        #expect(cache.contains("ana:***@") && !cache.contains("s3cret"))
    }
}

/// Which redirects the external check follows.
@Suite struct RedirectSafetyTests {
    @Test(arguments: [
        ("example.org", "169.254.169.254", false), ("127.0.0.1", "169.254.169.254", false), ("8.8.8.8", "10.0.0.5", false),
        ("8.8.8.8", "192.168.1.1", false), ("8.8.8.8", "127.0.0.1", false), ("8.8.8.8", "localhost", false), ("8.8.8.8", "[fe80::1]", false),
        ("8.8.8.8", "[::1]", false), ("8.8.8.8", "[::ffff:10.1.2.3]", false), ("8.8.8.8", "172.20.0.1", false),
        ("8.8.8.8", "1.1.1.1", true), ("127.0.0.1", "127.0.0.1", true), ("10.0.0.1", "10.0.0.2", true), ("169.254.1.1", "169.254.169.254", true),
    ])
    func redirectsNeverLeadIntoAPrivateNetwork(from origin: String, to target: String, isFollowed: Bool) {
        #expect((NetworkClass.refusal(from: origin, to: target) == nil) == isFollowed)
    }

    @Test(arguments: [
        ("https://user:pass@host/x", "https://user:***@host/x"), ("http://token@host", "http://***@host"),
        ("https://host/a@b", "https://host/a@b"), ("https://host/x?u=a:b@c", "https://host/x?u=a:b@c"), ("mailto:a@b", "mailto:a@b"),
    ])
    func passwordsAreRedacted(url: String, shown: String) {
        #expect(ExternalCheck.redacted(url) == shown)
    }
}

/// Status codes in words: the phrases reports and `folio serve` use.
@Suite struct HTTPStatusTests {
    @Test(arguments: [
        (200, "OK"), (404, "Not Found"), (410, "Gone"), (429, "Too Many Requests"), (503, "Service Unavailable"), (308, "Permanent Redirect"),
        (299, "Success"), (418, "Client Error"), (509, "Server Error"), (599, "Server Error"), (103, "Informational"), (399, "Redirection"),
        (42, "Server Error"),
    ])
    func phrases(status: Int, phrase: String) {
        #expect(HTTPStatus.reason(status) == phrase)
    }
}
