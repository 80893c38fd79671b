import Foundation
import Testing

@testable import FolioBuild
@testable import FolioLoad
@testable import FolioMarkdown
@testable import FolioModel
@testable import FolioParse

/// A build keeps its pages' HTML (and the search index's text) in a file without a name beside
/// the output until it writes them: read back, every body is the one parsed; the site is the
/// one a build that holds every body in memory writes; nothing is left on disk.
@Suite struct BodySpillTests {
    @Test(arguments: BuiltInLayoutTests.sites)
    func everyBodyReadsBackAsItWasParsed(site: String) throws {
        var diagnostics = Diagnostics()
        let loaded = try #require(Builder.load(BuildOptions(workingDirectory: site), into: &diagnostics), "\(diagnostics.sorted)")
        let parser = PageParser(markdown: loaded.setup.config.markdownParser(reader: loaded.reader))
        let spill = try #require(BodySpill(folder: site))
        var spilled = 0
        for file in loaded.sources.pages {
            guard let page = parser.parse(file).0 else { continue }
            let kept = page.spilling(into: spill)
            #expect(kept.document.isSpilled == !page.document.html.isEmpty, "\(file.path)")
            #expect(kept.document.html == page.document.html, "\(file.path): the body read back differs")
            #expect(kept == page, "\(file.path)")
            spilled += kept.document.isSpilled ? 1 : 0
        }
        #expect(spilled > 0)
        #expect(spill.failedReads == 0)
    }

    @Test func bytesReadBackAndAnEmptyBodyStaysInMemory() throws {
        let tree = try TempTree([:])
        let spill = try #require(BodySpill(folder: tree.root))
        let samples: [[UInt8]] = [Array("Instalação — <b>ok</b>".utf8), [0, 255, 3, 4], Array(repeating: 7, count: 100_000)]
        let kept = samples.map(spill.keep)
        for (sample, stored) in zip(samples, kept) {
            guard case .spilled = stored else {
                Issue.record("not spilled")
                continue
            }
            #expect(stored.bytes == sample)
        }
        if case .spilled = spill.keep([]) { Issue.record("an empty body is not written") }
        var document = MarkdownDocument(html: "")
        spill.keep(&document)
        #expect(!document.isSpilled)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tree.root).isEmpty, "the spill has no name")
    }

    /// A read that fails gives an empty body and is counted (a build then keeps its previous
    /// site); it never crashes.
    @Test func aFailedReadIsCounted() throws {
        let tree = try TempTree([:])
        let spill = try #require(BodySpill(folder: tree.root))
        var document = MarkdownDocument(html: "<p>Instalação</p>\n")
        spill.keep(&document)
        let text = spill.keep(Array("texto".utf8))
        #expect(document.isSpilled && spill.failedReads == 0)
        spill.closeForTesting()
        #expect(document.html == "")
        #expect(text.bytes == [])
        #expect(spill.failedReads == 2)
    }

    @Test func aFolderThatTakesNoFileKeepsBodiesInMemory() {
        #expect(BodySpill(folder: "/nonexistent-folio-folder") == nil)
        #expect(BodySpill(folder: "/proc/self") == nil)
    }

    /// `site/` (its folder exists: spilled) and `new/site/` (its folder does not exist yet: every
    /// body in memory) are the same site, byte for byte, search index included.
    @Test func aSpilledBuildWritesTheSiteAnInMemoryBuildWrites() throws {
        var files = [
            "content/index.md": "# Início\n\nVeja [a instalação](guia/instalação.md#pré-requisitos).\n",
            "content/guia/instalação.md": "# Instalação\n\n## Pré-requisitos\n\n| a | b |\n| --- | --- |\n| `make llm-setup` | ~~x~~ |\n\nTexto com acentuação.\n",
        ]
        for number in 0..<40 { files["content/p/\(number).md"] = "# Page \(number)\n\n## Part\n\nWords \(number) and [home](../index.md).\n" }
        let tree = try TempTree(files)
        var diagnostics = Diagnostics()
        let compilation = try #require(Builder.compile(BuildOptions(workingDirectory: tree.root), into: &diagnostics))
        #expect(compilation.spill != nil)
        let inMemory = compilation.site.pages.filter { !$0.isGenerated && !$0.document.isSpilled }.map(\.source)
        #expect(inMemory.isEmpty, "\(inMemory)")
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: tree.root))
        #expect(tree.folio("build").status == 0)
        #expect(tree.folio("build", "--output", "new/site").status == 0)
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: tree.root))
        #expect(after.subtracting(before) == [".folio", "site", "new"], "nothing but the outputs and the cache is left: \(after.subtracting(before))")
        let spilled = tree.files(under: "site"), unspilled = tree.files(under: "new/site")
        #expect(spilled.count > 40 && spilled == unspilled)
        for path in spilled { #expect(tree.data("site/" + path) == tree.data("new/site/" + path), "\(path)") }
    }

    /// `folio check` writes nothing, so it spills nothing.
    @Test func aCheckKeepsItsBodiesInMemory() throws {
        let tree = try TempTree(["content/index.md": "# Início\n\nTexto.\n"])
        var diagnostics = Diagnostics()
        let compilation = try #require(Builder.compile(BuildOptions(workingDirectory: tree.root), for: .check(readingFrontMatter: true, readingCode: false), into: &diagnostics))
        #expect(compilation.spill == nil)
    }
}
