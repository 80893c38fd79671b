import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing

@testable import FolioLoad
@testable import FolioModel
@testable import FolioWrite

/// What a contributor writes cannot run script in the published site, unless the site opts out.
@Suite struct SafeHTMLTests {
    static let page = """
        # Home

        [x](javascript:alert(1)) and <a href="javascript:alert(2)" onclick="alert(3)">raw</a>

        <img src=ok.png onerror="alert(4)">
        """

    @Test func unsafeURLsAreWarningsAtTheirLineAndLeftOut() throws {
        let tree = try TempTree(["content/index.md": Self.page, "content/ok.png": ""])
        let run = tree.folio("build")
        #expect(run.status == 0)
        #expect(
            run.stderr.filter { $0.contains("[link.unsafe-url]") } == [
                "content/index.md:3:1: warning: 'javascript:alert(1)' is left out of the page: only http, https, mailto, relative and fragment URLs are published (link to an https:// page, or set markdown.unsafe_html: true in folio.yaml if the site must run it) [link.unsafe-url]",
                "content/index.md:3:39: warning: 'javascript:alert(2)' is left out of the page: only http, https, mailto, relative and fragment URLs are published (link to an https:// page, or set markdown.unsafe_html: true in folio.yaml if the site must run it) [link.unsafe-url]",
            ])
        let html = try #require(tree.read("site/index.html"))
        #expect(html.contains("<p><a>x</a> and <a>raw</a></p>"))
        #expect(html.contains("<img src=\"ok.png\">"))
        #expect(!html.contains("alert"))
    }

    @Test func markdownUnsafeHTMLPublishesItAsWritten() throws {
        let tree = try TempTree(["content/index.md": Self.page, "content/ok.png": "", "folio.yaml": "markdown:\n  unsafe_html: true\n"])
        let run = tree.folio("build")
        #expect(run.status == 0)
        #expect(!run.stderr.contains { $0.contains("unsafe-url") })
        let html = try #require(tree.read("site/index.html"))
        #expect(html.contains("<a href=\"javascript:alert(1)\">x</a>"))
        #expect(html.contains("onerror=\"alert(4)\""))
        let bad = try TempTree(["content/index.md": "# x\n", "folio.yaml": "markdown:\n  unsafe_html: maybe\n"])
        #expect(bad.folio("build").status == 2)
    }
}

/// Reports print what a repository holds, but nothing in it can forge a line or break a format.
@Suite struct ReportSafetyTests {
    static func repository() throws -> TempTree {
        try TempTree([
            "content/index.md": "# Home\n\n[esc](<nada\u{1B}[31m.md>) [ok](evil\n",
            "content/evil\n::error file=README.md::forged\n.md": "# Evil\n\n[broken](missing.md)\n",
        ])
    }

    @Test func noFormatPrintsAForgedLineOrInvalidOutput() throws {
        let tree = try Self.repository()
        for format in ["text", "github", "json", "sarif", "junit", "markdown"] {
            let run = tree.folio("check", "links", "--format", format)
            #expect(run.status == 1, "\(format)")
            let output = run.stdout.joined(separator: "\n")
            #expect(!output.unicodeScalars.contains { $0.value == 0x1B }, "\(format): an ESC byte reached the output")
            let commands = run.stdout.filter { $0.drop { $0 == " " || $0 == "\t" }.hasPrefix("::") }
            #expect(commands.count == (format == "github" ? 2 : 0), "\(format): \(commands)")
            #expect(!commands.contains { $0.contains("::forged") }, "\(format)")
            let data = Data(output.utf8)
            switch format {
            case "json", "sarif":
                #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(format) does not parse")
            case "junit":
                let parser = XMLParser(data: data)
                #expect(parser.parse(), "junit does not parse: \(String(describing: parser.parserError))")
            case "text":
                #expect(run.stdout.contains { $0.hasPrefix("content/evil\\n::error file=README.md::forged\\n.md:3:1: error: 'missing.md' points at") })
                #expect(run.stdout.contains { $0.contains("'nada\\u{1B}[31m.md' points at") })
            default:
                break
            }
        }
    }
}

/// Every number a user writes has a range; outside it is a configuration error at its place.
@Suite struct RangeTests {
    @Test(arguments: [
        ("links:\n  timeout: 9223372036854775807s\n", "folio.yaml:2:12: error: 'links.timeout' expected a duration from more than 0s to 1h, found '9223372036854775807s' [yaml.invalid-value]"),
        ("links:\n  timeout: 1e400s\n", "folio.yaml:2:12: error: 'links.timeout' expected a duration such as 30s, 10m, 12h, 1d or 2w, found '1e400s' [yaml.invalid-value]"),
        ("links:\n  cache_max_age: 400d\n", "folio.yaml:2:18: error: 'links.cache_max_age' expected a duration from 0s to 365d, found '400d' [yaml.invalid-value]"),
        ("links:\n  concurrency: 100000\n", "folio.yaml:2:16: error: 'links.concurrency' expected a whole number from 1 to 256 [yaml.invalid-value]"),
        ("runbooks:\n  review_every: 99999999999999999999d\n", "folio.yaml:2:17: error: 'runbooks.review_every' expected a duration from more than 0s to 3650d, found '99999999999999999999d' [yaml.invalid-value]"),
    ])
    func outOfRangeSettingsAreConfigurationErrors(yaml: String, expected: String) throws {
        let tree = try TempTree(["content/index.md": "# Home\n[x](https://example.org)\n", "folio.yaml": yaml])
        let run = tree.folio("check", "links", "--external")
        #expect(run.status == 2)
        #expect(run.stderr.contains(expected), "\(run.stderr)")
    }

    @Test func hugeReviewPeriodsInFrontMatterAreErrors() throws {
        let tree = try TempTree(["content/index.md": "---\nreview_every: 1e300d\nlast_reviewed: 2026-01-01\n---\n# Home\n"])
        let run = tree.folio("build")
        #expect(run.stderr.contains { $0.hasPrefix("content/index.md:2:15: error: 'review_every' must be a number of days or weeks from 1d to 3650d") })
    }

    @Test func commandLineNumbersSayTheirRange() throws {
        let tree = try TempTree(["content/index.md": "# Home\n"])
        #expect(tree.folio("serve", "--port", "-1").stderr.first == "Error: --port must be from 0 to 65535")
        #expect(tree.folio("check", "commands", "--run", "--run-timeout", "inf").stderr.first == "Error: --run-timeout must be more than 0 and at most 86400 seconds")
    }
}

/// The file system rules: never leave the repository, never read .git, never block on a FIFO.
@Suite struct FileGateTests {
    @Test func symlinksOutOfTheRepositoryOrIntoGitAndSpecialFilesAreRefused() throws {
        let tree = try TempTree(["content/index.md": "# Home\n\n```folio\ntable:\n  data: /data/fifo.yaml\n```\n", "templates/assets/site.css": "x"])
        try tree.gitInit()
        #expect(mkfifo(tree.root + "/content/x.md", 0o644) == 0 && mkfifo(tree.root + "/content/x.txt", 0o644) == 0)
        try FileManager.default.createDirectory(atPath: tree.root + "/data", withIntermediateDirectories: true)
        #expect(mkfifo(tree.root + "/data/fifo.yaml", 0o644) == 0)
        #expect(symlink("/proc/self/environ", tree.root + "/templates/assets/env.txt") == 0)
        #expect(symlink("../.git/config", tree.root + "/content/c.txt") == 0)
        #expect(symlink("../.git", tree.root + "/content/g") == 0)
        let run = tree.folio("build")
        #expect(run.status == 1)
        let lines = run.stderr.filter { !$0.isEmpty && !$0.hasPrefix("built ") }
        #expect(
            lines == [
                "content/c.txt: warning: symbolic link into .git ('.git/config'); it is not followed or published (remove the link) [content.symlink-git]",
                "content/g: warning: symbolic link into .git ('.git'); it is not followed or published (remove the link) [content.symlink-git]",
                "content/index.md:5:9: error: cannot read the data file 'data/fifo.yaml': it is a named pipe (FIFO), not a regular file; it is not read [load.unreadable]",
                "content/x.md: warning: this is a named pipe (FIFO), not a regular file; it is skipped (remove it from the content folder) [load.special-file]",
                "content/x.txt: warning: this is a named pipe (FIFO), not a regular file; it is skipped (remove it from the content folder) [load.special-file]",
            ] + lines.filter { $0.hasPrefix("templates/assets/env.txt: warning: this template file is left out: it leads to '/proc/") })
        #expect(lines.count == 6, "\(lines)")
        #expect(!tree.exists("site/assets/env.txt") && !tree.exists("site/c.txt") && !tree.exists("site/g"))
        #expect(tree.exists("site/assets/site.css"))
    }

    /// The gate opens a plain path in one `openat2` and anything else (a link, `..`, `.`) the long
    /// way: both ways apply the same rules.
    @Test func theDirectWayAndTheLongWayReadTheSameAndRefuseTheSame() throws {
        let tree = try TempTree(["content/a.md": "# A\n", "content/sub/b.md": "# B\n", ".git/config": "token", "outside/x.md": "# X\n"])
        let root = tree.root + "/content"
        #expect(symlink("a.md", root + "/link.md") == 0 && symlink("sub", root + "/folder") == 0)
        #expect(symlink("../.git/config", root + "/git.md") == 0 && symlink("../outside/x.md", root + "/out.md") == 0)
        func read(_ path: String, in folder: String = root) -> Result<String, FileProblem> {
            FileGate.read(folder + "/" + path, root: folder).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(read("a.md") == .success("# A\n"))
        #expect(read("sub/b.md") == .success("# B\n"))
        #expect(read("link.md") == .success("# A\n"))
        #expect(read("folder/b.md") == .success("# B\n"))
        #expect(read("sub/../a.md") == .success("# A\n"))
        #expect(read("./sub//b.md") == .success("# B\n"))
        #expect(read("content/git.md", in: tree.root) == .failure(.insideGit))
        #expect(read(".git/config", in: tree.root) == .failure(.insideGit))
        #expect(read("content/../.git/config", in: tree.root) == .failure(.insideGit))
        guard case .failure(.outsideRepository) = read("out.md") else { Issue.record("a link out of the root was read"); return }
        guard case .failure(.outsideRepository) = read("../outside/x.md") else { Issue.record("a way out of the root was read"); return }
        #expect(read("missing.md") == .failure(.unreadable("No such file or directory")))
    }

    @Test func aFIFOConfigurationIsRefusedNotWaitedFor() throws {
        let tree = try TempTree(["content/index.md": "# Home\n"])
        #expect(mkfifo(tree.root + "/folio.yaml", 0o644) == 0)
        let run = tree.folio("build")
        #expect(run.status == 2)
        #expect(run.stderr.first == "folio.yaml: error: cannot read the configuration file: it is a named pipe (FIFO), not a regular file; it is not read [config.unreadable]")
    }

    @Test func aPageOverTheLimitIsAnErrorAndTheRestIsBuilt() throws {
        let tree = try TempTree([
            "content/index.md": "# Home\n", "content/big.md": "# Big\n" + String(repeating: "x", count: 3_000),
            "folio.yaml": "limits:\n  file_size: 2KB\n",
        ])
        let run = tree.folio("build")
        #expect(run.status == 1)
        #expect(run.stderr.contains("content/big.md: error: this page is 2.9 KB, over the limit of 2 KB; it was not read (split it, or raise limits.file_size in folio.yaml) [load.too-large]"))
        #expect(tree.exists("site/index.html"))
        let bad = try TempTree(["content/index.md": "# x\n", "folio.yaml": "limits:\n  file_size: lots\n"])
        #expect(bad.folio("build").stderr.contains { $0.hasPrefix("folio.yaml:2:14: error: 'limits.file_size'") })
    }
}

/// The site grows linearly with its pages: a long folder's sidebar is cut, not repeated whole on
/// each of its pages (4,000 pages in one folder made a 1.1 GB site).
@Suite struct NavigationSizeTests {
    static func tree(pages: Int) throws -> TempTree {
        var files = ["content/index.md": "# Home\n"]
        for number in 1...pages { files["content/many/p\(String(format: "%04d", number)).md"] = "# Page \(String(format: "%04d", number))\n" }
        return try TempTree(files)
    }

    static func siteBytes(_ tree: TempTree) -> Int {
        tree.files(under: "site").reduce(0) { $0 + (tree.data("site/" + $1)?.count ?? 0) }
    }

    @Test func aLongFolderListsItsFirstEntriesAndLinksToTheRest() throws {
        let tree = try Self.tree(pages: 250)
        #expect(tree.folio("build").status == 0)
        let html = try #require(tree.read("site/many/p0200/index.html"))
        let start = try #require(html.range(of: "<nav id=\"sidebar\""))
        let end = try #require(html.range(of: "</nav>", range: start.upperBound..<html.endIndex))
        let sidebar = String(html[start.lowerBound..<end.upperBound])
        let entries = sidebar.components(separatedBy: "href=\"../../many/p0").count - 1
        #expect(entries == 100, "\(entries) entries of the folder in the sidebar")
        #expect(sidebar.contains("<a href=\"../../many/\">150 more…</a>"))
        let landing = try #require(tree.read("site/many/index.html"))
        #expect(landing.contains("href=\"p0250/\""), "the generated landing page lists every entry")
    }

    @Test func theSiteGrowsLinearlyWithAFolder() throws {
        let small = try Self.tree(pages: 300), large = try Self.tree(pages: 600)
        #expect(small.folio("build").status == 0 && large.folio("build").status == 0)
        let ratio = Double(Self.siteBytes(large)) / Double(Self.siteBytes(small))
        #expect(ratio < 2.2, "twice the pages made \(ratio) times the site")
    }
}

/// A front matter title with a prepend scalar before its quote stays inside its attribute.
@Suite struct PrependScalarSiteTests {
    @Test func aTitleCannotBreakOutOfItsAttribute() throws {
        let tree = try TempTree(["content/index.md": "---\ntitle: \"x\u{6DD}\\\"><script>alert(1)</script>\"\ndescription: \"d\u{6DD}\\\" onmouseover=\\\"alert(2)\"\n---\n# Body\n"])
        #expect(tree.folio("build").status == 0)
        let html = try #require(tree.read("site/index.html"))
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("\" onmouseover"))
        // A quote followed by a combining mark is one Character too.
        let marked = try TempTree(["content/index.md": "---\ndescription: \"d\\\"\u{301} onmouseover=x\"\n---\n# Body\n"])
        #expect(marked.folio("build").status == 0)
        let page = try #require(marked.read("site/index.html"))
        #expect(page.contains("content=\"d&quot;\u{301} onmouseover=x\""), "\(page.prefix(600))")
    }
}

/// Someone's own files beside the output are never touched, and every refusal says what is there.
@Suite struct OutputFolderTests {
    @Test func aUserFolderWhereFolioStagesIsRefused() throws {
        let tree = try TempTree(["content/index.md": "# Home\n", ".site.folio-staging/notes.txt": "mine"])
        let run = tree.folio("build")
        #expect(run.status == 2)
        #expect(run.stderr.first == "site: error: '.site.folio-staging', where Folio stages the site, is a folder that is not empty and was not written by Folio; refusing to replace it (remove it or choose another output folder) [output.not-folio]")
        #expect(tree.read(".site.folio-staging/notes.txt") == "mine")
    }

    /// A build killed while it removed its staging folder leaves part of it, marker included
    /// (the marker goes last): the next build replaces it. (Found by e2e's kill -9 and concurrent
    /// builds once the staging folder was checked: removing in any order could leave a folder
    /// without its marker, which the next build refused as someone's own.)
    @Test func aHalfRemovedStagingFolderOfFolioIsReplaced() throws {
        let tree = try TempTree([
            "content/index.md": "# Home\n", ".site.folio-staging/.folio-site": "x", ".site.folio-staging/old/index.html": "old",
        ])
        #expect(tree.folio("build").status == 0)
        #expect(!tree.exists(".site.folio-staging"))
        try tree.write("x", to: "site/.folio-site")
        try SiteWriter.remove(tree.root + "/site")
        #expect(!tree.exists("site"))
    }

    @Test func aFileOrADanglingLinkAtTheOutputIsNamedForWhatItIs() throws {
        let tree = try TempTree(["content/index.md": "# Home\n", "site": "a file"])
        #expect(tree.folio("build").stderr.first == "site: error: output 'site' is a file, not a folder; refusing to replace it (remove it or choose another output folder) [output.not-folio]")
        try FileManager.default.removeItem(atPath: tree.root + "/site")
        #expect(symlink("nowhere", tree.root + "/site") == 0)
        #expect(tree.folio("build").stderr.first == "site: error: output 'site' is a symbolic link to 'nowhere', which does not exist; refusing to replace it (remove it or choose another output folder) [output.not-folio]")
    }

    @Test func strictSaysWhetherASiteWasKept() throws {
        let tree = try TempTree(["content/index.md": "# Home\n\n[x](nada.md)\n"])
        #expect(tree.folio("build", "--strict").stderr.contains("folio: note: --strict: no site was written [build.strict]"))
        try tree.write("# Home\n", to: "content/index.md")
        #expect(tree.folio("build").status == 0)
        try tree.write("# Home\n\n[x](nada.md)\n", to: "content/index.md")
        #expect(tree.folio("build", "--strict").stderr.contains("folio: note: --strict: the previous site was kept [build.strict]"))
    }

    @Test func settingsAndDeliverablesSayWhatTheyFound() throws {
        let slugs = try TempTree(["content/index.md": "# Home\n", "folio.yaml": "anchors:\n  slugs: [github]\n"])
        #expect(slugs.folio("build").stderr.first?.contains("'anchors.slugs' must be one of github, python-markdown, found a list") == true, "\(slugs.folio("build").stderr)")
        let outside = try TempTree(["content/index.md": "# Home\n", "folio.yaml": "deliverables: entregas.yaml\n", "../outside-\(UUID().uuidString).yaml": ""])
        #expect(symlink("/etc/hostname", outside.root + "/entregas.yaml") == 0)
        let run = outside.folio("check")
        #expect(run.stdout.contains { $0.hasPrefix("folio.yaml:1:15: error: the deliverables file 'entregas.yaml' is not read: it leads to '/etc/hostname', outside the repository") }, "\(run.stdout)")
    }
}

/// Outside a git work tree, hidden folders are part of the repository, as they are on GitHub.
@Suite struct HiddenFolderTests {
    @Test func linksIntoHiddenFoldersResolveAndAllReadsTheirMarkdown() throws {
        let tree = try TempTree([
            "content/index.md": "# Home\n\n[ci](../.github/workflows/ci.yaml) [gh](/.github) [deep](guia/a.md)\n",
            "content/guia/a.md": "# A\n\n[ci](../../.github/workflows/ci.yaml)\n",
            ".github/workflows/ci.yaml": "on: push\n",
            ".github/PULL_REQUEST_TEMPLATE.md": "[broken](nada.md)\n",
            ".build/checkouts/dep/README.md": "[broken](nada.md)\n",
            "node_modules/pkg/README.md": "[broken](nada.md)\n",
        ])
        let run = tree.folio("check", "links", "--all")
        #expect(
            run.stdout == [
                ".github/PULL_REQUEST_TEMPLATE.md:1:1: error: 'nada.md' points at '.github/nada.md', which does not exist [link.missing-file]",
                "checked 3 files and 5 links: 1 error, 0 warnings",
            ])
        #expect(tree.folio("build").status == 0)
        #expect(!tree.exists("site/.github"))
    }
}

/// `café.md` saved once composed (NFC) and once decomposed (NFD): two files, one URL.
@Suite struct UnicodeNameTests {
    @Test func twoNormalizationFormsOfOneNameAreAConflictNotASilentDrop() throws {
        let nfc = "caf\u{E9}", nfd = "cafe\u{301}"
        let tree = try TempTree(["content/index.md": "# Home\n"])
        try tree.write(Data("# NFC\n".utf8), to: "content/\(nfc).md")
        try tree.write(Data("# NFD\n".utf8), to: "content/\(nfd).md")
        let names = try FileManager.default.contentsOfDirectory(atPath: tree.root + "/content")
        #expect(names.count == 3, "the file system keeps both names")
        let run = tree.folio("build")
        #expect(run.status == 1)
        let conflict = run.stderr.filter { $0.contains("[route.conflict]") }
        #expect(conflict.count == 1)
        // NFD sorts first by its bytes ('e' before 0xC3), so the NFC file is the one left out, on every machine.
        #expect(conflict.first?.contains("(NFC) and 'content/") == true && conflict.first?.contains("(NFD) are one name in two Unicode normalization forms") == true)
        #expect(run.stdout.contains("built 2 pages into site/ (1 error, 0 warnings)"))
    }
}
