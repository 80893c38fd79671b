import Foundation
import Testing

@testable import FolioBuild
@testable import FolioLoad
@testable import FolioMarkdown
@testable import FolioModel
@testable import FolioRender

/// The search index the theme's search box reads: `site/assets/search-index.js` (pages and their
/// sections' headings), `assets/search/KEY.js` (which sections have a word, split by the words'
/// first two letters) and `assets/search/text/N.js` (each page's sections as plain text).
/// A page's text collapses whitespace: words separated by any run of spaces, tabs and newlines
/// come out separated by one space (a run of words with single spaces is copied whole).
@Suite struct SectionTextTests {
    @Test func whitespaceBetweenWordsBecomesOneSpace() {
        var random = SystemRandomNumberGenerator()
        let words = ["ab", "Ação", "x1", "q", "&amp;", "é-b"]
        let gaps = [" ", "  ", "\t", "\n", " \n ", " \t"]
        for _ in 0..<500 {
            let chosen = (0..<Int.random(in: 1...12, using: &random)).map { _ in words.randomElement(using: &random)! }
            var html = "<p>" + (Bool.random(using: &random) ? gaps.randomElement(using: &random)! : "")
            for (index, word) in chosen.enumerated() {
                if index > 0 { html += gaps.randomElement(using: &random)! }
                html += word
            }
            html += (Bool.random(using: &random) ? " " : "") + "</p>\n<p>end</p>"
            var writer = SectionWriter()
            writer.read(Page(source: "content/x.md", contentPath: "x.md", url: "x/", title: "X", document: MarkdownDocument(html: html)))
            let expected = (chosen + ["end"]).joined(separator: " ").replacingOccurrences(of: "&amp;", with: "&")
            #expect(writer.sections.map { String(decoding: $0.text, as: UTF8.self) } == [expected], "\(html)")
        }
    }
}

@Suite struct SearchIndexTests {
    /// A script of the index, decoded: `prefix(JSON)` or `prefix(JSON);`.
    func decode(_ script: String, prefix: String, suffix: String) throws -> Any {
        #expect(script.hasPrefix(prefix) && script.hasSuffix(suffix), "\(script.prefix(60))")
        let json = prefix == "[" ? Substring(script) : script.dropFirst(prefix.count).dropLast(suffix.count)
        return try JSONSerialization.jsonObject(with: Data(json.utf8))
    }

    /// The first file: pages `[title, url, [[heading, id], ...]]` and the shard keys.
    func index(_ tree: TempTree) throws -> (pages: [[Any]], shards: [String], script: String) {
        let script = try #require(tree.read("site/assets/search-index.js"))
        let object = try #require(try decode(script, prefix: "window.folioSearchIndex=", suffix: ";\n") as? [String: Any])
        #expect(object["v"] as? Int == 2)
        return (object["pages"] as? [[Any]] ?? [], object["shards"] as? [String] ?? [], script)
    }

    /// The pages (by number, in reading order) whose text has `word`, from its shard.
    func pagesHaving(_ word: String, _ tree: TempTree) throws -> [Int] {
        let key = SearchWords.shardKey(word)
        let script = try #require(tree.read("site/assets/search/\(SearchWords.fileName(key)).js"))
        let arguments = try #require(try decode("[" + script.dropFirst("folioSearchShard(".count).dropLast(3) + "]", prefix: "[", suffix: "]") as? [Any])
        #expect(arguments.first as? String == key)
        let words = try #require(arguments.last as? [String: [Int]])
        var page = 0
        return (words[word] ?? []).map { page += $0; return page }
    }

    /// The sections' text of every page, from the text chunks, for snippets.
    func texts(_ tree: TempTree) throws -> [[String]] {
        var pages: [[String]] = []
        for number in 0... {
            guard let script = tree.read("site/assets/search/text/\(number).js") else { break }
            let arguments = try #require(try decode("[" + script.dropFirst("folioSearchText(".count).dropLast(3) + "]", prefix: "[", suffix: "]") as? [Any])
            #expect(arguments.first as? Int == number && arguments[1] as? Int == pages.count)
            pages += arguments.last as? [[String]] ?? []
        }
        return pages
    }

    @Test func pagesAreCutIntoSectionsOfPlainText() throws {
        let tree = try TempTree([
            "folio.yaml": "language: pt-BR\n",
            "content/index.md": """
            ---
            title: "Guia <b>& \\"aspas\\""
            ---
            Texto de abertura com &amp; e <span>HTML</span>.

            ## Instalação rápida

            Rode `make llm-setup`:

            ```sh
            make llm-setup
            ```

            <script>var x = 1;</script>

            | serviço | dono |
            | --- | --- |
            | orders | time-pedidos |

            ### Detalhe
            fim <!-- comentário -->

            """,
            "content/outra.md": "# Outra página\n\n## Instalação rápida\n\nDe novo.\n",
        ])
        #expect(tree.folio("build").status == 0)
        let (pages, shards, script) = try index(tree)
        // The H1 is the page's title; the ids are the page's own.
        let rows = pages.map { page in [page[0] as? String ?? "", page[1] as? String ?? ""] + (page[2] as? [[String]] ?? []).flatMap { $0 } }
        #expect(
            rows == [
                ["Guia <b>& \"aspas\"", "", "Instalação rápida", "instalação-rápida", "Detalhe", "detalhe"],
                ["Outra página", "outra/", "Instalação rápida", "instalação-rápida"],
            ])
        #expect(!script.contains("<"), "no value can close a script element")
        // A <script> is removed with its content, so search does not find it.
        #expect(
            try texts(tree) == [
                ["Texto de abertura com & e HTML.", "Rode make llm-setup: make llm-setup serviço dono orders time-pedidos", "fim"], ["", "De novo."],
            ])
        // Words are folded as the box folds a query; the box finds the sections in the page's text.
        #expect(try pagesHaving("servico", tree) == [0])
        #expect(try pagesHaving("llm", tree) == [0])
        #expect(try pagesHaving("novo", tree) == [1])
        #expect(try pagesHaving("de", tree) == [0, 1])
        #expect(try pagesHaving("detalhe", tree) == [], "headings are matched from the first file, not from the text's index")
        #expect(shards.contains("se") && shards == shards.sorted())
        #expect(!shards.contains("va"), "nothing of a script is indexed")
    }

    @Test func wordsAreFoldedAsTheSearchBoxFoldsThem() {
        var words: [String] = []
        SearchWords.each(in: Array("Instalação RÁPIDA: make llm-setup, 2ª vez; naïve Ελληνικά ǅ".utf8)) { words.append($0) }
        #expect(words == ["instalacao", "rapida", "make", "llm", "setup", "2ª", "vez", "naive", "ελληνικα", "ǆ"])
        #expect(SearchWords.fileName("ão") == "_e3o" && SearchWords.fileName("ro") == "ro")
    }

    /// A page's distinct words, as the index takes them: each once, in whatever section, an
    /// accented spelling and its folded twin counted as one.
    @Test func aPagesWordsAreTakenOnce() {
        let sections = ["Instalação make make MAKE", "instalacao, Serviço servico; make"].map { Array($0.utf8) }
        #expect(Set(SearchWords.distinct(in: sections)) == ["instalacao", "make", "servico"])
        #expect(SearchWords.distinct(in: sections).count == 3)
    }

    @Test func theIndexIsInReadingOrderAndTheSameEveryRun() throws {
        let files = [
            "content/index.md": "# Início\n",
            "content/b.md": "---\nweight: 1\n---\n# Bê\n",
            "content/a.md": "---\nweight: 2\n---\n# Á\n",
        ]
        let first = try TempTree(files), second = try TempTree(files)
        #expect(first.folio("build").status == 0 && second.folio("build").status == 0)
        #expect(try index(first).pages.map { $0[0] as? String } == ["Início", "Bê", "Á"])
        let written = first.files(under: "site/assets")
        #expect(written.count > 3 && written == second.files(under: "site/assets"))
        for path in written { #expect(first.read("site/assets/" + path) == second.read("site/assets/" + path), "\(path)") }
    }

    @Test func aPublishedFileCannotTakeTheIndexPath() throws {
        let tree = try TempTree(["content/index.md": "# Início\n", "content/assets/search-index.js": "alert(1)\n"])
        let run = tree.folio("build")
        #expect(run.stderr.contains { $0.hasPrefix("content/assets/search-index.js") }, "\(run.stderr)")
        #expect(tree.read("site/assets/search-index.js")?.hasPrefix("window.folioSearchIndex=") == true)
    }

    @Test func searchFalseLeavesOutTheBoxAndTheIndex() throws {
        let tree = try TempTree(["folio.yaml": "search: false\n", "content/index.md": "# Início\n", "content/assets/search-index.js": "mine\n"])
        #expect(tree.folio("build").status == 0)
        #expect(tree.read("site/search-index.js") == nil && tree.read("site/assets/search/text/0.js") == nil)
        #expect(tree.read("site/assets/search-index.js") == "mine\n", "the path is free for a file of the site's own")
        #expect(tree.read("site/index.html")?.contains("data-folio-search") == false)
        let bad = try TempTree(["folio.yaml": "search: nao\n", "content/index.md": "# Início\n"])
        let run = bad.folio("build")
        #expect(run.status == 2)
        #expect(run.stderr == ["folio.yaml:1:9: error: 'search' must be true or false, found \"nao\" [yaml.type]"])
    }

    /// `.folio/cache/search.bin`: after an edit only that page is read for the index, the index
    /// is a clean build's byte for byte (Portuguese words folded, headings, the words of the
    /// pages read from the store numbered as reading them would), and a store that does not
    /// read is a full read, with the same index.
    @Test func aBuildAfterAnEditReadsThatPageAloneForTheIndex() throws {
        let tree = try TempTree([
            "content/index.md": "# Início\n\nInstalação e operação do serviço.\n",
            "content/guia/instalacao.md": "# Instalação\n\n## Requisitos\n\nDocker, Compose e paciência.\n",
            "content/guia/operacao.md": "# Operação\n\n## Reinício\n\nReinicie o serviço às 3h.\n",
        ])
        func build(cache: Bool = true, output: String? = nil) -> BuildResult {
            var options = BuildOptions(workingDirectory: tree.root, output: output)
            options.usesCache = cache
            return Builder.build(options)
        }
        func index(_ folder: String) -> [String: Data] {
            Dictionary(uniqueKeysWithValues: tree.files(under: folder + "/assets").map { ($0, tree.data(folder + "/assets/" + $0) ?? Data()) })
        }
        let store = tree.root + "/.folio/cache/search.bin"
        let key = Builder.cacheSeed.hex
        _ = build()
        #expect(RecordStore(file: store, magic: "FOLIO-SEARCH 1\n", key: key).count == 4, "three pages and the landing page of guia/")
        try tree.write("# Operação\n\n## Reinício\n\nReinicie o serviço às 4h, com cuidado.\n", to: "content/guia/operacao.md")
        _ = build()
        _ = build(cache: false, output: "clean")
        #expect(index("site") == index("clean"))
        #expect(try #require(tree.read("site/assets/search/cu.js")).contains("\"cuidado\""))

        // Each record reads back; cut anywhere, or with a word list that runs past its end, none does.
        var diagnostics = Diagnostics()
        let site = try #require(Builder.compile(BuildOptions(workingDirectory: tree.root), into: &diagnostics).map(\.site))
        for page in site.pages {
            let hash = SearchRecord.hash(of: page)
            let record = try #require(RecordStore(file: store, magic: "FOLIO-SEARCH 1\n", key: key).record(of: page.source, hash: hash, SearchRecord.decode))
            let bytes = SearchRecord.encode(record)
            #expect(bytes.withUnsafeBytes { SearchRecord.decode($0) } != nil)
            for length in 0..<bytes.count { #expect(bytes[..<length].withUnsafeBytes { SearchRecord.decode($0) } == nil) }
        }
        #expect(!SearchRecord.isWordList([3, 0x61, 0x62]) && !SearchRecord.isWordList([0]) && SearchRecord.isWordList([1, 0x61, 2, 0x62, 0x63]))

        try tree.write(Data("FOLIO-SEARCH 1\nnot a store".utf8), to: ".folio/cache/search.bin")
        try tree.write("# Operação\n\nOutro texto.\n", to: "content/guia/operacao.md")
        _ = build()
        try FileManager.default.removeItem(atPath: tree.root + "/clean")
        _ = build(cache: false, output: "clean")
        #expect(index("site") == index("clean"))
        #expect(RecordStore(file: store, magic: "FOLIO-SEARCH 1\n", key: key).count == 4, "the store was written anew")
    }
}
