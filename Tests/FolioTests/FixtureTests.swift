import Foundation
import Testing

/// Every folder under `Fixtures/` is a repository (`input/`) built with `folio build` and compared
/// with what a user would see (`expected/`): the exit status, standard output, the diagnostics on
/// standard error, and every page under `expected/site/`, byte for byte. Every published file is
/// byte-identical to its source, and every local `href`/`src` of the output resolves inside the
/// site or was reported at its source.
///
/// Regenerate the expected files with `FOLIO_UPDATE_FIXTURES=1 swift test`, then review the diff.
@Suite struct FixtureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    static let isUpdating = ProcessInfo.processInfo.environment["FOLIO_UPDATE_FIXTURES"] == "1"

    @Test func fixturesExist() {
        #expect(Self.names.contains("portuguese-site") && Self.names.contains("broken-site") && Self.names.contains("published-site"))
        #expect(Self.names.contains("mkdocs-site"))
    }

    @Test(arguments: names)
    func fixture(_ name: String) throws {
        let folder = Self.root + "/" + name
        let tree = try TempTree(copying: folder + "/input")
        let run = tree.folio("build")
        let expected = folder + "/expected"
        try compare(String(run.status) + "\n", expected + "/status")
        try compare(run.stdout.map { $0 + "\n" }.joined(), expected + "/stdout.txt")
        try compare(run.stderr.map { $0 + "\n" }.joined(), expected + "/diagnostics.txt")
        let pages = tree.files(under: "site").filter { $0.hasSuffix(".html") || $0.hasSuffix(".xml") || $0 == "assets/search-index.js" }
        if Self.isUpdating {
            try? FileManager.default.removeItem(atPath: expected + "/site")
            for page in pages { try compare(try #require(tree.data("site/" + page)), expected + "/site/" + page) }
        }
        #expect(pages == TempTreeReader(root: expected + "/site").files().sorted(), "the site's pages differ from expected/site")
        for page in pages {
            let actual = try #require(tree.data("site/" + page))
            #expect(actual == TempTreeReader(root: expected + "/site").data(page), "site/\(page) differs from expected/site/\(page)")
        }
        let published = tree.files(under: "site").filter {
            !$0.hasSuffix(".html") && !$0.hasSuffix(".xml") && !$0.hasPrefix("assets/") && !$0.hasPrefix(".")
        }
        // An MkDocs project's pages are in docs/.
        let content = tree.exists("mkdocs.yml") && !tree.exists("folio.yaml") ? "docs/" : "content/"
        for file in published {
            #expect(tree.data("site/" + file) == tree.data(content + file), "site/\(file) is not a byte-identical copy of \(content)\(file)")
        }
        let dead = SiteAudit(site: tree.root + "/site").deadReferences()
        for reference in dead {
            let written = reference.href.removingPercentEncoding ?? reference.href
            let fragment = written.firstIndex(of: "#").map { "anchor '" + written[written.index(after: $0)...] + "'" }
            #expect(
                run.stderr.contains { Self.isDeadLinkError($0) && ($0.contains("'\(written)'") || fragment.map($0.contains) == true) },
                "\(reference.page) links to \(reference.href), which is not in the site and was not reported")
        }
        #expect(dead.count == run.stderr.filter(Self.isDeadLinkError).count, "every dead reference in the output is one reported link")
    }

    /// The errors of links that lead nowhere.
    static func isDeadLinkError(_ line: String) -> Bool {
        ["[link.missing-file]", "[link.missing-anchor]", "[link.outside-repository]"].contains { line.contains($0) }
    }

    /// Compares bytes, not `String`s (which call NFC and NFD text equal).
    private func compare(_ actual: String, _ path: String) throws { try compare(Data(actual.utf8), path) }

    private func compare(_ actual: Data, _ path: String) throws {
        if Self.isUpdating {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try actual.write(to: URL(fileURLWithPath: path))
        }
        #expect(actual == FileManager.default.contents(atPath: path), "\(path) differs")
    }
}
