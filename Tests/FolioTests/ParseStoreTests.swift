import Foundation
import Testing

@testable import FolioBuild
@testable import FolioLoad
@testable import FolioMarkdown
@testable import FolioModel
@testable import FolioParse
import FolioText
@testable import FolioYAML

/// `.folio/cache/parse.bin`: a page's parse read back is the parse, on every page of real sites;
/// a damaged or foreign file is never trusted; a build after an edit parses that page alone and
/// writes the site a clean build writes.
@Suite struct ParseStoreTests {
    /// Folio's docs, the fixtures, the example and the MkDocs corpora: front matter, snippets,
    /// admonitions, tables, raw HTML, footnotes, abbreviations, refusals, bad UTF-8.
    static var sites: [String] { BuiltInLayoutTests.sites }

    @Test(arguments: sites)
    func everyPageReadsBackAsItWasParsed(site: String) throws {
        var diagnostics = Diagnostics()
        let options = BuildOptions(workingDirectory: site)
        let loaded = try #require(Builder.load(options, into: &diagnostics), "\(diagnostics.sorted)")
        let parser = PageParser(markdown: loaded.setup.config.markdownParser(reader: loaded.reader))
        var compared = 0
        for file in loaded.sources.pages {
            let (page, found) = parser.parse(file)
            let bytes = ParseRecord.encode(page, found)
            let read = try #require(bytes.withUnsafeBytes { ParseRecord.decode($0) }, "\(file.path) does not read back")
            #expect(read.0 == page, "\(file.path): the page read back differs")
            #expect(read.1 == found, "\(file.path): the diagnostics read back differ")
            compared += 1
        }
        #expect(compared == loaded.sources.pages.count && compared > 0)
    }

    /// A field added to a parse that the record does not write would be lost on every cached
    /// build: each type the record writes has the fields it had when it was written.
    @Test func theRecordWritesEveryField() {
        func fields(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        let position = TextPosition(line: 1, column: 1)
        #expect(
            fields(ParsedPage(source: "", contentPath: "", document: MarkdownDocument()))
                == ["source", "contentPath", "title", "description", "weight", "frontMatter", "document"])
        #expect(
            fields(MarkdownDocument()) == [
                "headings", "links", "codeBlocks", "codeSpans", "anchors", "body", "ignoredLines", "isSanitized", "refusal", "findings",
                "iconShortcodes",
            ])
        #expect(fields(Heading(level: 1, text: "", id: "", position: position)) == ["level", "text", "id", "position"])
        // `destinations`, `start` and `count` are its `destination`, `line` and `column` its
        // `position`; `rare` holds `text`, `written` and `file`.
        #expect(
            fields(Link(destination: "", text: "", position: position))
                == ["destinations", "start", "count", "line", "column", "kind", "isAutolink", "rare"])
        #expect(
            fields(CodeBlock(language: "", info: "", code: "", position: position, isFenced: true))
                == ["language", "info", "code", "position", "isFenced", "file"])
        #expect(fields(CodeSpan(code: "", position: position)) == ["code", "position", "file"])
        #expect(fields(IgnoreComment(line: 1, suppressesLine: 2)) == ["line", "suppressesLine"])
        #expect(fields(MarkdownDocument.Refusal(line: 1, message: "")) == ["line", "message"])
        #expect(
            fields(ExtensionFinding(rule: "", message: "", file: nil, position: position, isError: true))
                == ["rule", "message", "file", "position", "isError"])
        #expect(
            fields(Diagnostic(.error, "", "", at: SourceLocation(path: "")))
                == ["severity", "rule", "message", "location", "suggestion", "target"])
        #expect(fields(SourceLocation(path: "")) == ["path", "line", "column"])
        #expect(fields(YAMLScalar(string: "", mark: position)) == ["string", "isPlain", "tag", "mark"])
    }

    /// A page with a bit of everything, its record, and every way of breaking it.
    static func sample() throws -> [UInt8] {
        let tree = try TempTree([
            "content/page.md":
                "---\ntitle: Página\nweight: -3\ntags: [a, {b: c}]\nowner: [a, {b: c}]\nlast_reviewed: 2026-01-15\n---\n# Título\n\n[x](a.md#b) ![i](i.png) <https://e.org>\n\n```bash\nmake x\n```\n\n`code`\n\n<!-- folio-ignore-next-line -->\n[y](missing.md)\n"
        ])
        var diagnostics = Diagnostics()
        let loaded = try #require(Builder.load(BuildOptions(workingDirectory: tree.root), into: &diagnostics))
        let file = try #require(loaded.sources.pages.first)
        let (page, found) = PageParser(markdown: loaded.setup.config.markdownParser(reader: loaded.reader)).parse(file)
        // Parse keeps what compile reads of the front matter: the runbook's keys, as written.
        #expect(page?.frontMatter?.pairs?.map { $0.key.scalar?.string } == ["owner", "last_reviewed"])
        #expect(page?.frontMatter?["owner"]?.items?.count == 2 && page?.title == "Página" && page?.weight == -3)
        #expect(page?.document.links.count == 4)
        #expect(page?.document.ignoredLines.count == 1)
        var withDiagnostics = found
        withDiagnostics.add(Diagnostic(.warning, "rule.x", "message", at: SourceLocation(path: "p", line: 3), suggestion: "s", target: "t"))
        return ParseRecord.encode(page, withDiagnostics)
    }

    @Test func aBrokenRecordReadsAsNothing() throws {
        let bytes = try Self.sample()
        #expect(bytes.withUnsafeBytes { ParseRecord.decode($0) } != nil)
        // Every prefix: cut anywhere, it is not a record (counts run past the end).
        for length in 0..<bytes.count {
            #expect(bytes[..<length].withUnsafeBytes { ParseRecord.decode($0) } == nil, "a record cut at \(length) of \(bytes.count) read")
        }
        // Bytes left over.
        #expect((bytes + [0]).withUnsafeBytes { ParseRecord.decode($0) } == nil)
        // Any byte changed: it reads as nothing, or as some parse, but never crashes.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var damaged = bytes
            damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            _ = damaged.withUnsafeBytes { ParseRecord.decode($0) }
        }
        // A count of a billion items, a YAML tree nested past the parser's limit.
        #expect([1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F].withUnsafeBytes { ParseRecord.decode($0) } == nil)
        var nested: [UInt8] = [1, 0, 0, 0, 0, 0, 1]
        for _ in 0...YAMLParser.maxDepth + 1 { nested += [1, 2] }
        #expect(nested.withUnsafeBytes { ParseRecord.decode($0) } == nil)
    }

    @Test func aStoreIsReadOnlyWithItsKeyAndWhole() throws {
        let tree = try TempTree([:])
        let file = tree.root + "/.folio/cache/parse.bin"
        let page = ParsedPage(source: "content/a.md", contentPath: "a.md", title: "A", document: MarkdownDocument(html: "<p>a</p>"))
        var hash = ContentHash()
        hash.combine("a")
        var other = hash
        other.combine("b")
        ParseStore(file: file, key: "one").save([("content/a.md", .new(hash, (page, Diagnostics())))])
        let store = ParseStore(file: file, key: "one")
        #expect(store.count == 1)
        #expect(store.parse(of: "content/a.md", hash: hash)?.0 == page)
        #expect(store.parse(of: "content/a.md", hash: other) == nil, "other bytes, same path")
        #expect(store.parse(of: "content/b.md", hash: hash) == nil)
        #expect(ParseStore(file: file, key: "two").count == 0, "another binary or other settings")

        // Kept records are copied, new ones added; a page not listed is dropped.
        store.save([("content/a.md", .kept(hash)), ("content/b.md", .new(other, (nil, Diagnostics())))])
        let next = ParseStore(file: file, key: "one")
        #expect(next.count == 2 && next.parse(of: "content/a.md", hash: hash)?.0 == page && next.parse(of: "content/b.md", hash: other) != nil)
        next.save([("content/b.md", .kept(other))])
        #expect(ParseStore(file: file, key: "one").count == 1)

        // A file cut short, or with a byte changed in its index (the page's length, its hash) or
        // footer, gives nothing.
        let whole = try #require(tree.data(".folio/cache/parse.bin"))
        for cut in [0, 5, whole.count / 2, whole.count - 1] {
            try tree.write(whole.prefix(cut), to: ".folio/cache/parse.bin")
            #expect(ParseStore(file: file, key: "one").count == 0, "a file cut at \(cut) was read")
        }
        for position in [whole.count - 1, whole.count - 9, whole.count - 12] {
            var damaged = whole
            damaged[position] ^= 0x55
            try tree.write(damaged, to: ".folio/cache/parse.bin")
            #expect(ParseStore(file: file, key: "one").parse(of: "content/b.md", hash: other) == nil, "a file changed at \(position) was read")
        }
    }

    /// Builds: an edit parses one page, the rest is read; a damaged store is a full parse; the
    /// site and report are a clean build's every time.
    @Test func aBuildAfterAnEditParsesThatPage() throws {
        let tree = try TempTree(IncrementalBuildTests.files)
        func build(cache: Bool = true, output: String? = nil) -> BuildResult {
            var options = BuildOptions(workingDirectory: tree.root, output: output)
            options.usesCache = cache
            return Builder.build(options)
        }
        #expect(build().pagesParsed == 4)
        #expect(tree.exists(".folio/cache/parse.bin"))
        let before = try #require(tree.data(".folio/cache/parse.bin"))
        try tree.write("# Backup\n\nSemanal, [veja](operacao.md#nada).\n", to: "content/guia/backup.md")
        let edited = build()
        #expect(edited.pagesParsed == 1, "the other three parses are read from the store")
        let after = try #require(tree.data(".folio/cache/parse.bin"))
        #expect(before != after, "the store holds the edited page's new parse")
        let clean = build(cache: false, output: "clean")
        #expect(edited.diagnostics == clean.diagnostics && edited.status == clean.status)
        #expect(edited.diagnostics.map(\.rule) == ["link.missing-anchor"])
        #expect(
            Dictionary(uniqueKeysWithValues: tree.files(under: "site").map { ($0, tree.data("site/" + $0)) })
                == Dictionary(uniqueKeysWithValues: tree.files(under: "clean").map { ($0, tree.data("clean/" + $0)) }))

        // A store that does not read is a full parse, with the same result.
        try tree.write(Data("FOLIO-PARSE 2\ngarbage".utf8), to: ".folio/cache/parse.bin")
        try tree.write("# Backup\n\nMensal.\n", to: "content/guia/backup.md")
        let afterDamage = build()
        #expect(afterDamage.pagesParsed == 4)
        #expect(afterDamage.diagnostics.isEmpty && afterDamage.status == .clean)
        #expect(ParseStore(file: tree.root + "/.folio/cache/parse.bin", key: Self.key(tree)).count == 4, "the store was written anew")

        // --no-cache neither reads nor writes it.
        let stored = try #require(tree.data(".folio/cache/parse.bin"))
        try tree.write("# Backup\n\nAnual.\n", to: "content/guia/backup.md")
        _ = build(cache: false)
        #expect(tree.data(".folio/cache/parse.bin") == stored)
    }

    /// The key a build of `tree` stores its parses under.
    static func key(_ tree: TempTree) -> String {
        var diagnostics = Diagnostics()
        let loaded = Builder.load(BuildOptions(workingDirectory: tree.root), into: &diagnostics)!
        return Builder.cacheSeed.hex + String(reflecting: Builder.pageParser(loaded.setup, reader: loaded.reader, for: .build))
    }
}
