import Foundation
import Testing

@testable import FolioBuild
@testable import FolioMarkdown
@testable import FolioModel

/// `folio serve`'s rebuilds (`LiveBuild`): an edit of a page's text is made in place, anything
/// else is a whole build, and either way the site and the report are a clean build's.
@Suite struct LiveBuildTests {
    static let files = IncrementalBuildTests.files.merging([
        "content/guia/rotina.md": "---\ntitle: Rotina\nweight: 2\n---\n# Rotina\n\n## Diária\n\nVer [backup](backup.md).\n",
        "data/servicos.yaml": "- nome: api\n",
    ]) { $1 }

    func options(_ tree: TempTree) -> BuildOptions {
        var options = BuildOptions(workingDirectory: tree.root)
        options.parseCache = ParseCache()
        return options
    }


    /// The site, search index brought up to date, and the report are those of a clean build of
    /// the same tree.
    func expectClean(
        _ tree: TempTree, _ live: LiveBuild, _ result: BuildResult, today: Date? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let written = DispatchSemaphore(value: 0)
        live.updateSearch { _ in written.signal() }
        written.wait()
        var options = BuildOptions(workingDirectory: tree.root, output: "clean")
        options.usesCache = false
        if let today { options.today = today }
        let clean = Builder.build(options)
        #expect(result.diagnostics == clean.diagnostics, sourceLocation: sourceLocation)
        #expect(result.status == clean.status, sourceLocation: sourceLocation)
        let built = Dictionary(uniqueKeysWithValues: tree.files(under: "site").map { ($0, tree.data("site/" + $0)) })
        let expected = Dictionary(uniqueKeysWithValues: tree.files(under: "clean").map { ($0, tree.data("clean/" + $0)) })
        #expect(built.keys.sorted() == expected.keys.sorted(), sourceLocation: sourceLocation)
        for (path, bytes) in expected where built[path] != bytes {
            Issue.record("site/\(path) differs from a clean build's", sourceLocation: sourceLocation)
        }
    }

    @Test func anEditOfAPagesTextIsMadeInPlace() throws {
        let tree = try TempTree(Self.files)
        let live = LiveBuild()
        let first = live.rebuild(options(tree), changed: nil).result
        #expect(first.status == .clean)
        let site = try tree.inode("site")

        try tree.write("# Backup\n\nDiário, às 3h. Ver [a rotina](rotina.md#semanal).\n", to: "content/guia/backup.md")
        let rebuild = live.rebuild(options(tree), changed: ["content/guia/backup.md"])
        let edited = rebuild.result
        #expect(try tree.inode("site") == site, "the site was built whole")
        #expect(rebuild.new.map(\.rule) == ["link.missing-anchor"] && rebuild.fixed == 0)
        #expect(edited.changedPages == ["guia/backup/index.html"])
        #expect(edited.diagnostics.map(\.rule) == ["link.missing-anchor"])
        #expect(tree.read("site/guia/backup/index.html")?.contains("às 3h") == true)
        expectClean(tree, live, edited)

        // Fixed again: the finding is gone.
        try tree.write("# Backup\n\nDiário, às 3h. Ver [a rotina](rotina.md#diária).\n", to: "content/guia/backup.md")
        let fixing = live.rebuild(options(tree), changed: ["content/guia/backup.md"])
        let fixed = fixing.result
        #expect(fixing.new.isEmpty && fixing.fixed == 1)
        #expect(try tree.inode("site") == site)
        #expect(fixed.diagnostics.isEmpty)
        expectClean(tree, live, fixed)

        // A file that came and went (an editor's) builds nothing.
        let nothing = live.rebuild(options(tree), changed: ["content/guia/.backup.md.swp", "content/4913"]).result
        #expect(nothing.changedPages == [] && nothing.diagnostics.isEmpty)
        #expect(try tree.inode("site") == site)
    }

    /// A heading changed: the page is made in place, and the pages that link to its anchors
    /// are checked again (their HTML does not change).
    @Test func aHeadingEditIsMadeInPlaceAndTheLinksIntoItCheckedAgain() throws {
        var files = Self.files
        files["content/guia/backup.md"] = "# Backup\n\nVer [a rotina diária](rotina.md#diária).\n"
        let tree = try TempTree(files)
        let live = LiveBuild()
        #expect(live.rebuild(options(tree), changed: nil).result.diagnostics.isEmpty)
        let site = try tree.inode("site")
        let backup = tree.data("site/guia/backup/index.html")

        try tree.write("---\ntitle: Rotina\nweight: 2\n---\n# Rotina\n\n## Semanal\n\nVer [backup](backup.md).\n", to: "content/guia/rotina.md")
        let renamed = live.rebuild(options(tree), changed: ["content/guia/rotina.md"])
        #expect(try tree.inode("site") == site, "the site was built whole")
        #expect(renamed.result.changedPages == ["guia/rotina/index.html"])
        #expect(renamed.new.map(\.description) == [
            "content/guia/backup.md:3:5: error: 'rotina.md#diária': 'content/guia/rotina.md' has no heading or anchor 'diária' [link.missing-anchor]"
        ])
        #expect(tree.data("site/guia/backup/index.html") == backup)
        expectClean(tree, live, renamed.result)

        try tree.write("---\ntitle: Rotina\nweight: 2\n---\n# Rotina\n\n## Diária\n\nVer [backup](backup.md).\n", to: "content/guia/rotina.md")
        let back = live.rebuild(options(tree), changed: ["content/guia/rotina.md"])
        #expect(try tree.inode("site") == site)
        #expect(back.new.isEmpty && back.fixed == 1 && back.result.diagnostics.isEmpty)
        expectClean(tree, live, back.result)
    }

    /// A site whose backup page links to an anchor of the routine page, built by `live`.
    func siteLinkingIntoRotina(_ live: LiveBuild) throws -> (tree: TempTree, site: Int) {
        var files = Self.files
        files["content/guia/backup.md"] = "# Backup\n\nVer [a rotina diária](rotina.md#diária).\n"
        let tree = try TempTree(files)
        #expect(live.rebuild(options(tree), changed: nil).result.diagnostics.isEmpty)
        return (tree, try tree.inode("site"))
    }

    /// Renames the routine page's anchor: the backup page, which links to it, is checked again
    /// and rendered from its body in the spill.
    func renameRotinasAnchor(_ tree: TempTree, _ live: LiveBuild) throws -> BuildResult {
        try tree.write("---\ntitle: Rotina\nweight: 2\n---\n# Rotina\n\n## Semanal\n\nVer [backup](backup.md).\n", to: "content/guia/rotina.md")
        return live.rebuild(options(tree), changed: ["content/guia/rotina.md"]).result
    }

    /// The build's temporary file, where the pages' bodies wait, failing to read: nothing made
    /// from what could not be read is written. The search update says so and leaves the index as
    /// it was; the next change is a whole build (with a new file), and the site is clean again.
    @Test func aSpillThatCannotBeReadIsNeverWrittenAndIsSaid() throws {
        let live = LiveBuild()
        let (tree, site) = try siteLinkingIntoRotina(live)
        let searchFiles = tree.files(under: "site").filter { $0.contains("search") && !$0.hasSuffix(".html") }
        try #require(!searchFiles.isEmpty)
        let search = searchFiles.map { tree.data("site/" + $0) }

        // An edit in place leaves the search index behind; then the file fails.
        try tree.write("# Backup\n\nVer [a rotina diária](rotina.md#diária), às 3h.\n", to: "content/guia/backup.md")
        #expect(live.rebuild(options(tree), changed: ["content/guia/backup.md"]).result.changedPages == ["guia/backup/index.html"])
        #expect(try tree.inode("site") == site)
        try #require(live.spillForTesting).closeForTesting()
        final class Told: @unchecked Sendable { var problem: String? }
        let told = Told()
        let done = DispatchSemaphore(value: 0)
        live.updateSearch { problem in
            told.problem = problem
            done.signal()
        }
        done.wait()
        #expect(told.problem?.hasPrefix("the search index was not updated: the text of ") == true, "\(told.problem ?? "nothing said")")
        #expect(searchFiles.map { tree.data("site/" + $0) } == search, "the index is left as it was")

        // The next change is a whole build, and clean.
        let renamed = try renameRotinasAnchor(tree, live)
        #expect(try tree.inode("site") != site, "a whole build")
        #expect(tree.read("site/guia/backup/index.html")?.contains("às 3h") == true)
        expectClean(tree, live, renamed)
    }

    /// The same failure met by an edit in place, which renders the pages that link into the
    /// edited one from their waiting bodies: the rebuild is whole instead, and clean.
    @Test func anEditInPlaceThatCannotReadItsSpillIsAWholeBuild() throws {
        let live = LiveBuild()
        let (tree, site) = try siteLinkingIntoRotina(live)
        try #require(live.spillForTesting).closeForTesting()
        let renamed = try renameRotinasAnchor(tree, live)
        #expect(try tree.inode("site") != site, "a whole build")
        #expect(tree.read("site/guia/backup/index.html")?.contains("Ver <a href") == true)
        expectClean(tree, live, renamed)
    }

    @Test func whatOtherPagesShowOfAPageIsAWholeBuild() throws {
        let tree = try TempTree(Self.files)
        let live = LiveBuild()
        _ = live.rebuild(options(tree), changed: nil).result
        let edits: [(String, String)] = [
            ("content/guia/rotina.md", "---\ntitle: Rotina diária\nweight: 2\n---\n# Rotina\n\n## Diária\n\nVer [backup](backup.md).\n"),  // title
            ("content/guia/rotina.md", "---\ntitle: Rotina diária\nweight: 1\n---\n# Rotina\n\n## Diária\n\nVer [backup](backup.md).\n"),  // weight
            // A runbook's field (a runbook index shows it).
            ("content/guia/rotina.md", "---\ntitle: Rotina diária\nweight: 1\nowner: sre\n---\n# Rotina\n\n## Diária\n\nVer [backup](backup.md).\n"),
            ("data/servicos.yaml", "- nome: web\n"),  // a file that is not a page
            ("content/guia/nova.md", "# Nova\n"),  // a new page
        ]
        for (path, text) in edits {
            let before = try tree.inode("site")
            try tree.write(text, to: path)
            let result = live.rebuild(options(tree), changed: [path]).result
            #expect(try tree.inode("site") != before, "\(path): made in place")
            expectClean(tree, live, result)
        }
        // A page removed.
        try FileManager.default.removeItem(atPath: tree.root + "/content/guia/nova.md")
        let removed = live.rebuild(options(tree), changed: ["content/guia/nova.md"]).result
        #expect(!tree.exists("site/guia/nova/index.html"))
        expectClean(tree, live, removed)
    }

    /// A front matter key no stage reads (`tags:`) is not kept by parse: editing it is an edit
    /// in place, whose site is still a clean build's.
    @Test func anEditOfAKeyNothingReadsIsMadeInPlace() throws {
        let tree = try TempTree(Self.files)
        let live = LiveBuild()
        _ = live.rebuild(options(tree), changed: nil).result
        let site = try tree.inode("site")
        try tree.write("---\ntitle: Rotina\nweight: 2\ntags: [ops]\n---\n# Rotina\n\n## Diária\n\nVer [backup](backup.md).\n", to: "content/guia/rotina.md")
        let result = live.rebuild(options(tree), changed: ["content/guia/rotina.md"]).result
        #expect(try tree.inode("site") == site, "the site was built whole")
        expectClean(tree, live, result)
    }

    /// An edit in place parses its page alone, and forgets no other page's parse: the whole
    /// build after it parses none again. (It used to forget them all, and the next whole build
    /// of 10,000 pages parsed every one again.)
    @Test func aWholeBuildAfterAnEditInPlaceParsesNothingAgain() throws {
        let tree = try TempTree(Self.files)
        let live = LiveBuild()
        let options = options(tree)
        let cache = try #require(options.parseCache)
        _ = live.rebuild(options, changed: nil)
        #expect(cache.misses == 5 && cache.hits == 0)
        let site = try tree.inode("site")
        try tree.write("# Backup\n\nSemanal.\n", to: "content/guia/backup.md")
        _ = live.rebuild(options, changed: ["content/guia/backup.md"])
        #expect(try tree.inode("site") == site, "the text edit was made in place")
        #expect(cache.misses == 1 && cache.hits == 0)
        try tree.write("---\ntitle: Rotina diária\nweight: 2\n---\n# Rotina\n", to: "content/guia/rotina.md")
        let whole = live.rebuild(options, changed: ["content/guia/rotina.md"]).result
        #expect(try tree.inode("site") != site, "a new title takes a whole build")
        // The retitled page was parsed once, by the edit in place that found it needs a whole
        // build: the whole build takes every page from the cache.
        #expect(cache.misses == 0 && cache.hits == 5, "pages parsed again: \(cache.misses)")
        expectClean(tree, live, whole)
    }

    /// An edit puts its pages' findings in place in the last report: the result is the report
    /// sorted whole, for any path (a new one, one whose findings are all gone, the findings
    /// without a place), over 2,000 random reports.
    @Test func anEditsFindingsArePutInPlaceInTheReport() {
        var random = SystemRandomNumberGenerator()
        let paths = ["", "a.md", "b/c.md", "b/ç.md", "e.md", "é.md", "z/y.md"]
        func findings(at path: String, _ count: Int) -> [Diagnostic] {
            (0..<count).map { _ in
                Diagnostic(
                    Bool.random(using: &random) ? .error : .warning, "link.missing-file", "finding \(Int.random(in: 0..<5, using: &random))",
                    at: path.isEmpty ? nil : SourceLocation(path: path, line: Int.random(in: 1..<4, using: &random), column: 1))
            }
        }
        func sorted(_ found: [Diagnostic]) -> [Diagnostic] {
            var all = Diagnostics()
            for diagnostic in found { all.add(diagnostic) }
            return all.sorted
        }
        for _ in 0..<2_000 {
            var byPath: [String: [Diagnostic]] = [:]
            for path in paths where Bool.random(using: &random) { byPath[path] = sorted(findings(at: path, Int.random(in: 1..<4, using: &random))) }
            var report = sorted(byPath.values.flatMap { $0 })
            let path = paths.randomElement(using: &random)!
            let section = sorted(findings(at: path, Int.random(in: 0..<4, using: &random)))
            byPath[path] = section
            LiveBuild.replaceSection(of: path, in: &report, with: section)
            #expect(report == sorted(byPath.values.flatMap { $0 }), "replacing '\(path)'")
        }
    }

    /// Random edits of page text, links and headings, each compared with a clean build.
    @Test func randomEditsMatchCleanBuilds() throws {
        let tree = try TempTree(Self.files)
        let live = LiveBuild()
        _ = live.rebuild(options(tree), changed: nil).result
        var generator = SplitMix(seed: 15)
        let pages = ["content/guia/backup.md", "content/guia/operacao.md", "content/guia/instalacao.md", "content/index.md"]
        let extras = [
            "Mais texto.", "Ver [instalação](guia/instalacao.md#requisitos).", "[quebrado](nada.md)", "## Outra seção", "**negrito** e `código`",
            "Ver [operação](../guia/operacao.md#reinício).",
        ]
        var inPlace = 0
        for number in 0..<24 {
            // Every other edit comes while the search index of the last one is being made.
            if number % 2 == 1 { live.updateSearch() }
            let page = pages.randomElement(using: &generator)!
            let text = (tree.read(page) ?? "") + "\n" + extras.randomElement(using: &generator)! + "\n"
            let before = try tree.inode("site")
            try tree.write(text, to: page)
            let result = live.rebuild(options(tree), changed: [page]).result
            if try tree.inode("site") == before { inPlace += 1 }
            expectClean(tree, live, result)
        }
        #expect(inPlace > 0, "no edit was made in place")
    }
}

extension LiveBuildTests {
    /// Sites nobody here wrote (the MkDocs corpora: a `nav`, directory URLs, snippets) and
    /// Folio's own fixtures, each copied and edited: text and headings added to pages, with links
    /// to other pages, to anchors that exist and to some that do not.
    static var realSites: [String] {
        let fixtures = FixtureTests.root
        let corpora = ArchitectureTests.root + "/../shared/corpora"
        var sites = ["portuguese-site", "mkdocs-site", "broken-site"].map { fixtures + "/" + $0 + "/input" }
        sites.append(ArchitectureTests.root + "/examples/microservice-shop")
        for corpus in ["mkdocs", "mkdocs-material"] where FileManager.default.fileExists(atPath: corpora + "/" + corpus) {
            sites.append(corpora + "/" + corpus)
        }
        return sites
    }

    /// `to` as a relative link from the page `from` (both inside the content folder).
    static func relativeLink(from: String, to: String) -> String {
        let folders = from.split(separator: "/").dropLast()
        let target = to.split(separator: "/")
        var common = 0
        while common < min(folders.count, target.count - 1), folders[folders.startIndex + common] == target[common] { common += 1 }
        return String(repeating: "../", count: folders.count - common) + target[common...].joined(separator: "/")
    }

    @Test(arguments: realSites)
    func editsOfRealSitesMatchCleanBuilds(site: String) throws {
        let tree = try TempTree(copying: site)
        try? FileManager.default.removeItem(atPath: tree.root + "/site")
        try? FileManager.default.removeItem(atPath: tree.root + "/.folio")
        let live = LiveBuild()
        var options = BuildOptions(workingDirectory: tree.root)
        options.parseCache = ParseCache()
        options.today = Date(timeIntervalSince1970: 1_767_225_600)
        let first = live.rebuild(options, changed: nil).result
        #expect(first.status != .configuration, "\(first.diagnostics.prefix(3))")
        let content = FileManager.default.fileExists(atPath: tree.root + "/docs") && !FileManager.default.fileExists(atPath: tree.root + "/content")
            ? "docs" : "content"
        let pages = tree.files(under: content).filter { $0.hasSuffix(".md") }.sorted()
        try #require(pages.count > 1)
        // Seeded by the site's last two folders: the same edits on every machine.
        var generator = SplitMix(seed: site.split(separator: "/").suffix(2).joined(separator: "/").utf8.reduce(0) { $0 &* 31 &+ UInt64($1) })
        for number in 0..<4 {
            let page = pages.randomElement(using: &generator)!
            let other = pages.randomElement(using: &generator)!
            let link = Self.relativeLink(from: page, to: other)
            let anchor = ["", "#nao-existe", "#secao-\(number - 1)-acrescentada", "#seção-\(number - 1)-acrescentada"].randomElement(using: &generator)!
            let path = content + "/" + page
            // Every other edit adds a heading: new anchors, and the links into the page checked again.
            let heading = number % 2 == 1 ? "\n\n## Seção \(number) acrescentada" : ""
            let text = (tree.read(path) ?? "") + heading + "\n\nParágrafo \(number) acrescentado, com [um link](\(link)\(anchor)).\n"
            try tree.write(text, to: path)
            let result = live.rebuild(options, changed: [path]).result
            expectClean(tree, live, result, today: options.today)
        }
    }
}

/// A seeded generator: the same edits every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
