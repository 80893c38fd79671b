import Foundation
import Testing

@testable import FolioBuild
@testable import FolioLoad
@testable import FolioModel

/// `folio build` after an edit renders only the pages whose HTML changes, and writes the site a
/// clean build writes (Tests/incremental/random_edits.py does the same on hundreds of random
/// edits of a 1,000-page site).
@Suite struct IncrementalBuildTests {
    static let files = [
        "content/index.md": "# Início\n\nVeja [instalação](guia/instalacao.md#requisitos) e [operação](guia/operacao.md).\n",
        "content/guia/instalacao.md": "---\ntitle: Instalação\n---\n# Instalação\n\n## Requisitos\n\nDocker.\n",
        "content/guia/operacao.md": "# Operação\n\n## Reinício\n\nReinicie o serviço.\n",
        "content/guia/backup.md": "# Backup\n\nDiário.\n",
    ]

    func build(_ tree: TempTree, cache: Bool = true, output: String? = nil) -> BuildResult {
        var options = BuildOptions(workingDirectory: tree.root, output: output)
        options.usesCache = cache
        return Builder.build(options)
    }

    /// Every file of the built site at `folder`, with its bytes.
    func site(_ tree: TempTree, _ folder: String) -> [String: Data] {
        Dictionary(uniqueKeysWithValues: tree.files(under: folder).map { ($0, tree.data(folder + "/" + $0) ?? Data()) })
    }

    func expectSameAsCleanBuild(_ tree: TempTree) {
        #expect(build(tree, cache: false, output: "clean").status != .configuration)
        #expect(site(tree, "site") == site(tree, "clean"), "the incremental site differs from a clean build")
    }

    @Test func anEditRendersOnlyThePagesItChanges() throws {
        let tree = try TempTree(Self.files)
        let first = build(tree)
        #expect(first.pagesReused == 0)
        let unchanged = build(tree)
        #expect(unchanged.pagesReused == unchanged.pagesWritten, "a build with nothing changed renders nothing")

        // The text of one page: that page alone.
        try tree.write("# Backup\n\nDiário, às 3h.\n", to: "content/guia/backup.md")
        let text = build(tree)
        #expect(text.pagesWritten - text.pagesReused == 1)
        expectSameAsCleanBuild(tree)

        // A title: every page, since every sidebar shows it.
        try tree.write("# Cópias de segurança\n\nDiário, às 3h.\n", to: "content/guia/backup.md")
        let title = build(tree)
        #expect(title.pagesReused == 0)
        expectSameAsCleanBuild(tree)
    }

    @Test func aMovedHeadingIsReportedAndTheSiteIsAsClean() throws {
        let tree = try TempTree(Self.files)
        _ = build(tree)
        try tree.write("---\ntitle: Instalação\n---\n# Instalação\n\n## Pré-requisitos\n\nDocker.\n", to: "content/guia/instalacao.md")
        let result = build(tree)
        #expect(
            result.diagnostics.map(\.description) == [
                "content/index.md:3:6: error: 'guia/instalacao.md#requisitos': 'content/guia/instalacao.md' has no heading or anchor 'requisitos' [link.missing-anchor]"
            ])
        expectSameAsCleanBuild(tree)
    }

    @Test func aSiteReplacedByHandIsNotReused() throws {
        let tree = try TempTree(Self.files)
        _ = build(tree)
        // Another folder at the output's place: nothing of it may be taken for the last build's.
        try FileManager.default.moveItem(atPath: tree.root + "/site", toPath: tree.root + "/old")
        try FileManager.default.copyItem(atPath: tree.root + "/old", toPath: tree.root + "/site")
        try tree.write("<p>changed by hand</p>", to: "site/guia/backup/index.html")
        let result = build(tree)
        #expect(result.pagesReused == 0)
        expectSameAsCleanBuild(tree)
    }

    @Test func noCacheRendersEverything() throws {
        let tree = try TempTree(Self.files)
        _ = build(tree)
        #expect(build(tree, cache: false).pagesReused == 0)
        #expect(build(tree).pagesReused == 0, "--no-cache leaves no cache for the next build")
    }

    /// `folio serve` keeps parsed pages between rebuilds: an edit parses the edited page alone,
    /// and the site is still a clean build's.
    @Test func serveParsesOnlyTheEditedPages() throws {
        let tree = try TempTree(Self.files)
        let cache = ParseCache()
        var options = BuildOptions(workingDirectory: tree.root)
        options.parseCache = cache
        _ = Builder.build(options)
        #expect(cache.misses == 4 && cache.hits == 0)
        _ = Builder.build(options)
        #expect(cache.misses == 0 && cache.hits == 4, "an unchanged page is not parsed again")
        try tree.write("# Backup\n\nSemanal.\n", to: "content/guia/backup.md")
        _ = Builder.build(options)
        #expect(cache.misses == 1 && cache.hits == 3)
        expectSameAsCleanBuild(tree)
        // Settings that change how pages parse (here, heading ids) parse every page again.
        try tree.write("anchors:\n  slugs: python-markdown\n", to: "folio.yaml")
        _ = Builder.build(options)
        #expect(cache.misses == 4)
        expectSameAsCleanBuild(tree)
    }


    /// Waits until every file is more than a second old: only then does a build record what it
    /// read for the next one to compare with (a change within the same clock tick could go
    /// unseen).
    func settle() { Thread.sleep(forTimeInterval: 1.1) }

    @Test func aBuildWithNothingChangedKeepsTheSiteAndSaysTheSame() throws {
        var files = Self.files
        files["content/guia/backup.md"] = "# Backup\n\nVeja [a rotina](rotina.md).\n"
        let tree = try TempTree(files)
        settle()
        let first = build(tree)
        #expect(first.status == .findings && first.diagnostics.map(\.rule) == ["link.missing-file"])
        let site = try tree.inode("site")
        let again = build(tree)
        #expect(try tree.inode("site") == site, "the site was written again")
        #expect(again.status == first.status && again.diagnostics == first.diagnostics)
        #expect(again.pagesWritten == first.pagesWritten && again.pagesReused == first.pagesWritten && again.changedPages == [])
        expectSameAsCleanBuild(tree)

        // Any edit, even one that keeps the size, is a build.
        try tree.write("# Backup\n\nVeja [a rotina](rotinA.md).\n", to: "content/guia/backup.md")
        let edited = build(tree)
        #expect(try tree.inode("site") != site)
        #expect(edited.changedPages == ["guia/backup/index.html"])
        expectSameAsCleanBuild(tree)
    }

    @Test func filesJustWrittenAreNotTrustedToBeUnchanged() throws {
        let tree = try TempTree(Self.files)
        _ = build(tree)
        let site = try tree.inode("site")
        _ = build(tree)
        #expect(try tree.inode("site") != site, "a build within a second of an edit kept the site")
    }

    @Test func aFileRemovedFromTheSiteByHandIsWrittenAgain() throws {
        let tree = try TempTree(Self.files)
        settle()
        _ = build(tree)
        try FileManager.default.removeItem(atPath: tree.root + "/site/404.html")
        _ = build(tree)
        #expect(tree.exists("site/404.html"))
        expectSameAsCleanBuild(tree)
    }

    @Test func theEnvironmentVariablesMkDocsYmlReadsAreInputs() throws {
        let tree = try TempTree(["mkdocs.yml": "site_name: !ENV [DOCS_TITLE, Docs]\n", "docs/index.md": "# Home\n"])
        settle()
        var options = BuildOptions(workingDirectory: tree.root)
        options.environment = ["DOCS_TITLE": "Manual A", "OTHER": "1"]
        _ = Builder.build(options)
        #expect(tree.read("site/index.html")?.contains("Manual A") == true)
        // A variable the configuration does not read changes nothing.
        let site = try tree.inode("site")
        options.environment["OTHER"] = "2"
        _ = Builder.build(options)
        #expect(try tree.inode("site") == site)
        options.environment["DOCS_TITLE"] = "Manual B"
        _ = Builder.build(options)
        #expect(tree.read("site/index.html")?.contains("Manual B") == true)
    }

    @Test func theReaderNotesWhatItLooksForOutsideTheTree() throws {
        let tree = try TempTree(["content/index.md": "# Home\n", "notes.txt": "x"])
        var diagnostics = Diagnostics()
        let walked = Builder.load(BuildOptions(workingDirectory: tree.root), into: &diagnostics)
        let reader = try #require(walked?.reader)
        _ = reader.read("notes.txt")
        _ = reader.exists("missing/Makefile")
        _ = reader.read(".env")
        #expect(reader.outside.all == [tree.root + "/.env", tree.root + "/missing/Makefile"])
    }

    /// A large site's cache entry is larger than the 16 MiB the file gate allows a repository
    /// file (a 50,000-page site's is 21 MB): it is still read, or a large site is never built
    /// incrementally.
    @Test func aCacheEntryLargerThanTheFileGateAllowsIsRead() throws {
        let tree = try TempTree(["content/index.md": "# Home\n"])
        try FileManager.default.createDirectory(atPath: tree.root + "/site", withIntermediateDirectories: true)
        let store = BuildCache(folder: tree.root + "/.folio/cache", output: tree.root + "/site")
        var entry = BuildCache.Entry(seed: "seed")
        for number in 0..<200_000 { entry.outputs["pages/a-rather-long-folder-name/in-a-longer-folder/and-a-page-\(number)/index.html"] = String(repeating: "0", count: 16) }
        store.save(entry)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: store.file)[.size] as? Int)
        #expect(size > 16 << 20)
        #expect(store.load(seed: "seed")?.outputs.count == 200_000)
    }
}
