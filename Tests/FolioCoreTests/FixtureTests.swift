import Foundation
import Testing

/// Every folder under `Fixtures/` is a repository (`input/`) built with `folio build` and compared
/// with what a user would see (`expected/`): the exit status, standard output, the diagnostics on
/// standard error, and every file under `expected/site/`, byte for byte.
///
/// Regenerate the expected files with `FOLIO_UPDATE_FIXTURES=1 swift test`, then review the diff.
@Suite struct FixtureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    static let isUpdating = ProcessInfo.processInfo.environment["FOLIO_UPDATE_FIXTURES"] == "1"

    @Test func fixturesExist() {
        #expect(Self.names.contains("portuguese-site") && Self.names.contains("broken-site"))
    }

    @Test(arguments: names)
    func fixture(_ name: String) throws {
        let folder = Self.root + "/" + name
        let tree = try TempTree()
        try FileManager.default.removeItem(atPath: tree.root)
        try FileManager.default.copyItem(atPath: folder + "/input", toPath: tree.root)
        let run = tree.folio("build")
        let expected = folder + "/expected"
        try compare(String(run.status) + "\n", expected + "/status")
        try compare(run.stdout.map { $0 + "\n" }.joined(), expected + "/stdout.txt")
        try compare(run.stderr.map { $0 + "\n" }.joined(), expected + "/diagnostics.txt")
        let pages = tree.files(under: "site").filter { $0.hasSuffix(".html") || $0.hasSuffix(".xml") }
        if Self.isUpdating {
            try? FileManager.default.removeItem(atPath: expected + "/site")
            for page in pages { try compare(try #require(tree.read("site/" + page)), expected + "/site/" + page) }
        }
        #expect(pages == TempTreeReader(root: expected + "/site").files().sorted(), "the site's pages differ from expected/site")
        for page in pages {
            let actual = try #require(tree.read("site/" + page))
            #expect(actual == TempTreeReader(root: expected + "/site").read(page), "site/\(page) differs from expected/site/\(page)")
        }
    }

    private func compare(_ actual: String, _ path: String) throws {
        if Self.isUpdating {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(actual == (try? String(contentsOfFile: path, encoding: .utf8)), "\(path) differs")
    }
}
